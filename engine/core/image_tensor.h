#pragma once
// Conversions between image tensors in [-1, 1] and 8-bit OpenCV images.
#include <torch/types.h>

#include <opencv2/core/mat.hpp>

#include <vector>

namespace mlens {

// [C, H, W] in [-1, 1] (C = 1 or 3, RGB) -> CV_8UC1 / CV_8UC3 (BGR), as ((x + 1) * 127.5).clamp(0, 255)
// truncated to uint8, exactly like guided-diffusion's sample scripts.
cv::Mat tensorToImage8(const torch::Tensor& chw);

// [N, C, H, W] in [-1, 1] -> uint8 [N, H, W, C] (the .npz arr_0 layout).
torch::Tensor toUint8Nhwc(const torch::Tensor& nchw);

// [C, H, W] float -> CV_32FC(C), channels in the tensor's (RGB) order; and back for a list of them
// ([N, C, H, W]). The float samples of a SampleSet cross the API this way.
cv::Mat tensorToFloatImage(const torch::Tensor& chw);
torch::Tensor floatImagesToTensor(const std::vector<cv::Mat>& images);

}  // namespace mlens
