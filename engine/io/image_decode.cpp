// Decoding dataset images with the checks the codecs do not make. Torch-free (fuzzed on its own).
#include "engine/io/image_decode.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/api/error.h"
#include "engine/io/jpeg_check.h"
#include "engine/io/png_check.h"

namespace mlens::io {

namespace {

bool startsWith(const std::vector<uint8_t>& b, std::initializer_list<uint8_t> magic) {
    if (b.size() < magic.size()) return false;
    return std::equal(magic.begin(), magic.end(), b.begin());
}

uint32_t le(const std::vector<uint8_t>& b, size_t at, int bytes) {
    uint32_t v = 0;
    for (int k = bytes - 1; k >= 0; --k)
        v = (v << 8) | b[at + static_cast<size_t>(k)];
    return v;
}

// The BMP header fields OpenCV's decoder asserts on (it then prints to stderr and gives up): a
// known info-header size, one plane, a supported bit depth and compression, pixel data inside.
std::string bmpHeaderProblem(const std::vector<uint8_t>& b) {
    if (b.size() < 26) return "truncated BMP (no header)";
    const uint32_t offset = le(b, 10, 4), info = le(b, 14, 4);
    if (info != 12 && info != 40 && info != 52 && info != 56 && info != 64 && info != 108 && info != 124)
        return "corrupt BMP header (info header of " + std::to_string(info) + " bytes)";
    if (b.size() < 14 + size_t{info}) return "truncated BMP (header)";
    const uint32_t planes = info == 12 ? le(b, 22, 2) : le(b, 26, 2);
    const uint32_t bpp = info == 12 ? le(b, 24, 2) : le(b, 28, 2);
    const uint32_t compression = info == 12 ? 0 : le(b, 30, 4);
    const int64_t width = info == 12 ? le(b, 18, 2) : static_cast<int32_t>(le(b, 18, 4));
    const int64_t height = info == 12 ? le(b, 20, 2) : static_cast<int32_t>(le(b, 22, 4));
    if (planes != 1 || width <= 0 || height == 0) return "corrupt BMP header (size or planes)";
    if (bpp != 1 && bpp != 4 && bpp != 8 && bpp != 16 && bpp != 24 && bpp != 32)
        return "unsupported BMP (" + std::to_string(bpp) + " bits per pixel)";
    const bool ok = compression == 0 || (compression == 1 && bpp == 8) || (compression == 2 && bpp == 4) ||
                    (compression == 3 && (bpp == 16 || bpp == 32));
    if (!ok) return "unsupported BMP compression " + std::to_string(compression);
    if (offset < 14 + info || offset >= b.size()) return "corrupt BMP header (pixel data offset)";
    return {};
}

// A structural check that the codecs do not make: a cut-off file often decodes "successfully" with
// the missing part filled in.
std::string truncationProblem(const std::vector<uint8_t>& b) {
    if (startsWith(b, {0xFF, 0xD8, 0xFF})) {
        size_t end = b.size();
        while (end > 2 && b[end - 1] == 0)
            --end;  // some writers pad after EOI
        const size_t from = end > 4096 ? end - 4096 : 0;
        for (size_t i = end - 1; i > from; --i)
            if (b[i - 1] == 0xFF && b[i] == 0xD9) return {};
        return "truncated JPEG (no end-of-image marker)";
    }
    if (startsWith(b, {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})) {
        const size_t from = b.size() > 64 ? b.size() - 64 : 8;
        for (size_t i = from; i + 4 <= b.size(); ++i)
            if (std::memcmp(b.data() + i, "IEND", 4) == 0) return {};
        return "truncated PNG (no IEND chunk)";
    }
    if (startsWith(b, {'B', 'M'}) && b.size() >= 6) {
        const uint32_t declared =
            b[2] | (uint32_t{b[3]} << 8) | (uint32_t{b[4]} << 16) | (uint32_t{b[5]} << 24);
        if (declared > b.size())
            return "truncated BMP (" + std::to_string(b.size()) + " of " + std::to_string(declared) +
                   " bytes)";
        return bmpHeaderProblem(b);
    }
    if (startsWith(b, {'I', 'I', 0x2A, 0x00}) || startsWith(b, {'M', 'M', 0x00, 0x2A})) return {};
    return "not an image (unrecognised format)";
}

uint32_t be32(const std::vector<uint8_t>& b, size_t at) {
    return (uint32_t{b[at]} << 24) | (uint32_t{b[at + 1]} << 16) | (uint32_t{b[at + 2]} << 8) | b[at + 3];
}

// The width x height a PNG, JPEG or BMP header declares (0 when unknown: TIFF and others rely on
// OpenCV's own limit), read before anything is decoded.
uint64_t declaredPixels(const std::vector<uint8_t>& b) {
    if (startsWith(b, {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}) && b.size() >= 24)
        return uint64_t{be32(b, 16)} * be32(b, 20);  // IHDR comes first
    if (startsWith(b, {'B', 'M'}) && b.size() >= 26) {
        const auto le32 = [&](size_t at) {
            return static_cast<int32_t>(b[at] | (uint32_t{b[at + 1]} << 8) | (uint32_t{b[at + 2]} << 16) |
                                        (uint32_t{b[at + 3]} << 24));
        };
        return uint64_t(std::abs(int64_t{le32(18)})) * uint64_t(std::abs(int64_t{le32(22)}));
    }
    if (startsWith(b, {0xFF, 0xD8})) {  // walk the marker segments to the first start-of-frame
        size_t i = 2;
        while (i + 9 < b.size()) {
            if (b[i] != 0xFF) return 0;
            const uint8_t m = b[i + 1];
            if (m == 0xFF) {
                ++i;
                continue;
            }
            const size_t len = (size_t{b[i + 2]} << 8) | b[i + 3];
            if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC)
                return uint64_t((size_t{b[i + 5]} << 8) | b[i + 6]) * ((size_t{b[i + 7]} << 8) | b[i + 8]);
            if (len < 2) return 0;
            i += 2 + len;
        }
    }
    return 0;
}

const bool g_quietOpenCv = [] {
    cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
    return true;
}();

}  // namespace

