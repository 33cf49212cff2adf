#include "engine/io/contact_sheet.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>

namespace mlens::io {

cv::Mat contactSheet(const std::string& title, const std::vector<Tile>& tiles, int columns, int tile) {
    const bool captions =
        std::any_of(tiles.begin(), tiles.end(), [](const Tile& t) { return !t.caption.empty(); });
    const int pad = 6, captionH = captions ? 18 : 0, titleH = title.empty() ? 0 : 36;
    const int rows =
        static_cast<int>((tiles.size() + static_cast<size_t>(columns) - 1) / static_cast<size_t>(columns));
    const int cellW = tile + pad, cellH = tile + pad + captionH;
    cv::Mat sheet(titleH + std::max(1, rows) * cellH + pad, columns * cellW + pad, CV_8UC3,
                  cv::Scalar(255, 255, 255));
    if (!title.empty())
        cv::putText(sheet, title, {pad + 2, 24}, cv::FONT_HERSHEY_SIMPLEX, 0.6, cv::Scalar(20, 20, 20), 1,
                    cv::LINE_AA);
    for (size_t i = 0; i < tiles.size(); ++i) {
        const int x = pad + static_cast<int>(i % static_cast<size_t>(columns)) * cellW;
        const int y = titleH + pad + static_cast<int>(i / static_cast<size_t>(columns)) * cellH;
        cv::Mat img = tiles[i].image;
        if (img.channels() == 1) cv::cvtColor(img, img, cv::COLOR_GRAY2BGR);
        cv::Mat scaled;
        cv::resize(img, scaled, cv::Size(tile, tile), 0, 0,
                   img.cols < tile ? cv::INTER_NEAREST : cv::INTER_AREA);
        scaled.copyTo(sheet(cv::Rect(x, y, tile, tile)));
        if (tiles[i].frame[0] >= 0)
            cv::rectangle(sheet, cv::Rect(x - 2, y - 2, tile + 4, tile + 4), tiles[i].frame, 2);
        if (!tiles[i].caption.empty())
            cv::putText(sheet, tiles[i].caption, {x, y + tile + 14}, cv::FONT_HERSHEY_SIMPLEX, 0.4,
                        cv::Scalar(50, 50, 50), 1, cv::LINE_AA);
    }
    return sheet;
}

cv::Mat sideBySide(const cv::Mat& left, const cv::Mat& right, int gap) {
    cv::Mat out(std::max(left.rows, right.rows), left.cols + gap + right.cols, CV_8UC3,
                cv::Scalar(255, 255, 255));
    left.copyTo(out(cv::Rect(0, 0, left.cols, left.rows)));
    right.copyTo(out(cv::Rect(left.cols + gap, 0, right.cols, right.rows)));
    return out;
}

}  // namespace mlens::io
