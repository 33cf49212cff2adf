#pragma once
// The one place where engine images (cv::Mat: 8/16-bit gray, BGR, BGRA) become QImage.
// Safe off the GUI thread (QImage only, never QPixmap).
#include <QImage>

#include <opencv2/core/mat.hpp>

namespace mlens {
namespace widgets {

// Deep copy; 16-bit images become Grayscale16 / RGBA64. Returns a null QImage for unsupported types.
QImage toQImage(const cv::Mat& image);

// QImage -> cv::Mat (BGR / BGRA / gray 8-bit), deep copy.
cv::Mat toMat(const QImage& image);

}  // namespace widgets
}  // namespace mlens
