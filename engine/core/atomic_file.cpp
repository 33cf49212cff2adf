#include "engine/core/atomic_file.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "engine/api/error.h"

namespace mlens {

namespace {
std::atomic<unsigned> g_counter{0};
}

AtomicFile::AtomicFile(std::string path) : m_path(std::move(path)) {
    m_tmp = m_path + ".partial-" + std::to_string(::getpid()) + "-" + std::to_string(g_counter++);
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
