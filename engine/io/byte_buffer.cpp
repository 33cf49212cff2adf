#include "engine/io/byte_buffer.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "engine/api/error.h"

namespace mlens::io {

namespace {

class MappedFile final : public ByteBuffer {
public:
    MappedFile(void* addr, size_t size) : m_addr(addr), m_size(size) {}
    ~MappedFile() override { munmap(m_addr, m_size); }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    const uint8_t* data() const override { return static_cast<const uint8_t*>(m_addr); }
    size_t size() const override { return m_size; }

private:
    void* m_addr;
    size_t m_size;
};

class VectorBuffer final : public ByteBuffer {
public:
    explicit VectorBuffer(std::vector<uint8_t> bytes) : m_bytes(std::move(bytes)) {}
    const uint8_t* data() const override { return m_bytes.data(); }
    size_t size() const override { return m_bytes.size(); }

private:
    std::vector<uint8_t> m_bytes;
};

}  // namespace

std::shared_ptr<const ByteBuffer> mapFile(const std::string& path) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused below).
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        const int err = errno;
        if (err == ENOENT) throw Error(ErrorCode::NotFound, "no such file: " + path);
        throw Error(ErrorCode::Io, "cannot open " + path + ": " + std::strerror(err));
    }
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error(ErrorCode::Io, path + " is not a regular file (a folder, FIFO or device)");
    }
    if (st.st_size == 0) {
        ::close(fd);
        throw Error(ErrorCode::Format, path + " is empty (0 bytes)");
    }
    void* addr = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    const int err = errno;
    ::close(fd);
    if (addr == MAP_FAILED) throw Error(ErrorCode::Io, "cannot map " + path + ": " + std::strerror(err));
    return std::make_shared<MappedFile>(addr, static_cast<size_t>(st.st_size));
}

std::shared_ptr<const ByteBuffer> bufferFromVector(std::vector<uint8_t> bytes) {
    return std::make_shared<VectorBuffer>(std::move(bytes));
}

}  // namespace mlens::io
