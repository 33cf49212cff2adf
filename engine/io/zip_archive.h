#pragma once
// Read access to a zip archive held in memory, through libzip. Torch-free. Not thread-safe.
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/io/byte_buffer.h"

struct zip;  // libzip's archive handle

namespace mlens::io {

class ZipArchive {
public:
    // Throws mlens::Error(Format) when the bytes are not a readable zip archive. Every entry's
    // declared size is checked
    // against what the archive can back (stored: its compressed size; deflated: zlib's maximum
    // ratio), so a tiny file cannot make a reader allocate gigabytes. Where a name occurs twice the
    // last entry counts, as in Python's zipfile.
    explicit ZipArchive(std::shared_ptr<const ByteBuffer> bytes);
    // Throws Format, naming the first compressed entry and `why`, unless every entry is stored.
    void requireStored(const std::string& why) const;
    ~ZipArchive();
    ZipArchive(const ZipArchive&) = delete;
    ZipArchive& operator=(const ZipArchive&) = delete;

    const std::vector<std::string>& names() const { return m_names; }
    bool contains(const std::string& name) const;
    // Uncompressed size of an entry; throws NotFound when absent.
    uint64_t entrySize(const std::string& name) const;
    // Reads exactly `size` bytes of an entry into dst and checks its CRC-32; throws Format on a
    // short, long or corrupt entry.
    void read(const std::string& name, void* dst, uint64_t size) const;
    std::vector<uint8_t> readAll(const std::string& name, uint64_t maxSize) const;

private:
    int64_t indexOf(const std::string& name) const;

    std::shared_ptr<const ByteBuffer> m_bytes;
    ::zip* m_zip = nullptr;
    std::vector<std::string> m_names;
    std::unordered_map<std::string, uint64_t> m_index;  // name -> its last entry
    std::vector<std::string> m_compressed;
};

// Writes a zip archive of stored (uncompressed) entries, atomically: to a temporary file beside
// `path`, renamed over it only when complete. Entries are written in order.
struct ZipEntry {
    std::string name;
    const void* data = nullptr;
    uint64_t size = 0;
};
void writeZip(const std::string& path, const std::vector<ZipEntry>& entries);

}  // namespace mlens::io