uint64_t maxImagePixels() {
    static const uint64_t limit = [] {
        const char* env = std::getenv("MLENS_MAX_IMAGE_PIXELS");
        if (env && *env) {
            char* end = nullptr;
            const unsigned long long v = std::strtoull(env, &end, 10);
            if (end && *end == '\0' && v > 0) return static_cast<uint64_t>(v);
        }
        return kDefaultMaxImagePixels;
    }();
    return limit;
}

DecodedImage decodeImageFile(const std::string& path) {
    DecodedImage out;
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
        out.error = std::string("cannot open file: ") + std::strerror(errno);
        return out;
    }
    std::vector<uint8_t> bytes;
    uint8_t chunk[1 << 16];
    for (size_t n; (n = std::fread(chunk, 1, sizeof chunk, f)) > 0;)
        bytes.insert(bytes.end(), chunk, chunk + n);
    const bool readError = std::ferror(f) != 0;
    const int err = errno;
    std::fclose(f);
    if (readError) {
        out.error = std::string("cannot read file: ") + std::strerror(err);
        return out;
    }
    return decodeImageBytes(bytes);
}

DecodedImage decodeImageBytes(const std::vector<uint8_t>& bytes) {
    DecodedImage out;
    if (bytes.empty()) {
        out.error = "empty file (0 bytes)";
        return out;
    }
    out.error = truncationProblem(bytes);
    if (!out.error.empty()) return out;
    if (const uint64_t pixels = declaredPixels(bytes); pixels > maxImagePixels()) {
        out.error = "declares " + std::to_string(pixels) + " pixels, more than the limit of " +
                    std::to_string(maxImagePixels()) +
                    " (a decompression bomb?; MLENS_MAX_IMAGE_PIXELS raises it)";
        return out;
    }
    if (startsWith(bytes, {0xFF, 0xD8, 0xFF})) {
        out.error = jpegDataProblem(bytes.data(), bytes.size(), maxImagePixels());
        if (!out.error.empty()) return out;
    }
    if (startsWith(bytes, {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})) {
        out.error = pngDataProblem(bytes.data(), bytes.size());
        if (!out.error.empty()) return out;
    }
    try {
        out.image = cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception&) {
        out.image.release();
    }
    if (out.image.empty()) {
        out.error = "cannot be decoded (corrupt image data)";
        return out;
    }
    if (static_cast<uint64_t>(out.image.total()) > maxImagePixels()) {  // TIFF: no header check above
        out.error = "has " + std::to_string(out.image.total()) + " pixels, more than the limit of " +
                    std::to_string(maxImagePixels()) + " (MLENS_MAX_IMAGE_PIXELS raises it)";
        out.image.release();
        return out;
    }
    const int depth = out.image.depth(), channels = out.image.channels();
    if ((depth != CV_8U && depth != CV_16U) || (channels != 1 && channels != 3 && channels != 4)) {
        out.error = "unsupported pixel type (" + std::to_string(channels) + " channels, depth " +
                    std::to_string(depth) + ")";
        out.image.release();
    }
    return out;
}

}  // namespace mlens::io
