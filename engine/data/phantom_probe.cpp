#include "engine/data/phantom_probe.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "engine/api/error.h"

namespace mlens::data {

ProbeFeatures measureSlice(const cv::Mat& input) {
    if (input.empty() || input.type() != CV_8UC1)
        throw Error(ErrorCode::InvalidArgument, "the probe takes 8-bit gray slices");
    cv::Mat img;
    input.convertTo(img, CV_32F, 1.0 / 255.0);
    // The head: everything clearly above the background, holes filled.
    cv::Mat head = img > 0.25;
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(head.clone(), contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    if (contours.empty()) return {};
    const auto largest = std::max_element(contours.begin(), contours.end(), [](const auto& a, const auto& b) {
        return cv::contourArea(a) < cv::contourArea(b);
    });
    cv::Mat headMask = cv::Mat::zeros(img.size(), CV_8U);
    cv::drawContours(headMask, std::vector<std::vector<cv::Point>>{*largest}, 0, cv::Scalar(255), cv::FILLED);
    // Inside the skull: erode away the bright rim (about 1/10 of the head's size).
    const cv::Rect box = cv::boundingRect(*largest);
    const int rim = std::max(1, static_cast<int>(std::lround(0.09 * std::min(box.width, box.height))));
    cv::Mat inner;
    cv::erode(headMask, inner,
              cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * rim + 1, 2 * rim + 1)));
    const double innerArea = cv::countNonZero(inner);
    if (innerArea < 4) return {};
    // Tissue level: the median inside the skull; CSF is far below it. Lesions are small spots far
    // above their surroundings.
    std::vector<float> values;
    for (int y = 0; y < img.rows; ++y)
        for (int x = 0; x < img.cols; ++x)
            if (inner.at<uchar>(y, x)) values.push_back(img.at<float>(y, x));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2),
                     values.end());
    const float tissue = values[values.size() / 2];
    // The brightest pixel two pixels away in any direction (a 5x5 ring): a 2x2 lesion stands above
    // it, a ridge of white matter between sulci does not (it continues along the ridge).
    cv::Mat ring = cv::Mat::ones(5, 5, CV_8U), around;
    ring(cv::Rect(1, 1, 3, 3)).setTo(0);
    cv::dilate(img, around, ring);
    const cv::Mat contrast = img - around;
    ProbeFeatures f;
    double dark = 0, bright = 0;
    for (int y = 0; y < img.rows; ++y)
        for (int x = 0; x < img.cols; ++x) {
            if (!inner.at<uchar>(y, x)) continue;
            const float v = img.at<float>(y, x);
            dark += v < 0.5f * tissue;
            bright = std::max(bright, static_cast<double>(contrast.at<float>(y, x)) / tissue);
        }
    f.darkFraction = dark / innerArea;
    f.spotContrast = bright;
    return f;
}

namespace {

// Best threshold on `score` for `positive` by Youden's J among those with at least `minSpecificity`;
// returns (threshold, sensitivity, specificity).
std::array<double, 3> youden(const std::vector<double>& score, const std::vector<bool>& positive,
                             double minSpecificity) {
    std::vector<double> candidates(score);
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    const double pos = static_cast<double>(std::count(positive.begin(), positive.end(), true));
    const double neg = static_cast<double>(positive.size()) - pos;
    std::array<double, 3> best{candidates.empty() ? 0.0 : candidates.back() + 1, 0, 1};
    double bestJ = -1;
    for (size_t k = 0; k + 1 < candidates.size(); ++k) {
        const double th = 0.5 * (candidates[k] + candidates[k + 1]);  // positive when score > th
        double tp = 0, tn = 0;
        for (size_t i = 0; i < score.size(); ++i) {
            const bool p = score[i] > th;
            tp += p && positive[i];
            tn += !p && !positive[i];
        }
        const double sens = pos > 0 ? tp / pos : 0, spec = neg > 0 ? tn / neg : 0;
        if (spec >= minSpecificity && sens + spec - 1 > bestJ) {
            bestJ = sens + spec - 1;
            best = {th, sens, spec};
        }
    }
    return best;
}

}  // namespace

ProbeCalibration calibrateProbe(const std::vector<ProbeFeatures>& features, const std::vector<bool>& atrophic,
                                const std::vector<bool>& lesioned, double minSpecificity) {
    if (features.size() != atrophic.size() || features.size() != lesioned.size())
        throw Error(ErrorCode::InvalidArgument, "probe calibration: one label per slice is needed");
    std::vector<double> dark, bright;
    for (const auto& f : features) {
        dark.push_back(f.darkFraction);
        bright.push_back(f.spotContrast);
    }
    ProbeCalibration c;
    const auto a = youden(dark, atrophic, minSpecificity);
    const auto l = youden(bright, lesioned, minSpecificity);
    c.darkThreshold = a[0];
    c.atrophySensitivity = a[1];
    c.atrophySpecificity = a[2];
    c.brightThreshold = l[0];
    c.lesionSensitivity = l[1];
    c.lesionSpecificity = l[2];
    return c;
}

bool looksAtrophic(const ProbeFeatures& f, const ProbeCalibration& c) {
    return f.darkFraction > c.darkThreshold;
}
bool looksLesioned(const ProbeFeatures& f, const ProbeCalibration& c) {
    return f.spotContrast > c.brightThreshold;
}

}  // namespace mlens::data
