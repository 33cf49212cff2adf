#include "engine/io/image_loader.h"

#include <torch/torch.h>

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "engine/api/error.h"

namespace mlens::io {

torch::Tensor admPreprocess(const cv::Mat& input, int size, int channels, Fit fit, bool* convertedChannels) {
    if (input.depth() != CV_8U)
        throw Error(ErrorCode::InvalidArgument, "model input must be an 8-bit (windowed) image");
    cv::Mat img = input;
    if (img.channels() == 4) cv::cvtColor(img, img, cv::COLOR_BGRA2BGR);
    bool converted = false;
    if (channels == 1 && img.channels() == 3) {
        cv::cvtColor(img, img, cv::COLOR_BGR2GRAY);  // ITU-R 601 luma, as PIL's convert("L")
        converted = true;
    } else if (channels == 3 && img.channels() == 1) {
        cv::cvtColor(img, img, cv::COLOR_GRAY2BGR);
        converted = true;
    }
    if (convertedChannels) *convertedChannels = converted;
    if (fit == Fit::Crop) {
        while (std::min(img.cols, img.rows) >= 2 * size)
            cv::resize(img, img, cv::Size(img.cols / 2, img.rows / 2), 0, 0, cv::INTER_AREA);
        const double scale = static_cast<double>(size) / std::min(img.cols, img.rows);
        const cv::Size target(static_cast<int>(std::nearbyint(img.cols * scale)),
                              static_cast<int>(std::nearbyint(img.rows * scale)));
        if (target != img.size()) cv::resize(img, img, target, 0, 0, cv::INTER_CUBIC);
        const int cy = (img.rows - size) / 2, cx = (img.cols - size) / 2;
        img = img(cv::Rect(cx, cy, size, size)).clone();
    } else {
        if (std::max(img.cols, img.rows) > size) {
            const double scale = static_cast<double>(size) / std::max(img.cols, img.rows);
            const cv::Size target(std::max(1, static_cast<int>(std::floor(img.cols * scale))),
                                  std::max(1, static_cast<int>(std::floor(img.rows * scale))));
            cv::resize(img, img, target, 0, 0, cv::INTER_AREA);
        }
        cv::Mat canvas(size, size, img.type(), cv::Scalar::all(0));
        img.copyTo(canvas(cv::Rect((size - img.cols) / 2, (size - img.rows) / 2, img.cols, img.rows)));
        img = canvas;
    }
    if (img.channels() == 3) cv::cvtColor(img, img, cv::COLOR_BGR2RGB);
    torch::Tensor t = torch::from_blob(img.data, {size, size, img.channels()}, torch::kUInt8).clone();
    return t.permute({2, 0, 1}).to(torch::kFloat32).div(127.5).sub(1.0).contiguous();
}

}  // namespace mlens::io
