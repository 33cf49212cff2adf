#include "engine/io/idx.h"

#include <zlib.h>

#include <cstring>
#include <fstream>
#include <memory>

#include "engine/api/error.h"

namespace mlens::io {

namespace {

// A byte stream over a plain or gzip-compressed source, decompressed incrementally so that a small
// file cannot make the reader allocate what its header claims.
class Reader {
public:
    virtual ~Reader() = default;
    // Reads up to n bytes; returns how many were read (0 at the end).
    virtual size_t read(uint8_t* out, size_t n) = 0;
};

class MemoryReader final : public Reader {
public:
    MemoryReader(const uint8_t* p, size_t n) : m_p(p), m_n(n) {}
    size_t read(uint8_t* out, size_t n) override {
        const size_t k = std::min(n, m_n - m_pos);
        if (k) std::memcpy(out, m_p + m_pos, k);
        m_pos += k;
        return k;
    }

private:
    const uint8_t* m_p;
    size_t m_n, m_pos = 0;
};

class GzipReader final : public Reader {
public:
    GzipReader(std::unique_ptr<Reader> raw, std::string what)
        : m_raw(std::move(raw)), m_what(std::move(what)) {
        std::memset(&m_z, 0, sizeof m_z);
        if (inflateInit2(&m_z, 15 + 16) != Z_OK) throw Error(ErrorCode::Runtime, "zlib could not start");
    }
    ~GzipReader() override { inflateEnd(&m_z); }
    size_t read(uint8_t* out, size_t n) override {
        m_z.next_out = out;
        m_z.avail_out = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
        while (m_z.avail_out > 0 && !m_done) {
            if (m_z.avail_in == 0) {
                m_z.avail_in = static_cast<uInt>(m_raw->read(m_in, sizeof m_in));
                m_z.next_in = m_in;
                if (m_z.avail_in == 0) break;  // compressed data ended early: the caller sees a short read
            }
            const int rc = inflate(&m_z, Z_NO_FLUSH);
            if (rc == Z_STREAM_END)
                m_done = true;
            else if (rc != Z_OK && rc != Z_BUF_ERROR)
                throw Error(ErrorCode::Format, m_what + ": corrupt gzip data");
        }
        return static_cast<size_t>(m_z.next_out - out);
    }

private:
    std::unique_ptr<Reader> m_raw;
    std::string m_what;
    z_stream m_z;
    uint8_t m_in[1 << 16];
    bool m_done = false;
};

class FileReader final : public Reader {
public:
    explicit FileReader(const std::string& path) : m_in(path, std::ios::binary) {
        if (!m_in) throw Error(ErrorCode::Io, "cannot open " + path);
    }
    size_t read(uint8_t* out, size_t n) override {
        m_in.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(n));
        return static_cast<size_t>(m_in.gcount());
    }

private:
    std::ifstream m_in;
};

bool readExactly(Reader& r, uint8_t* out, size_t n) {
    size_t got = 0;
    while (got < n) {
        const size_t k = r.read(out + got, n - got);
        if (k == 0) return false;
        got += k;
    }
    return true;
}

IdxArray parse(Reader& r, const std::string& what, bool headerOnly, uint64_t maxBytes) {
    uint8_t head[4];
    if (!readExactly(r, head, 4)) throw Error(ErrorCode::Format, what + ": too short for an IDX header");
    if (head[0] != 0 || head[1] != 0)
        throw Error(ErrorCode::Format, what + ": not an IDX file (bad magic number)");
    if (head[2] != 0x08)
        throw Error(ErrorCode::Unsupported, what + ": IDX value type 0x" + std::to_string(head[2]) +
                                                " (only unsigned bytes, 0x08, are supported)");
    const int ndims = head[3];
    if (ndims < 1 || ndims > 4)
        throw Error(ErrorCode::Unsupported,
                    what + ": IDX files with " + std::to_string(ndims) + " dimensions");
    IdxArray a;
    uint64_t total = 1;
    for (int d = 0; d < ndims; ++d) {
        uint8_t b[4];
        if (!readExactly(r, b, 4)) throw Error(ErrorCode::Format, what + ": truncated IDX header");
        const uint64_t v = (uint64_t{b[0]} << 24) | (uint64_t{b[1]} << 16) | (uint64_t{b[2]} << 8) | b[3];
        if (v == 0) throw Error(ErrorCode::Format, what + ": an IDX dimension is zero");
        total *= v;
        if (total > maxBytes)
            throw Error(ErrorCode::Format,
                        what + ": the IDX header declares more than " + std::to_string(maxBytes) + " bytes");
        a.dims.push_back(static_cast<int64_t>(v));
    }
    if (headerOnly) return a;
    // Grows with what arrives, so a header that lies costs at most what the file really holds.
    constexpr size_t chunk = size_t{1} << 22;
    while (a.data.size() < total) {
        const size_t want = static_cast<size_t>(std::min<uint64_t>(chunk, total - a.data.size()));
        const size_t at = a.data.size();
        a.data.resize(at + want);
        size_t got = 0;
        while (got < want) {
            const size_t k = r.read(a.data.data() + at + got, want - got);
            if (k == 0) break;
            got += k;
        }
        if (got < want)
            throw Error(ErrorCode::Format, what + ": truncated IDX data (" + std::to_string(at + got) +
                                               " of " + std::to_string(total) + " bytes)");
    }
    return a;
}

bool isGzip(const uint8_t* b, size_t n) {
    return n >= 2 && b[0] == 0x1f && b[1] == 0x8b;
}

IdxArray readPath(const std::string& path, bool headerOnly, uint64_t maxBytes) {
    uint8_t magic[2] = {0, 0};
    {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw Error(ErrorCode::Io, "cannot open " + path);
        in.read(reinterpret_cast<char*>(magic), 2);
    }
    std::unique_ptr<Reader> r = std::make_unique<FileReader>(path);
    if (isGzip(magic, 2)) r = std::make_unique<GzipReader>(std::move(r), path);
    return parse(*r, path, headerOnly, maxBytes);
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

IdxArray readIdxHeader(const std::string& path) {
    return readPath(path, true, uint64_t{1} << 40);
}

IdxArray readIdx(const std::string& path, uint64_t maxBytes) {
    return readPath(path, false, maxBytes);
}

IdxArray parseIdx(const uint8_t* bytes, size_t size, uint64_t maxBytes) {
    std::unique_ptr<Reader> r = std::make_unique<MemoryReader>(bytes, size);
    if (isGzip(bytes, size)) r = std::make_unique<GzipReader>(std::move(r), "IDX data");
    return parse(*r, "IDX data", false, maxBytes);
}

bool isIdxImagesName(const std::string& name) {
    return endsWith(name, "-idx3-ubyte") || endsWith(name, "-idx3-ubyte.gz");
}

std::string idxLabelsNameFor(const std::string& imagesName) {
    const auto at = imagesName.rfind("images-idx3-ubyte");
    if (at == std::string::npos) return {};
    return imagesName.substr(0, at) + "labels-idx1-ubyte" +
           imagesName.substr(at + std::string("images-idx3-ubyte").size());
}

}  // namespace mlens::io
