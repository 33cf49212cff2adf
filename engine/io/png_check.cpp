#include "engine/io/png_check.h"

#include <zlib.h>

#include <array>
#include <vector>

namespace mlens::io {

namespace {

uint32_t be32(const uint8_t* p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

bool isLetter(uint8_t c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

struct Header {
    uint32_t width = 0, height = 0;
    int depth = 0, color = 0, interlace = 0;
};

std::string headerProblem(const Header& h) {
    if (h.width == 0 || h.height == 0 || h.width > 0x7FFFFFFFu || h.height > 0x7FFFFFFFu)
        return "bad image size in IHDR";
    const int d = h.depth;
    const bool ok = (h.color == 0 && (d == 1 || d == 2 || d == 4 || d == 8 || d == 16)) ||
                    (h.color == 3 && (d == 1 || d == 2 || d == 4 || d == 8)) ||
                    ((h.color == 2 || h.color == 4 || h.color == 6) && (d == 8 || d == 16));
    if (!ok) return "bit depth " + std::to_string(d) + " with colour type " + std::to_string(h.color);
    if (h.interlace > 1) return "unknown interlace method";
    return {};
}

// Row lengths (filter byte included) of the rows in the data stream, pass by pass.
std::vector<std::pair<uint64_t, uint64_t>> rowLayout(const Header& h) {  // (rows, bytes per row)
    const int channels = h.color == 0 ? 1 : h.color == 2 ? 3 : h.color == 3 ? 1 : h.color == 4 ? 2 : 4;
    const uint64_t bitsPerPixel = static_cast<uint64_t>(channels) * static_cast<uint64_t>(h.depth);
    auto rowBytes = [&](uint64_t w) { return 1 + (w * bitsPerPixel + 7) / 8; };
    if (h.interlace == 0) return {{h.height, rowBytes(h.width)}};
    static constexpr std::array<int, 7> x0{0, 4, 0, 2, 0, 1, 0}, dx{8, 8, 4, 4, 2, 2, 1},
        y0{0, 0, 4, 0, 2, 0, 1}, dy{8, 8, 8, 4, 4, 2, 2};
    std::vector<std::pair<uint64_t, uint64_t>> passes;
    for (size_t p = 0; p < 7; ++p) {
        const uint64_t w = h.width > static_cast<uint32_t>(x0[p]) ? (h.width - x0[p] + dx[p] - 1) / dx[p] : 0;
        const uint64_t rows =
            h.height > static_cast<uint32_t>(y0[p]) ? (h.height - y0[p] + dy[p] - 1) / dy[p] : 0;
        if (w && rows) passes.emplace_back(rows, rowBytes(w));
    }
    return passes;
}

// Follows the inflated stream row by row: each row must start with a filter type 0..4.
class RowChecker {
public:
    explicit RowChecker(const Header& h) : m_layout(rowLayout(h)) {
        if (!m_layout.empty()) m_left = m_layout.front().second;
    }
    // Returns false on a bad filter byte or data beyond the last row.
    bool consume(const uint8_t* p, size_t n) {
        while (n > 0) {
            if (m_pass >= m_layout.size()) return false;  // more data than the image holds
            if (m_left == m_layout[m_pass].second && *p > 4) return false;
            const uint64_t take = std::min<uint64_t>(m_left, n);
            p += take;
            n -= take;
            m_left -= take;
            if (m_left == 0) {
                if (++m_row == m_layout[m_pass].first) {
                    m_row = 0;
                    ++m_pass;
                }
                if (m_pass < m_layout.size()) m_left = m_layout[m_pass].second;
            }
        }
        return true;
    }
    bool complete() const { return m_pass >= m_layout.size(); }

private:
    std::vector<std::pair<uint64_t, uint64_t>> m_layout;
    size_t m_pass = 0;
    uint64_t m_row = 0, m_left = 0;
};

}  // namespace

std::string pngDataProblem(const uint8_t* data, size_t size) {
    auto bad = [](const std::string& what) { return "corrupt PNG data (" + what + ")"; };
    size_t at = 8;  // after the signature
    Header h;
    bool sawHeader = false, sawPalette = false, sawData = false, dataEnded = false, sawEnd = false;
    z_stream z{};
    if (inflateInit(&z) != Z_OK) return bad("zlib unavailable");
    struct End {
        z_stream& z;
        ~End() { inflateEnd(&z); }
    } end{z};
    std::vector<uint8_t> out(1 << 16);
    bool streamEnded = false;
    RowChecker rows{Header{}};
    while (!sawEnd) {
        if (size - at < 12) return bad("truncated chunk");
        const uint32_t length = be32(data + at);
        const uint8_t* type = data + at + 4;
        if (length > 0x7FFFFFFFu || length > size - at - 12) return bad("chunk length beyond the file");
        for (int k = 0; k < 4; ++k)
            if (!isLetter(type[k])) return bad("invalid chunk type");
        const uint8_t* body = type + 4;
        const uLong crc = crc32(crc32(0L, Z_NULL, 0), type, 4 + length);
        const std::string name(reinterpret_cast<const char*>(type), 4);
        if (crc != be32(body + length)) return bad("CRC error in " + name);
        if (!sawHeader && name != "IHDR") return bad("IHDR is not the first chunk");
        if (name == "IHDR") {
            if (sawHeader || length != 13) return bad("bad IHDR");
            h.width = be32(body);
            h.height = be32(body + 4);
            h.depth = body[8];
            h.color = body[9];
            h.interlace = body[12];
            if (body[10] != 0 || body[11] != 0) return bad("unknown compression or filter method");
            if (std::string why = headerProblem(h); !why.empty()) return bad(why);
            sawHeader = true;
            rows = RowChecker(h);
        } else if (name == "PLTE") {
            if (length == 0 || length % 3 != 0 || length > 768 || sawData) return bad("bad palette");
            sawPalette = true;
        } else if (name == "IDAT") {
            if (dataEnded) return bad("image data split by other chunks");
            if (h.color == 3 && !sawPalette) return bad("palette image without a palette");
            sawData = true;
            if (streamEnded) {
                if (length > 0) return bad("data after the end of the compressed stream");
            } else {
                z.next_in = const_cast<Bytef*>(body);
                z.avail_in = length;
                for (;;) {
                    z.next_out = out.data();
                    z.avail_out = static_cast<uInt>(out.size());
                    const int r = inflate(&z, Z_NO_FLUSH);
                    if (r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR)
                        return bad(z.msg ? z.msg : "zlib error");
                    if (!rows.consume(out.data(), out.size() - z.avail_out))
                        return bad("bad filter type or more data than the image holds");
                    if (r == Z_STREAM_END) {
                        streamEnded = true;
                        if (z.avail_in > 0) return bad("data after the end of the compressed stream");
                        break;
                    }
                    if (z.avail_in == 0 && z.avail_out != 0) break;  // needs the next chunk
                    if (r == Z_BUF_ERROR) break;
                }
            }
        } else if (name == "IEND") {
            sawEnd = true;
        } else if (sawData) {
            dataEnded = true;
        }
        at += 12 + length;
    }
    if (!sawData) return bad("no image data");
    if (!streamEnded || !rows.complete()) return bad("image data ends early");
    return {};
}

}  // namespace mlens::io
