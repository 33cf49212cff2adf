#pragma once
// Decoding dataset images (8/16-bit; gray, RGB, RGBA; PNG, JPEG, BMP, TIFF) with explicit checks for
// empty, truncated and corrupt files and decompression bombs. Torch-free (fuzzed on its own).
#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace mlens::io {

struct DecodedImage {
    cv::Mat image;      // CV_8U or CV_16U, 1, 3 (BGR) or 4 (BGRA) channels; empty on failure
    std::string error;  // why the file cannot be used ("empty file (0 bytes)", "truncated JPEG", ...)
    bool ok() const { return error.empty(); }
};

// Images declaring more pixels than this are refused before decoding: Pillow's decompression-bomb
// limit (89,478,485, a 1 GiB RGBA image / 3), or MLENS_MAX_IMAGE_PIXELS when set.
constexpr uint64_t kDefaultMaxImagePixels = 89478485;
uint64_t maxImagePixels();

// Never throws for bad content; the reason goes into `error`.
DecodedImage decodeImageFile(const std::string& path);
DecodedImage decodeImageBytes(const std::vector<uint8_t>& bytes);

}  // namespace mlens::io
