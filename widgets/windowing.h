#pragma once
// Window / level for display. The rule that maps pixels to 8 bits is the engine's
// (applyIntensityWindow); the first window of an image is the one it is scored with.
#include <opencv2/core/mat.hpp>

namespace mlens {
namespace widgets {

struct Window {
    double low = 0, high = 255;  // input values mapped to black and white
    double center() const { return 0.5 * (low + high); }
    double width() const { return high - low; }
    static Window fromCenterWidth(double center, double width);
};

// 8-bit image for display: gray stays gray, colour stays colour (BGR), alpha dropped.
cv::Mat toDisplay8(const cv::Mat& image, const Window& window);

}  // namespace widgets
}  // namespace mlens
