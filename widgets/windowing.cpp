#include "widgets/windowing.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace mlens {
namespace widgets {

Window Window::fromCenterWidth(double center, double width) {
    width = std::max(width, 1e-6);
    return {center - width / 2, center + width / 2};
}

Window autoWindow(const cv::Mat& image) {
    if (image.empty()) return {};
    cv::Mat flat = image.reshape(1, 1);
    std::vector<double> values;
    flat.convertTo(flat, CV_64F);
    values.assign(flat.begin<double>(), flat.end<double>());
    // a histogram would be faster for huge images; slices are small enough for nth_element
    auto at = [&](double q) {
        const size_t k = static_cast<size_t>(q * static_cast<double>(values.size() - 1));
        std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
        return values[k];
    };
    Window w{at(0.001), at(0.999)};
    if (w.high <= w.low) w.high = w.low + 1;
    return w;
}

Window defaultWindow(const cv::Mat& image) { return image.depth() == CV_8U ? Window{0, 255} : autoWindow(image); }

cv::Mat toDisplay8(const cv::Mat& image, const Window& window) {
    cv::Mat src = image;
    if (src.channels() == 4) cv::cvtColor(src, src, cv::COLOR_BGRA2BGR);
    if (src.depth() == CV_8U && window.low == 0 && window.high == 255) return src;
    cv::Mat out;
    const double scale = 255.0 / std::max(window.high - window.low, 1e-6);
    src.convertTo(out, CV_8U, scale, -window.low * scale);  // saturating
    return out;
}

}  // namespace widgets
}  // namespace mlens
