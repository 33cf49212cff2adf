#include "widgets/image_convert.h"

#include <opencv2/imgproc.hpp>

namespace mlens {
namespace widgets {

QImage toQImage(const cv::Mat& image) {
    if (image.empty()) return {};
    const int w = image.cols, h = image.rows;
    switch (image.type()) {
        case CV_8UC1:
            return QImage(image.data, w, h, static_cast<qsizetype>(image.step), QImage::Format_Grayscale8)
                .copy();
        case CV_16UC1:
            return QImage(image.data, w, h, static_cast<qsizetype>(image.step), QImage::Format_Grayscale16)
                .copy();
        case CV_8UC3: {
            cv::Mat rgb;
            cv::cvtColor(image, rgb, cv::COLOR_BGR2RGB);
            return QImage(rgb.data, w, h, static_cast<qsizetype>(rgb.step), QImage::Format_RGB888).copy();
        }
        case CV_8UC4: {
            cv::Mat rgba;
            cv::cvtColor(image, rgba, cv::COLOR_BGRA2RGBA);
            return QImage(rgba.data, w, h, static_cast<qsizetype>(rgba.step), QImage::Format_RGBA8888).copy();
        }
        case CV_16UC3: {
            cv::Mat rgba;  // cvtColor fills alpha with the type's maximum
            cv::cvtColor(image, rgba, cv::COLOR_BGR2RGBA);
            return QImage(rgba.data, w, h, static_cast<qsizetype>(rgba.step), QImage::Format_RGBA64).copy();
        }
        default:
            return {};
    }
}

cv::Mat toMat(const QImage& image) {
    if (image.isNull()) return {};
    if (image.format() == QImage::Format_Grayscale8) {
        return cv::Mat(image.height(), image.width(), CV_8UC1, const_cast<uchar*>(image.constBits()),
                       static_cast<size_t>(image.bytesPerLine()))
            .clone();
    }
    const QImage rgba = image.convertToFormat(QImage::Format_RGBA8888);
    cv::Mat bgra;
    cv::cvtColor(cv::Mat(rgba.height(), rgba.width(), CV_8UC4, const_cast<uchar*>(rgba.constBits()),
                         static_cast<size_t>(rgba.bytesPerLine())),
                 bgra, cv::COLOR_RGBA2BGRA);
    if (!image.hasAlphaChannel()) {
        cv::Mat bgr;
        cv::cvtColor(bgra, bgr, cv::COLOR_BGRA2BGR);
        return bgr;
    }
    return bgra;
}

}  // namespace widgets
}  // namespace mlens
