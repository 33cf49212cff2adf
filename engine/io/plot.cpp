#include "engine/io/plot.h"

#include "engine/api/statistics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <opencv2/imgproc.hpp>

namespace mlens::io {

namespace {

struct Frame {
    cv::Rect area;  // the data area
    double x0, x1, y1, y0 = 0;
    int px(double x) const {
        return area.x + static_cast<int>(std::lround((x - x0) / (x1 - x0) * area.width));
    }
    int py(double y) const {
        return area.y + area.height - static_cast<int>(std::lround((y - y0) / (y1 - y0) * area.height));
    }
};

std::vector<double> niceTicks(double lo, double hi, int target) {
    const double span = hi - lo;
    if (!(span > 0)) return {lo};
    const double raw = span / target, mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * mag >= raw) {
            step = m * mag;
            break;
        }
    std::vector<double> ticks;
    for (double t = std::ceil(lo / step) * step; t <= hi + 1e-9 * span; t += step)
        ticks.push_back(std::abs(t) < 1e-12 * span ? 0 : t);
    return ticks;
}

std::string label(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

void text(cv::Mat& img, const std::string& s, cv::Point at, double scale, int align = 0,
          const cv::Scalar& c = cv::Scalar(40, 40, 40)) {
    int base = 0;
    const cv::Size sz = cv::getTextSize(s, cv::FONT_HERSHEY_SIMPLEX, scale, 1, &base);
    if (align == 1) at.x -= sz.width / 2;
    if (align == 2) at.x -= sz.width;
    cv::putText(img, s, at, cv::FONT_HERSHEY_SIMPLEX, scale, c, 1, cv::LINE_AA);
}

cv::Mat canvas(int width, int height, const std::string& title, const std::string& xLabel,
               const std::string& yLabel, Frame& f) {
    cv::Mat img(height, width, CV_8UC3, cv::Scalar(255, 255, 255));
    f.area = cv::Rect(80, 62, width - 110, height - 132);
    int base = 0;
    const double titleScale =
        std::min(0.7, 0.7 * (width - 40) /
                          std::max(1, cv::getTextSize(title, cv::FONT_HERSHEY_SIMPLEX, 0.7, 1, &base).width));
    text(img, title, {width / 2, 28}, titleScale, 1, cv::Scalar(20, 20, 20));
    text(img, xLabel, {f.area.x + f.area.width / 2, height - 22}, 0.55, 1);
    text(img, yLabel, {12, f.area.y - 10}, 0.5);
    return img;
}

void axes(cv::Mat& img, const Frame& f) {
    const cv::Scalar grid(230, 230, 230), axis(90, 90, 90);
    for (double t : niceTicks(f.x0, f.x1, 6)) {
        cv::line(img, {f.px(t), f.area.y}, {f.px(t), f.area.y + f.area.height}, grid, 1);
        text(img, label(t), {f.px(t), f.area.y + f.area.height + 22}, 0.45, 1);
    }
    for (double t : niceTicks(f.y0, f.y1, 5)) {
        cv::line(img, {f.area.x, f.py(t)}, {f.area.x + f.area.width, f.py(t)}, grid, 1);
        text(img, label(t), {f.area.x - 8, f.py(t) + 5}, 0.45, 2);
    }
    cv::rectangle(img, f.area, axis, 1);
}

void legend(cv::Mat& img, const Frame& f, const std::vector<PlotSeries>& series) {
    int y = f.area.y + 22;
    for (const auto& s : series) {
        const int x = f.area.x + f.area.width - 230;
        cv::rectangle(img, {x, y - 11}, {x + 22, y + 1}, s.color, cv::FILLED);
        text(img, s.name + " (n=" + std::to_string(s.values.size()) + ")", {x + 30, y}, 0.5);
        y += 24;
    }
}

void range(const std::vector<PlotSeries>& series, double& lo, double& hi) {
    std::vector<double> all;
    for (const auto& s : series)
        for (double v : s.values)
            if (std::isfinite(v)) all.push_back(v);
    if (all.empty()) {
        lo = 0;
        hi = 1;
        return;
    }
    std::sort(all.begin(), all.end());
    lo = all[static_cast<size_t>(0.005 * (all.size() - 1))];
    hi = all[static_cast<size_t>(0.995 * (all.size() - 1))];
    if (!(hi > lo)) {
        lo -= 0.5;
        hi += 0.5;
    }
    const double pad = 0.05 * (hi - lo);
    lo -= pad;
    hi += pad;
}

void fillCurve(cv::Mat& img, const Frame& f, const std::vector<double>& xs, const std::vector<double>& ys,
               const cv::Scalar& color) {
    std::vector<cv::Point> poly{{f.px(xs.front()), f.py(0)}};
    for (size_t i = 0; i < xs.size(); ++i)
        poly.emplace_back(f.px(xs[i]), f.py(std::min(ys[i], f.y1)));
    poly.emplace_back(f.px(xs.back()), f.py(0));
    cv::Mat overlay = img.clone();
    cv::fillPoly(overlay, std::vector<std::vector<cv::Point>>{poly}, color, cv::LINE_AA);
    cv::addWeighted(overlay, 0.25, img, 0.75, 0, img);
    std::vector<cv::Point> line(poly.begin() + 1, poly.end() - 1);
    cv::polylines(img, std::vector<std::vector<cv::Point>>{line}, false, color, 2, cv::LINE_AA);
}

}  // namespace

}  // namespace mlens::io

