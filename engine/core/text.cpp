#include "engine/api/text.h"

#include <cstdio>

namespace mlens {

namespace {

// Length of the valid UTF-8 sequence starting at s[i] (RFC 3629: no overlongs, no surrogates,
// at most U+10FFFF), or 0.
size_t validSequence(std::string_view s, size_t i) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    if (c < 0x80) return 1;
    size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    if (b(i + 1) < lo || b(i + 1) > hi) return 0;
    for (size_t k = 2; k < n; ++k)
        if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
    return n;
}

}  // namespace

namespace {

std::string escaped(std::string_view bytes, bool controls) {
    std::string out;
    out.reserve(bytes.size());
    for (size_t i = 0; i < bytes.size();) {
        size_t n = validSequence(bytes, i);
        if (controls && n) {
            const auto c = static_cast<unsigned char>(bytes[i]);
            const bool c0 = n == 1 && (c < 0x20 || c == 0x7F);
            const bool c1 = n == 2 && c == 0xC2 && static_cast<unsigned char>(bytes[i + 1]) < 0xA0;
            if (c0 || c1) n = 0;  // escaped byte by byte below
        }
        if (n) {
            out.append(bytes.substr(i, n));
            i += n;
        } else {
            char esc[8];
            std::snprintf(esc, sizeof esc, "\\x%02X", static_cast<unsigned char>(bytes[i]));
            out += esc;
            ++i;
        }
    }
    return out;
}

}  // namespace

std::string escapeInvalidUtf8(std::string_view bytes) {
    return escaped(bytes, false);
}

std::string escapeControl(std::string_view bytes) {
    return escaped(bytes, true);
}

}  // namespace mlens
