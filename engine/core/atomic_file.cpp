#include "engine/core/atomic_file.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include "engine/api/error.h"

namespace mlens {

namespace {
std::atomic<unsigned> g_counter{0};
constexpr const char* kPartial = ".partial-";

// The host name as it goes into a temporary's name: no '/' and no '-' (which separates the fields).
std::string hostTag() {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0 || !host[0]) return "host";
    std::string tag(host);
    for (char& c : tag)
        if (c == '/' || c == '-') c = '_';
    return tag;
}
}  // namespace

bool isPartialFile(const std::string& name) {
    return name.find(kPartial) != std::string::npos;
}

bool isAbandonedPartial(const std::string& path) {
    namespace fs = std::filesystem;
    const std::string name = fs::path(path).filename().string();
    const size_t at = name.rfind(kPartial);
    if (at == std::string::npos) return false;
    // HOST-PID-N; older temporaries were PID-N (this host's).
    const std::string fields = name.substr(at + std::strlen(kPartial));
    const size_t lastDash = fields.rfind('-');
    const size_t pidDash =
        lastDash == std::string::npos || lastDash == 0 ? std::string::npos : fields.rfind('-', lastDash - 1);
    const std::string host = pidDash == std::string::npos ? hostTag() : fields.substr(0, pidDash);
    const std::string pidText =
        fields.substr(pidDash == std::string::npos ? 0 : pidDash + 1,
                      lastDash == std::string::npos ? std::string::npos : lastDash - pidDash - 1);
    if (host == hostTag()) {
        char* end = nullptr;
        const long pid = std::strtol(pidText.c_str(), &end, 10);
        if (end && *end == '\0' && pid > 0) return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
    }
    std::error_code ec;
    const auto mtime = fs::last_write_time(path, ec);
    if (ec) return false;
    return fs::file_time_type::clock::now() - mtime > std::chrono::hours(1);
}

AtomicFile::AtomicFile(std::string path) : m_path(std::move(path)) {
    m_tmp =
        m_path + kPartial + hostTag() + "-" + std::to_string(::getpid()) + "-" + std::to_string(g_counter++);
    m_file = std::fopen(m_tmp.c_str(), "wb");
    if (!m_file) throw Error(ErrorCode::Io, "cannot write " + m_path + ": " + std::strerror(errno));
}

AtomicFile::~AtomicFile() {
    if (m_file) {
        std::fclose(m_file);
        std::remove(m_tmp.c_str());
    }
}

void AtomicFile::write(const void* data, size_t size) {
    if (!m_file) throw Error(ErrorCode::Io, "write after commit: " + m_path);
    if (size && std::fwrite(data, 1, size, m_file) != size)
        throw Error(ErrorCode::Io, "cannot write " + m_path + ": " + std::strerror(errno));
}

void AtomicFile::commit() {
    if (!m_file) return;
    const bool ok = std::fflush(m_file) == 0 && ::fsync(::fileno(m_file)) == 0;
    const int err = errno;
    std::fclose(m_file);
    m_file = nullptr;
    if (!ok || std::rename(m_tmp.c_str(), m_path.c_str()) != 0) {
        std::remove(m_tmp.c_str());
        throw Error(ErrorCode::Io, "cannot write " + m_path + ": " + std::strerror(ok ? errno : err));
    }
}

void writeFileAtomically(const std::string& path, const std::string& content) {
    AtomicFile f(path);
    f.write(content);
    f.commit();
}

}  // namespace mlens
