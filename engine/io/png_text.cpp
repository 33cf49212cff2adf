#include "engine/io/png_text.h"

#include <zlib.h>

#include <cstring>
#include <opencv2/imgcodecs.hpp>

#include "engine/api/error.h"
#include "engine/core/atomic_file.h"
#include "engine/io/byte_buffer.h"

namespace mlens::io {

namespace {

constexpr uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

uint32_t be32(const uint8_t* p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}
void putBe32(std::vector<uint8_t>& out, uint32_t v) {
    for (int i = 3; i >= 0; --i)
        out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

}  // namespace

std::vector<uint8_t> addPngText(const std::vector<uint8_t>& png, const TextChunks& text) {
    if (png.size() < 33 || std::memcmp(png.data(), kSignature, 8) != 0 ||
        std::memcmp(png.data() + 12, "IHDR", 4) != 0)
        throw Error(ErrorCode::Format, "not a PNG stream");
    const size_t afterIhdr = 8 + 12 + be32(png.data() + 8);
    std::vector<uint8_t> out(png.begin(), png.begin() + static_cast<std::ptrdiff_t>(afterIhdr));
    for (const auto& [key, value] : text) {
        if (key.empty() || key.size() > 79)
            throw Error(ErrorCode::InvalidArgument, "PNG text key must have 1-79 characters");
        std::vector<uint8_t> chunk = {'t', 'E', 'X', 't'};
        chunk.insert(chunk.end(), key.begin(), key.end());
        chunk.push_back(0);
        chunk.insert(chunk.end(), value.begin(), value.end());
        putBe32(out, static_cast<uint32_t>(chunk.size() - 4));
        out.insert(out.end(), chunk.begin(), chunk.end());
        putBe32(out, static_cast<uint32_t>(crc32(0L, chunk.data(), static_cast<uInt>(chunk.size()))));
    }
    out.insert(out.end(), png.begin() + static_cast<std::ptrdiff_t>(afterIhdr), png.end());
    return out;
}

TextChunks readPngText(const uint8_t* data, size_t size) {
    TextChunks out;
    if (size < 8 || std::memcmp(data, kSignature, 8) != 0) return out;
    size_t pos = 8;
    while (pos + 12 <= size) {
        const uint32_t len = be32(data + pos);
        if (len > size - pos - 12) break;
        const uint8_t* type = data + pos + 4;
        if (std::memcmp(type, "tEXt", 4) == 0) {
            const char* body = reinterpret_cast<const char*>(data + pos + 8);
            const void* nul = std::memchr(body, 0, len);
            if (nul) {
                const size_t keyLen = static_cast<const char*>(nul) - body;
                out.emplace_back(std::string(body, keyLen), std::string(body + keyLen + 1, len - keyLen - 1));
            }
        }
        if (std::memcmp(type, "IEND", 4) == 0) break;
        pos += 12 + len;
    }
    return out;
}

TextChunks readPngTextFile(const std::string& path) {
    const auto buf = mapFile(path);
    return readPngText(buf->data(), buf->size());
}

void writePng(const std::string& path, const cv::Mat& image, const TextChunks& text) {
    std::vector<uint8_t> png;
    if (!cv::imencode(".png", image, png)) throw Error(ErrorCode::Io, "cannot encode PNG for " + path);
    if (!text.empty()) png = addPngText(png, text);
    AtomicFile f(path);
    f.write(png.data(), png.size());
    f.commit();
}

}  // namespace mlens::io
