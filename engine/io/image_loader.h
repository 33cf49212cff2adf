#pragma once
// guided-diffusion's preprocessing of decoded images (image_decode.h) to a model's size and channels.
#include <torch/types.h>

#include <opencv2/core/mat.hpp>

#include "engine/api/choices.h"
#include "engine/io/image_decode.h"

namespace mlens::io {

// An 8-bit image (ItemImage::display: gray or BGR) to model input. Fit::Crop is guided-diffusion's
// image_datasets.py center_crop_arr: halve with a box filter while the short side is at least
// 2*size, bicubic-resize the short side to `size`, centre-crop. Fit::Pad keeps the whole image:
// area-downscale until the long side fits (never upscale), then centre it on a black canvas.
// Gray <-> RGB as `channels` asks (`convertedChannels` reports it). Returns [channels, size, size]
// float32 in [-1, 1] (RGB order). Throws Error(InvalidArgument) for other depths.
torch::Tensor admPreprocess(const cv::Mat& image8, int size, int channels, Fit fit = Fit::Crop,
                            bool* convertedChannels = nullptr);

}  // namespace mlens::io