namespace mlens::io {

cv::Scalar seriesColor(size_t index) {
    static const cv::Scalar colors[] = {{120, 120, 120}, {180, 119, 31}, {14, 127, 255},
                                        {44, 160, 44},   {40, 39, 214},  {189, 103, 148}};
    return colors[index % 6];
}

cv::Mat densityPlot(const std::string& title, const std::string& xLabel,
                    const std::vector<PlotSeries>& series, int width, int height) {
    Frame f{};
    range(series, f.x0, f.x1);
    const int points = 300;
    std::vector<double> xs(points);
    for (int i = 0; i < points; ++i)
        xs[static_cast<size_t>(i)] = f.x0 + (f.x1 - f.x0) * i / (points - 1);
    std::vector<std::vector<double>> curves;
    double ymax = 0;
    for (const auto& s : series) {
        const std::vector<double> ys = kernelDensity(s.values, xs);
        ymax = std::max(ymax, *std::max_element(ys.begin(), ys.end()));
        curves.push_back(ys);
    }
    f.y1 = ymax > 0 ? ymax * 1.1 : 1;
    cv::Mat img = canvas(width, height, title, xLabel, "density", f);
    axes(img, f);
    for (size_t k = 0; k < series.size(); ++k)
        fillCurve(img, f, xs, curves[k], series[k].color);
    legend(img, f, series);
    return img;
}

cv::Mat histogramPlot(const std::string& title, const std::string& xLabel,
                      const std::vector<PlotSeries>& series, int bins, int width, int height) {
    Frame f{};
    range(series, f.x0, f.x1);
    const double w = (f.x1 - f.x0) / bins;
    std::vector<std::vector<double>> counts;
    double ymax = 0;
    for (const auto& s : series) {
        std::vector<double> c(static_cast<size_t>(bins), 0.0);
        double n = 0;
        for (double v : s.values)
            if (std::isfinite(v)) {
                const int b = std::clamp(static_cast<int>((v - f.x0) / w), 0, bins - 1);
                c[static_cast<size_t>(b)] += 1;
                n += 1;
            }
        for (double& x : c)
            x = n > 0 ? x / (n * w) : 0;
        ymax = std::max(ymax, *std::max_element(c.begin(), c.end()));
        counts.push_back(c);
    }
    f.y1 = ymax > 0 ? ymax * 1.1 : 1;
    cv::Mat img = canvas(width, height, title, xLabel, "density", f);
    axes(img, f);
    for (size_t k = 0; k < series.size(); ++k) {
        cv::Mat overlay = img.clone();
        for (int b = 0; b < bins; ++b)
            cv::rectangle(overlay, {f.px(f.x0 + b * w) + 1, f.py(counts[k][static_cast<size_t>(b)])},
                          {f.px(f.x0 + (b + 1) * w) - 1, f.py(0)}, series[k].color, cv::FILLED);
        cv::addWeighted(overlay, 0.45, img, 0.55, 0, img);
    }
    legend(img, f, series);
    return img;
}

cv::Mat linePlot(const std::string& title, const std::string& xLabel, const std::string& yLabel,
                 const std::vector<double>& xs, const std::vector<LineSeries>& series, double markX,
                 int width, int height) {
    Frame f{};
    if (xs.empty()) return canvas(width, height, title, xLabel, yLabel, f);
    f.x0 = xs.front();
    f.x1 = xs.back();
    const double xpad = f.x1 > f.x0 ? 0.05 * (f.x1 - f.x0) : 1.0;
    f.x0 -= xpad;
    f.x1 += xpad;
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& s : series)
        for (const auto* v : {&s.ys, &s.lo, &s.hi})
            for (double y : *v)
                if (std::isfinite(y)) {
                    lo = std::min(lo, y);
                    hi = std::max(hi, y);
                }
    if (!(hi >= lo)) lo = 0, hi = 1;
    if (!(hi > lo)) lo -= 0.5, hi += 0.5;
    const double ypad = 0.1 * (hi - lo);
    f.y0 = lo - ypad;
    f.y1 = hi + ypad;
    cv::Mat img = canvas(width, height, title, xLabel, yLabel, f);
    axes(img, f);
    if (f.y0 < 0 && f.y1 > 0)
        cv::line(img, {f.area.x, f.py(0)}, {f.area.x + f.area.width, f.py(0)}, cv::Scalar(150, 150, 150), 1);
    if (std::isfinite(markX)) {
        for (int y = f.area.y; y < f.area.y + f.area.height; y += 12)
            cv::line(img, {f.px(markX), y}, {f.px(markX), std::min(y + 6, f.area.y + f.area.height)},
                     cv::Scalar(60, 60, 200), 2);
        const bool right = f.px(markX) > f.area.x + f.area.width * 3 / 4;  // keep the label inside
        text(img, "chosen: " + label(markX), {f.px(markX) + (right ? -8 : 8), f.area.y + f.area.height - 10},
             0.5, right ? 2 : 0, cv::Scalar(60, 60, 200));
    }
    int legendY = f.area.y + 22;
    for (const auto& s : series) {
        const size_t n = std::min(xs.size(), s.ys.size());
        if (s.lo.size() >= n && s.hi.size() >= n && n > 0) {
            std::vector<cv::Point> band;
            for (size_t i = 0; i < n; ++i)
                band.emplace_back(f.px(xs[i]), f.py(s.hi[i]));
            for (size_t i = n; i-- > 0;)
                band.emplace_back(f.px(xs[i]), f.py(s.lo[i]));
            cv::Mat overlay = img.clone();
            cv::fillPoly(overlay, std::vector<std::vector<cv::Point>>{band}, s.color, cv::LINE_AA);
            cv::addWeighted(overlay, 0.2, img, 0.8, 0, img);
        }
    }
    for (const auto& s : series) {  // lines over every band
        const size_t n = std::min(xs.size(), s.ys.size());
        std::vector<cv::Point> line;
        for (size_t i = 0; i < n; ++i)
            line.emplace_back(f.px(xs[i]), f.py(s.ys[i]));
        cv::polylines(img, std::vector<std::vector<cv::Point>>{line}, false, s.color, 2, cv::LINE_AA);
        for (const auto& p : line)
            cv::circle(img, p, 4, s.color, cv::FILLED, cv::LINE_AA);
    }
    for (const auto& s : series) {  // last: on top of every line
        int base = 0;
        const int w = cv::getTextSize(s.name, cv::FONT_HERSHEY_SIMPLEX, 0.5, 1, &base).width;
        const int x = f.area.x + f.area.width - 40 - w;
        cv::rectangle(img, {x - 4, legendY - 16}, {x + 34 + w, legendY + 6}, cv::Scalar(255, 255, 255),
                      cv::FILLED);
        cv::rectangle(img, {x, legendY - 11}, {x + 22, legendY + 1}, s.color, cv::FILLED);
        text(img, s.name, {x + 30, legendY}, 0.5);
        legendY += 24;
    }
    return img;
}

}  // namespace mlens::io
