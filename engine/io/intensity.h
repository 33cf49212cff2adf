#pragma once
// Intensity windows: how 16-bit and physical-valued pixels become the 8-bit image that is both shown
// and scored (one rule, so the thumbnail is what the model sees). Torch-free.
#include <opencv2/core/mat.hpp>

#include "engine/api/dataset.h"

namespace mlens::io {

struct Window {
    double low = 0, high = 255;  // pixel values mapped to 0 and 255
};

// The lowPercent / highPercent percentiles (linear interpolation between order statistics, as
// numpy.percentile) of every pixel of `values` (any depth, one channel; NaNs ignored). When the
// window is empty (a constant image) it runs from min(0, value) to the value, so a constant bright
// image stays bright and a constant black one black.
Window percentileWindow(const cv::Mat& values, double lowPercent, double highPercent);

// The window `spec` asks for, for pixels of this depth: 8-bit images [0, 255]; others the fixed
// window, or the percentile window of `reference` (the whole volume, or the image itself).
Window chooseWindow(const IntensityWindow& spec, const cv::Mat& reference,
                    const Window* dicomPreset = nullptr);

// v -> round(clamp((v - low) / (high - low), 0, 1) * 255), per channel; 8-bit input with the
// [0, 255] window is returned unchanged. Alpha is dropped (BGRA -> BGR).
cv::Mat applyWindow(const cv::Mat& pixels, const Window& window);

}  // namespace mlens::io
