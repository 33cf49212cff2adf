#include "engine/core/staging_folder.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "engine/api/error.h"

namespace fs = std::filesystem;

namespace mlens {

StagingFolder::StagingFolder(std::string target) : m_target(std::move(target)) {
    std::error_code ec;
    const fs::path t = fs::absolute(m_target, ec).lexically_normal();
    m_target = t.string();
    if (fs::exists(t, ec) && !(fs::is_directory(t, ec) && fs::is_empty(t, ec)))
        throw Error(
            ErrorCode::InvalidArgument,
            m_target + " exists and is not an empty folder; choose a new one (nothing is overwritten)");
    fs::create_directories(t.parent_path(), ec);
    if (ec) throw Error(ErrorCode::Io, "cannot create " + t.parent_path().string() + ": " + ec.message());
    std::string pattern = (t.parent_path() / ("." + t.filename().string() + ".partial-XXXXXX")).string();
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data())) throw Error(ErrorCode::Io, "cannot write in " + t.parent_path().string());
    m_staging = buf.data();
}

StagingFolder::~StagingFolder() {
    if (m_committed) return;
    std::error_code ec;
    fs::remove_all(m_staging, ec);
}

void StagingFolder::commit() {
    std::error_code ec;
    if (fs::is_directory(m_target, ec)) fs::remove(m_target, ec);  // empty (checked at the start)
    fs::rename(m_staging, m_target, ec);
    if (ec) throw Error(ErrorCode::Io, "cannot move the result into " + m_target + ": " + ec.message());
    m_committed = true;
}

}  // namespace mlens
