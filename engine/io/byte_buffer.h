#pragma once
// Read-only bytes of a whole file (memory-mapped) or of an in-memory buffer. Torch-free.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mlens::io {

class ByteBuffer {
public:
    virtual ~ByteBuffer() = default;
    virtual const uint8_t* data() const = 0;
    virtual size_t size() const = 0;
};

// Maps `path` read-only. Throws mlens::Error: NotFound (missing), Io (unreadable, a directory),
// Format (empty file).
std::shared_ptr<const ByteBuffer> mapFile(const std::string& path);
std::shared_ptr<const ByteBuffer> bufferFromVector(std::vector<uint8_t> bytes);

}  // namespace mlens::io
