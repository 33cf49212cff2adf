// Engine images reach Qt with the right channel order and depth.
#include <QtTest/QtTest>

#include <opencv2/core.hpp>

#include "widgets/image_convert.h"

using mlens::widgets::toMat;
using mlens::widgets::toQImage;

class TestImageConvert : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bgrBecomesRgb() {
        const cv::Mat bgr(2, 3, CV_8UC3, cv::Scalar(10, 20, 30));  // B, G, R
        const QImage q = toQImage(bgr);
        QCOMPARE(q.size(), QSize(3, 2));
        QCOMPARE(q.pixelColor(2, 1), QColor(30, 20, 10));
        QCOMPARE(toMat(q).at<cv::Vec3b>(1, 2), cv::Vec3b(10, 20, 30));
    }

    void grayAndSixteenBit() {
        cv::Mat g(4, 4, CV_8UC1, cv::Scalar(77));
        QCOMPARE(toQImage(g).format(), QImage::Format_Grayscale8);
        QCOMPARE(qGray(toQImage(g).pixel(3, 3)), 77);
        cv::Mat g16(4, 4, CV_16UC1, cv::Scalar(65535));
        QCOMPARE(toQImage(g16).format(), QImage::Format_Grayscale16);
        QCOMPARE(toQImage(g16).pixelColor(0, 0).red(), 255);
        cv::Mat c16(2, 2, CV_16UC3, cv::Scalar(0, 0, 65535));
        QCOMPARE(toQImage(c16).pixelColor(1, 1), QColor(255, 0, 0));
    }

    void unsupportedIsNull() { QVERIFY(toQImage(cv::Mat(2, 2, CV_32FC1)).isNull()); }

    void stridedRoisCopyCorrectly() {
        cv::Mat big(10, 10, CV_8UC1, cv::Scalar(0));
        big(cv::Rect(2, 2, 3, 3)).setTo(200);
        const QImage q = toQImage(big(cv::Rect(2, 2, 3, 3)));
        QCOMPARE(q.size(), QSize(3, 3));
        QCOMPARE(qGray(q.pixel(2, 2)), 200);
    }
};

QTEST_APPLESS_MAIN(TestImageConvert)
#include "test_image_convert.moc"
