#pragma once
// Window / level for display: medical images are often 16-bit with a narrow useful range.
#include <opencv2/core/mat.hpp>

namespace mlens {
namespace widgets {

struct Window {
    double low = 0, high = 255;  // input values mapped to black and white
    double center() const { return 0.5 * (low + high); }
    double width() const { return high - low; }
    static Window fromCenterWidth(double center, double width);
};

// The 0.1 and 99.9 percentiles of the image's values (all channels).
Window autoWindow(const cv::Mat& image);
// What an image is first shown with: 8-bit images as they are (0..255), 16-bit ones auto-windowed.
Window defaultWindow(const cv::Mat& image);
// 8-bit image for display: gray stays gray, colour stays colour (BGR), alpha dropped.
cv::Mat toDisplay8(const cv::Mat& image, const Window& window);

}  // namespace widgets
}  // namespace mlens
