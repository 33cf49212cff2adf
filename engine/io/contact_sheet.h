#pragma once
// Grids of thumbnails with captions for reports (ranked galleries, baseline-vs-guided panels).
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace mlens::io {

struct Tile {
    cv::Mat image;         // 8-bit gray or BGR
    std::string caption;   // drawn under the tile (may be empty)
    cv::Scalar frame{-1};  // border colour; negative = none
};

// `columns` tiles per row, each scaled (nearest neighbour) to `tile` pixels, with a title on top.
cv::Mat contactSheet(const std::string& title, const std::vector<Tile>& tiles, int columns, int tile = 96);

// Two sheets side by side with a gap (baseline | guided).
cv::Mat sideBySide(const cv::Mat& left, const cv::Mat& right, int gap = 24);

}  // namespace mlens::io
