// Coloured shapes in 10 classes: a small RGB set for class-conditional and long-tail experiments.
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "engine/api/error.h"
#include "engine/api/synthetic.h"
#include "engine/core/random.h"

namespace mlens {

namespace {
constexpr const char* kNames[10] = {"circle", "square",  "triangle", "cross", "ring",
                                    "star",   "diamond", "hbar",     "vbar",  "ellipse"};
}

const char* shapeClassName(int label) noexcept {
    return label >= 0 && label < 10 ? kNames[label] : "?";
}

ShapeImage renderShape(uint64_t seed, int64_t index, int label, int size) {
    if (label < 0 || label > 9) throw Error(ErrorCode::InvalidArgument, "shape class must be 0..9");
    if (size < 16 || size > 256) throw Error(ErrorCode::InvalidArgument, "shape size must be 16..256");
    Random r(Random::mix(seed ^ 0x5A5E, static_cast<uint64_t>(index)));
    const int hi = size * 4;
    const cv::Scalar bg(r.uniform(0, 110), r.uniform(0, 110), r.uniform(0, 110));
    const cv::Scalar fg(r.uniform(120, 255), r.uniform(120, 255), r.uniform(120, 255));
    cv::Mat img(hi, hi, CV_8UC3, bg);
    const double cx = hi * r.uniform(0.38, 0.62), cy = hi * r.uniform(0.38, 0.62);
    const double s = hi * r.uniform(0.22, 0.32), angle = r.uniform(0, 2 * M_PI);
    auto polygon = [&](int corners, double inner) {  // regular polygon, or a star when inner < 1
        std::vector<cv::Point> pts;
        const int n = inner < 1 ? 2 * corners : corners;
        for (int k = 0; k < n; ++k) {
            const double rr = (inner < 1 && k % 2) ? s * inner : s;
            const double a = angle + k * 2 * M_PI / n;
            pts.emplace_back(static_cast<int>(cx + rr * std::cos(a)),
                             static_cast<int>(cy + rr * std::sin(a)));
        }
        cv::fillPoly(img, std::vector<std::vector<cv::Point>>{pts}, fg, cv::LINE_AA);
    };
    auto bar = [&](double w, double h) {
        cv::RotatedRect rect(cv::Point2f(static_cast<float>(cx), static_cast<float>(cy)),
                             cv::Size2f(static_cast<float>(w), static_cast<float>(h)),
                             static_cast<float>(r.uniform(-10, 10)));
        cv::Point2f v[4];
        rect.points(v);
        std::vector<cv::Point> pts(v, v + 4);
        cv::fillPoly(img, std::vector<std::vector<cv::Point>>{pts}, fg, cv::LINE_AA);
    };
    const cv::Point c(static_cast<int>(cx), static_cast<int>(cy));
    switch (label) {
        case 0:
            cv::circle(img, c, static_cast<int>(s), fg, cv::FILLED, cv::LINE_AA);
            break;
        case 1:
            polygon(4, 1);
            break;
        case 2:
            polygon(3, 1);
            break;
        case 3:
            bar(2 * s, 0.5 * s);
            bar(0.5 * s, 2 * s);
            break;
        case 4:
            cv::circle(img, c, static_cast<int>(s), fg, std::max(2, static_cast<int>(0.3 * s)), cv::LINE_AA);
            break;
        case 5:
            polygon(5, 0.45);
            break;
        case 6:
            polygon(4, 1);
            cv::circle(img, c, static_cast<int>(0.25 * s), bg, cv::FILLED, cv::LINE_AA);
            break;
        case 7:
            bar(2.2 * s, 0.6 * s);
            break;
        case 8:
            bar(0.6 * s, 2.2 * s);
            break;
        case 9:
            cv::ellipse(img, c, cv::Size(static_cast<int>(s), static_cast<int>(0.5 * s)), angle * 180 / M_PI,
                        0, 360, fg, cv::FILLED, cv::LINE_AA);
            break;
    }
    ShapeImage out;
    cv::resize(img, out.image, cv::Size(size, size), 0, 0, cv::INTER_AREA);
    out.label = label;
    return out;
}

}  // namespace mlens
