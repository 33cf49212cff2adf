// Brain-MRI-like axial slices (T1-like contrast: white matter brighter than grey matter, CSF dark)
// with long-tailed atrophy and lesions. All geometry lives in normalised coordinates [-1, 1].
#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "engine/api/error.h"
#include "engine/api/synthetic.h"
#include "engine/core/random.h"

namespace mlens {

const char* atrophyName(Atrophy a) noexcept {
    switch (a) {
        case Atrophy::None:
            return "none";
        case Atrophy::Mild:
            return "mild";
        case Atrophy::Severe:
            return "severe";
    }
    return "?";
}

PhantomParams drawPhantomParams(uint64_t seed, int64_t index) {
    Random r(Random::mix(seed, static_cast<uint64_t>(index)));
    PhantomParams p;
    const double a = r.uniform();
    p.atrophy = a < 0.92 ? Atrophy::None : (a < 0.98 ? Atrophy::Mild : Atrophy::Severe);
    p.lesion = r.uniform() < 0.01;
    p.rotation = r.uniform(-15, 15);
    p.shiftX = r.uniform(-0.05, 0.05);
    p.shiftY = r.uniform(-0.05, 0.05);
    p.scale = r.uniform(0.9, 1.04);
    p.aspect = r.uniform(0.8, 0.9);
    p.gain = r.uniform(0.85, 1.15);
    p.biasX = r.uniform(-0.08, 0.08);
    p.biasY = r.uniform(-0.08, 0.08);
    p.noise = r.uniform(0.015, 0.035);
    switch (p.atrophy) {
        case Atrophy::None:
            p.ventricleScale = std::clamp(r.normal(1.0, 0.07), 0.85, 1.18);
            p.sulcusWidth = r.uniform(0.8, 1.2);
            p.brainScale = r.uniform(0.99, 1.01);
            break;
        case Atrophy::Mild:
            p.ventricleScale = r.uniform(1.4, 1.6);
            p.sulcusWidth = r.uniform(1.8, 2.4);
            p.brainScale = r.uniform(0.95, 0.97);
            break;
        case Atrophy::Severe:
            p.ventricleScale = r.uniform(1.85, 2.1);
            p.sulcusWidth = r.uniform(3.0, 3.6);
            p.brainScale = r.uniform(0.9, 0.93);
            break;
    }
    const double angle = r.uniform(0, 2 * M_PI), radius = r.uniform(0.3, 0.45);
    p.lesionX = radius * std::cos(angle);
    p.lesionY = radius * std::sin(angle) * 1.1;
    p.lesionRadius = r.uniform(0.08, 0.11);
    p.textureSeed = r.next();
    return p;
}

namespace {

// Normalised coordinates -> pixels of the high-resolution canvas, with the slice's pose.
struct Pose {
    double cosR, sinR, scale, aspect, sx, sy, half;
    cv::Point2f map(double x, double y) const {
        x *= aspect;
        const double rx = (x * cosR - y * sinR) * scale + sx;
        const double ry = (x * sinR + y * cosR) * scale + sy;
        return {static_cast<float>((rx + 1) * half), static_cast<float>((ry + 1) * half)};
    }
    float length(double l) const { return static_cast<float>(l * scale * half); }
};

void fillEllipse(cv::Mat& canvas, const Pose& pose, double cx, double cy, double ax, double ay,
                 double angleDeg, float value) {
    const cv::Point2f c = pose.map(cx, cy);
    const float deg = static_cast<float>(angleDeg + std::atan2(pose.sinR, pose.cosR) * 180.0 / M_PI);
    cv::ellipse(canvas,
                cv::RotatedRect(c, cv::Size2f(2 * pose.length(ax * pose.aspect), 2 * pose.length(ay)), deg),
                cv::Scalar(value), cv::FILLED, cv::LINE_AA);
}

// A smooth random field in [-1, 1]: random values on a coarse grid, bicubically enlarged.
cv::Mat smoothField(uint64_t seed, int size, int grid) {
    Random r(seed);
    cv::Mat coarse(grid, grid, CV_32F);
    for (int y = 0; y < grid; ++y)
        for (int x = 0; x < grid; ++x)
            coarse.at<float>(y, x) = static_cast<float>(r.uniform(-1, 1));
    cv::Mat field;
    cv::resize(coarse, field, cv::Size(size, size), 0, 0, cv::INTER_CUBIC);
    return field;
}

}  // namespace

Phantom renderPhantom(const PhantomParams& p, int size) {
    if (size < 16 || size > 256) throw Error(ErrorCode::InvalidArgument, "phantom size must be 16..256");
    const int hi = size * 4;
    const double rad = p.rotation * M_PI / 180.0;
    const Pose pose{std::cos(rad), std::sin(rad), p.scale, p.aspect, p.shiftX, p.shiftY, hi / 2.0};
    cv::Mat canvas(hi, hi, CV_32F, cv::Scalar(0.02));
    cv::Mat brainMask = cv::Mat::zeros(hi, hi, CV_32F), ventricleMask = cv::Mat::zeros(hi, hi, CV_32F);

    fillEllipse(canvas, pose, 0, 0, 0.82, 0.95, 0, 0.85f);  // scalp and skull
    fillEllipse(canvas, pose, 0, 0, 0.74, 0.87, 0, 0.12f);  // CSF below the skull
    const double b = p.brainScale;
    fillEllipse(canvas, pose, 0, 0, 0.70 * b, 0.83 * b, 0, 0.50f);  // grey matter
    fillEllipse(brainMask, pose, 0, 0, 0.70 * b, 0.83 * b, 0, 1.0f);
    fillEllipse(canvas, pose, 0, 0.02, 0.48 * b, 0.60 * b, 0, 0.72f);  // white matter

    // Sulci: dark, slightly bent clefts from the cortex inwards at irregular angles, wider and deeper
    // with atrophy.
    Random r(p.textureSeed);
    const int sulci = 16 + r.integer(0, 4);
    for (int k = 0; k < sulci; ++k) {
        const double theta = (k + r.uniform(-0.45, 0.45)) * 2 * M_PI / sulci;
        const double depth = r.uniform(0.07, 0.18) * (0.7 + 0.3 * p.sulcusWidth);
        const double bend = r.uniform(-0.25, 0.25);
        const double x0 = 0.70 * b * std::cos(theta), y0 = 0.83 * b * std::sin(theta);
        const double xm = x0 * (1 - 0.5 * depth / 0.75) - bend * depth * std::sin(theta),
                     ym = y0 * (1 - 0.5 * depth / 0.75) + bend * depth * std::cos(theta);
        const double x1 = x0 * (1 - depth / 0.75), y1 = y0 * (1 - depth / 0.75);
        const int thickness = std::max(
            1, static_cast<int>(std::lround(pose.length(0.014 * p.sulcusWidth * r.uniform(0.8, 1.2)))));
        cv::line(canvas, pose.map(x0, y0), pose.map(xm, ym), cv::Scalar(0.12), thickness, cv::LINE_AA);
        cv::line(canvas, pose.map(xm, ym), pose.map(x1, y1), cv::Scalar(0.12), thickness, cv::LINE_AA);
    }
    // Lateral ventricles (a butterfly of two tilted ellipses) and the third ventricle.
    const double v = p.ventricleScale;
    for (int side : {-1, 1}) {
        fillEllipse(canvas, pose, side * 0.10 * std::sqrt(v), -0.04, 0.055 * v, 0.21 * std::sqrt(v),
                    side * 14.0, 0.10f);
        fillEllipse(ventricleMask, pose, side * 0.10 * std::sqrt(v), -0.04, 0.055 * v, 0.21 * std::sqrt(v),
                    side * 14.0, 1.0f);
    }
    fillEllipse(canvas, pose, 0, 0.16, 0.02 * v, 0.05 * v, 0, 0.10f);
    fillEllipse(ventricleMask, pose, 0, 0.16, 0.02 * v, 0.05 * v, 0, 1.0f);
    if (p.lesion)
        fillEllipse(canvas, pose, p.lesionX, p.lesionY, p.lesionRadius, p.lesionRadius * 0.85, 30, 0.97f);

    // Tissue texture inside the brain, then the coil's bias field and the overall gain.
    cv::Mat texture = smoothField(p.textureSeed ^ 0x7e57, hi, 9);
    canvas += texture.mul(brainMask) * 0.04;
    cv::Mat bias(hi, hi, CV_32F);
    for (int y = 0; y < hi; ++y)
        for (int x = 0; x < hi; ++x)
            bias.at<float>(y, x) = static_cast<float>(
                p.gain * (1 + p.biasX * (2.0 * x / hi - 1) + p.biasY * (2.0 * y / hi - 1)));
    canvas = canvas.mul(bias);

    cv::Mat small;
    cv::resize(canvas, small, cv::Size(size, size), 0, 0, cv::INTER_AREA);
    Random noise(p.textureSeed ^ 0x4015e);
    for (auto it = small.begin<float>(); it != small.end<float>(); ++it)
        *it += static_cast<float>(noise.normal(0, p.noise));
    Phantom out;
    small.convertTo(out.image, CV_8U, 255.0);  // saturating
    const double brain = cv::sum(brainMask)[0];
    out.ventricleArea = brain > 0 ? cv::sum(ventricleMask.mul(brainMask))[0] / brain : 0;
    out.brainArea = brain / (static_cast<double>(hi) * hi);
    return out;
}

}  // namespace mlens
