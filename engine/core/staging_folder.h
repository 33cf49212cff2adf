#pragma once
// A folder written beside its target and renamed into place by commit(), so that a cancelled or
// failed job leaves nothing half-written: before commit() the target does not change; a staging
// folder that is not committed is removed. Torch-free.
#include <string>

namespace mlens {

class StagingFolder {
public:
    // `target` must not exist, or be an empty folder. Throws Error(InvalidArgument / Io).
    explicit StagingFolder(std::string target);
    ~StagingFolder();
    StagingFolder(const StagingFolder&) = delete;
    StagingFolder& operator=(const StagingFolder&) = delete;

    const std::string& path() const { return m_staging; }  // where to write
    const std::string& target() const { return m_target; }
    void commit();  // renames the staging folder to the target

private:
    std::string m_target, m_staging;
    bool m_committed = false;
};

}  // namespace mlens
