#pragma once
// Decoding dataset images (8/16-bit; gray, RGB, RGBA; PNG, JPEG, BMP, TIFF) with explicit checks for
// empty and truncated files, and guided-diffusion's preprocessing to a model's size and channels.
#include <torch/types.h>

#include <string>

#include <opencv2/core/mat.hpp>

namespace mlens::io {

struct DecodedImage {
    cv::Mat image;      // CV_8U or CV_16U, 1, 3 (BGR) or 4 (BGRA) channels; empty on failure
    std::string error;  // why the file cannot be used ("empty file (0 bytes)", "truncated JPEG", ...)
    bool ok() const { return error.empty(); }
};

// Never throws for bad content; the reason goes into `error`.
DecodedImage decodeImageFile(const std::string& path);

// guided-diffusion image_datasets.py center_crop_arr: halve with a box filter while the short side is
// at least 2*size, bicubic-resize the short side to `size`, centre-crop, scale to [-1, 1].
// 16-bit images are scaled to 8 bits first, alpha is dropped, gray <-> RGB as `channels` asks
// (`convertedChannels` reports it). Returns [channels, size, size] float32 (RGB order).
torch::Tensor admPreprocess(const cv::Mat& image, int size, int channels, bool* convertedChannels = nullptr);

}  // namespace mlens::io
