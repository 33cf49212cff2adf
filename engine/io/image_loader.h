#pragma once
// Decoding dataset images (8/16-bit; gray, RGB, RGBA; PNG, JPEG, BMP, TIFF) with explicit checks for
// empty and truncated files, and guided-diffusion's preprocessing to a model's size and channels.
#include <torch/types.h>

#include <cstdint>
#include <string>

#include <opencv2/core/mat.hpp>

#include "engine/api/choices.h"

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

// An 8-bit image (ItemImage::display: gray or BGR) to model input. Fit::Crop is guided-diffusion's
// image_datasets.py center_crop_arr: halve with a box filter while the short side is at least
// 2*size, bicubic-resize the short side to `size`, centre-crop. Fit::Pad keeps the whole image:
// area-downscale until the long side fits (never upscale), then centre it on a black canvas.
// Gray <-> RGB as `channels` asks (`convertedChannels` reports it). Returns [channels, size, size]
// float32 in [-1, 1] (RGB order). Throws Error(InvalidArgument) for other depths.
torch::Tensor admPreprocess(const cv::Mat& image8, int size, int channels, Fit fit = Fit::Crop,
                            bool* convertedChannels = nullptr);

}  // namespace mlens::io
