#include "engine/core/image_tensor.h"

#include <torch/torch.h>

#include <opencv2/imgproc.hpp>

#include "engine/api/error.h"

namespace mlens {

torch::Tensor toUint8Nhwc(const torch::Tensor& nchw) {
    return ((nchw.detach().to(torch::kCPU, torch::kFloat32) + 1) * 127.5)
        .clamp(0, 255)
        .to(torch::kUInt8)
        .permute({0, 2, 3, 1})
        .contiguous();
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

cv::Mat tensorToFloatImage(const torch::Tensor& chw) {
    if (chw.dim() != 3) throw Error(ErrorCode::InvalidArgument, "image tensor must be [C, H, W]");
    const torch::Tensor hwc = chw.detach().to(torch::kCPU, torch::kFloat32).permute({1, 2, 0}).contiguous();
    const int h = static_cast<int>(hwc.size(0)), w = static_cast<int>(hwc.size(1)),
              c = static_cast<int>(hwc.size(2));
    return cv::Mat(h, w, CV_32FC(c), hwc.data_ptr()).clone();
}

torch::Tensor floatImagesToTensor(const std::vector<cv::Mat>& images) {
    std::vector<torch::Tensor> parts;
    for (const cv::Mat& m : images) {
        if (m.depth() != CV_32F || m.size() != images.front().size() ||
            m.channels() != images.front().channels())
            throw Error(ErrorCode::InvalidArgument, "float samples differ in size or type");
        const cv::Mat c = m.isContinuous() ? m : m.clone();
        parts.push_back(
            torch::from_blob(const_cast<uchar*>(c.data), {m.rows, m.cols, m.channels()}, torch::kFloat32)
                .permute({2, 0, 1})
                .clone());
    }
    return parts.empty() ? torch::Tensor() : torch::stack(parts);
}

}  // namespace mlens
