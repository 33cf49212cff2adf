#include "widgets/windowing.h"

#include <algorithm>

#include "engine/api/dataset.h"

namespace mlens {
namespace widgets {

Window Window::fromCenterWidth(double center, double width) {
    width = std::max(width, 1e-6);
    return {center - width / 2, center + width / 2};
}

cv::Mat toDisplay8(const cv::Mat& image, const Window& window) {
    return applyIntensityWindow(image, window.low, window.high);
}

}  // namespace widgets
}  // namespace mlens
