#pragma once
// Corrupt JPEG data that the codec papers over: libjpeg only warns ("Corrupt JPEG data: premature
// end of data segment", bad Huffman code) and fills the damaged blocks in, and OpenCV drops the
// warning, so a damaged photo would be scored as if it were whole. Torch- and OpenCV-free.
#include <cstddef>
#include <cstdint>
#include <string>

namespace mlens::io {

// Entropy-decodes the scan(s) of a JPEG (no IDCT, no colour conversion) and returns libjpeg's first
// warning or error, or "" when the data is clean. The header libjpeg finds (it skips garbage
// between markers, which a plain marker walk cannot) must declare at most `maxPixels` pixels and 4
// components, and be read without warnings, before anything is allocated for the coefficients
// (2 bytes per pixel and component).
std::string jpegDataProblem(const uint8_t* data, size_t size, uint64_t maxPixels);

}  // namespace mlens::io
