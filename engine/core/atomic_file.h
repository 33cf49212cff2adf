#pragma once
// Writes a file so that readers only ever see the old version or the complete new one: data goes
// to a temporary file beside the target, which commit() flushes and renames over it. Destroying an
// uncommitted AtomicFile removes the temporary file. Torch-free.
#include <cstddef>
#include <cstdio>
#include <string>

namespace mlens {

class AtomicFile {
public:
    explicit AtomicFile(std::string path);  // throws Error(Io) when the folder is not writable
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(const void* data, size_t size);
    void write(const std::string& text) { write(text.data(), text.size()); }
    void commit();

    const std::string& path() const { return m_path; }

private:
    std::string m_path;
    std::string m_tmp;
    std::FILE* m_file = nullptr;
};

// Convenience: the whole content at once.
void writeFileAtomically(const std::string& path, const std::string& content);

// Whether `name` is an AtomicFile temporary ("TARGET.partial-HOST-PID-N").
bool isPartialFile(const std::string& name);
// Whether the temporary at `path` was left by a writer that is gone: one of this host whose process
// no longer runs, or (another host's, on a shared filesystem) not touched for an hour. A folder that
// several processes write into (shards of one job) cleans up only these, never a live write.
bool isAbandonedPartial(const std::string& path);

}  // namespace mlens
