#pragma once
// Small, dependency-free plots for reports written by the engine (the GUI draws its own with
// QCustomPlot): overlaid kernel densities and histograms with axes, ticks and a legend.
#include <cmath>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace mlens::io {

struct PlotSeries {
    std::string name;
    std::vector<double> values;
    cv::Scalar color;  // BGR
};

// Gaussian kernel densities (Scott's bandwidth) of each series over a shared axis clipped to the
// 0.5-99.5 % range of all values (outliers do not squash the plot).
cv::Mat densityPlot(const std::string& title, const std::string& xLabel,
                    const std::vector<PlotSeries>& series, int width = 900, int height = 520);

// Overlaid histograms with `bins` common bins, normalised to densities.
cv::Mat histogramPlot(const std::string& title, const std::string& xLabel,
                      const std::vector<PlotSeries>& series, int bins = 40, int width = 900,
                      int height = 520);

struct LineSeries {
    std::string name;
    std::vector<double> ys;      // one per x
    std::vector<double> lo, hi;  // an optional band (e.g. a 95 % interval), one per x
    cv::Scalar color;            // BGR
};

// Lines over shared x positions (ascending), bands shaded; markX (when finite) is drawn as a dashed
// vertical line labelled "chosen".
cv::Mat linePlot(const std::string& title, const std::string& xLabel, const std::string& yLabel,
                 const std::vector<double>& xs, const std::vector<LineSeries>& series, double markX = NAN,
                 int width = 900, int height = 520);

// Default colours: real grey, baseline blue, guided orange, then further ones.
cv::Scalar seriesColor(size_t index);

}  // namespace mlens::io
