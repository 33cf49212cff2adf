#include "engine/io/intensity.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "engine/api/error.h"

namespace mlens::io {

namespace {

// numpy.percentile's default (linear) on sorted-in-place data, via two selections.
double percentileOf(std::vector<float>& v, double q) {
    const double h = q / 100.0 * static_cast<double>(v.size() - 1);
    const size_t lo = static_cast<size_t>(std::floor(h));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
    const double a = v[lo];
    if (lo + 1 >= v.size()) return a;
    const double b = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
    return a + (h - static_cast<double>(lo)) * (b - a);
}

}  // namespace

Window percentileWindow(const cv::Mat& values, double lowPercent, double highPercent) {
    if (!(lowPercent >= 0 && highPercent <= 100 && lowPercent < highPercent))
        throw Error(ErrorCode::InvalidArgument, "the window percentiles must satisfy 0 <= low < high <= 100");
    cv::Mat f;
    values.reshape(1, 1).convertTo(f, CV_32F);
    std::vector<float> v;
    v.reserve(f.total());
    for (int i = 0; i < f.cols; ++i)
        if (const float x = f.at<float>(0, i); std::isfinite(x)) v.push_back(x);
    if (v.empty()) return {0, 1};
    std::vector<float> copy = v;
    Window w{percentileOf(v, lowPercent), percentileOf(copy, highPercent)};
    if (w.high <= w.low) {
        const double value = w.high;
        w = value > 0 ? Window{std::min(0.0, value), value} : Window{value, value + 1};
    }
    return w;
}

Window chooseWindow(const IntensityWindow& spec, const cv::Mat& reference, const Window* dicomPreset) {
    if (reference.depth() == CV_8U) return {0, 255};
    if (spec.mode == WindowMode::Fixed) {
        if (!(spec.width > 0))
            throw Error(ErrorCode::InvalidArgument, "a fixed window needs a width above 0");
        return {spec.center - spec.width / 2, spec.center + spec.width / 2};
    }
    if (spec.mode == WindowMode::Dicom && dicomPreset) return *dicomPreset;
    return percentileWindow(reference, spec.lowPercent, spec.highPercent);
}

cv::Mat applyWindow(const cv::Mat& pixels, const Window& w) {
    cv::Mat src = pixels;
    if (src.channels() == 4) cv::cvtColor(src, src, cv::COLOR_BGRA2BGR);
    if (src.depth() == CV_8U && w.low == 0 && w.high == 255) return src;
    const double scale = 255.0 / (w.high - w.low);
    cv::Mat out;
    src.convertTo(out, CV_8U, scale, -w.low * scale);  // saturate_cast rounds and clamps
    return out;
}

}  // namespace mlens::io
