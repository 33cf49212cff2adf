#pragma once
// Damaged PNG data, found before libpng sees it: libpng prints its errors on stderr (one line per bad
// file, which floods a terminal on a large folder) and only warns about a bad CRC in an ancillary
// chunk, decoding the image anyway. Torch- and OpenCV-free.
#include <cstddef>
#include <cstdint>
#include <string>

namespace mlens::io {

// Checks the chunk structure (lengths, types, every CRC-32), the IHDR fields, the palette, and
// inflates the image data (zlib's Adler-32 included) through a small buffer, checking each row's
// filter type and the exact data length for the declared size (interlaced or not). Returns ""
// for a sound file, else "corrupt PNG data (<what>)". Memory: O(1); time: one inflate.
std::string pngDataProblem(const uint8_t* data, size_t size);

}  // namespace mlens::io
