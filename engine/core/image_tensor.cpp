#include "engine/core/image_tensor.h"

#include <torch/torch.h>

#include <opencv2/imgproc.hpp>

#include "engine/api/error.h"

namespace mlens {

torch::Tensor toUint8Nhwc(const torch::Tensor& nchw) {
    return ((nchw.detach().to(torch::kCPU, torch::kFloat32) + 1) * 127.5).clamp(0, 255).to(torch::kUInt8).permute({0, 2, 3, 1}).contiguous();
}

cv::Mat tensorToImage8(const torch::Tensor& chw) {
    if (chw.dim() != 3 || (chw.size(0) != 1 && chw.size(0) != 3))
        throw Error(ErrorCode::InvalidArgument, "image tensor must be [1 or 3, H, W]");
    const torch::Tensor hwc = toUint8Nhwc(chw.unsqueeze(0))[0];
    const int h = static_cast<int>(hwc.size(0)), w = static_cast<int>(hwc.size(1));
    if (chw.size(0) == 1) return cv::Mat(h, w, CV_8UC1, hwc.data_ptr()).clone();
    cv::Mat bgr;
    cv::cvtColor(cv::Mat(h, w, CV_8UC3, hwc.data_ptr()), bgr, cv::COLOR_RGB2BGR);
    return bgr;
}

}  // namespace mlens
