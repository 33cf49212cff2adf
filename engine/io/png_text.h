#pragma once
// PNG text chunks (tEXt) so that every written image carries the parameters that made it.
// Torch-free; the PNG itself is encoded by OpenCV.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace mlens::io {

using TextChunks = std::vector<std::pair<std::string, std::string>>;

// Inserts tEXt chunks after IHDR of an encoded PNG. Keys are 1-79 Latin-1 characters.
std::vector<uint8_t> addPngText(const std::vector<uint8_t>& png, const TextChunks& text);
// All tEXt chunks of an encoded PNG.
TextChunks readPngText(const uint8_t* data, size_t size);
TextChunks readPngTextFile(const std::string& path);

// Encodes an 8- or 16-bit image (gray, BGR, BGRA) as PNG with text chunks and writes it atomically.
void writePng(const std::string& path, const cv::Mat& image, const TextChunks& text = {});

}  // namespace mlens::io
