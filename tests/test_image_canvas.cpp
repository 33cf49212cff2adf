// The image canvas's readout: the stored value of the pixel under the cursor (16-bit, float and
// colour as stored, not as displayed), its coordinates at any zoom, nothing outside the image, and
// the zoom and window shown in the strip.
#include <QtTest/QtTest>

#include <opencv2/core.hpp>

#include "widgets/image_canvas.h"

using namespace mlens::widgets;

class TestImageCanvas : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void readsTheStoredValueUnderTheCursor() {
        ImageCanvas c;
        c.resize(400, 200);
        c.show();
        QVERIFY(QTest::qWaitForWindowExposed(&c));
        cv::Mat img(20, 10, CV_16UC1);
        for (int y = 0; y < img.rows; ++y)
            for (int x = 0; x < img.cols; ++x)
                img.at<uint16_t>(y, x) = static_cast<uint16_t>(1000 * y + x);
        c.setImage(img, Window{0, 40000});
        // fitted: 20 rows into 200 px = 10 px per pixel, the 100 px wide image centred in 400
        QCOMPARE(c.zoom(), 10.0);
        QCOMPARE(c.pixelReadout(QPointF(150 + 35, 125)), QStringLiteral("x 3, y 12: 12003"));
        QCOMPARE(c.pixelReadout(QPointF(150 + 99.5, 199.5)), QStringLiteral("x 9, y 19: 19009"));
        QVERIFY(c.pixelReadout(QPointF(149, 100)).isEmpty());  // left of the image
        QVERIFY(c.pixelReadout(QPointF(250, 100)).isEmpty());  // right of it
        QMouseEvent move(QEvent::MouseMove, QPointF(185, 125), c.mapToGlobal(QPointF(185, 125)), Qt::NoButton,
                         Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(&c, &move);
        QVERIFY2(c.statusText().startsWith(QStringLiteral("x 3, y 12: 12003")), qPrintable(c.statusText()));
        QVERIFY2(c.statusText().contains(QStringLiteral("zoom 1000 %")), qPrintable(c.statusText()));
        QVERIFY2(c.statusText().contains(QStringLiteral("W 40000 L 20000")), qPrintable(c.statusText()));
    }

    // A shown heat map has a colour bar at the right edge, labelled with the map's own range: red
    // (high) at its top, blue (low) at its bottom, as heatImage colours the map.
    void heatMapHasAColourBar() {
        ImageCanvas c;
        c.resize(300, 300);
        cv::Mat img(10, 10, CV_8UC1, cv::Scalar(0));
        c.setImage(img);
        cv::Mat heat(10, 10, CV_32F);
        for (int i = 0; i < 100; ++i)
            heat.at<float>(i / 10, i % 10) = 0.5f + 0.01f * static_cast<float>(i);  // 0.5 .. 1.49
        c.setOverlay(heat);
        c.setOverlayVisible(true);
        QVERIFY(c.overlayShown());
        QCOMPARE(c.overlayLow(), 0.5);
        QVERIFY(std::abs(c.overlayHigh() - 1.49) < 1e-6);
        const QImage shot = c.grab().toImage();
        const QFontMetrics fm(c.font());
        const int x = 300 - 8 - 6;  // the bar's middle column
        const QColor top = shot.pixelColor(x, 8 + fm.height() + 2);
        const QColor bottom = shot.pixelColor(x, 300 - fm.height() - 14 - 2 * fm.height() + 8 - 4);
        QVERIFY2(top.red() > 200 && top.blue() < 80, qPrintable(top.name()));
        QVERIFY2(bottom.blue() > 200 && bottom.red() < 80, qPrintable(bottom.name()));
        c.setOverlayVisible(false);  // hidden overlay: no bar (the black image shows there)
        const QColor none = c.grab().toImage().pixelColor(x, 8 + fm.height() + 2);
        QVERIFY2(none.red() < 60 && none.blue() < 60, qPrintable(none.name()));
    }

    void floatAndColourPixels() {
        ImageCanvas c;
        c.resize(200, 200);  // 2 x 2 pixels fitted: 100 screen pixels each
        cv::Mat f(2, 2, CV_32FC1, cv::Scalar(-3.25f));
        c.setImage(f, Window{-10, 10});
        QCOMPARE(c.pixelReadout(QPointF(10, 10)), QStringLiteral("x 0, y 0: -3.25"));
        cv::Mat bgr(2, 2, CV_8UC3, cv::Scalar(1, 2, 3));  // OpenCV's order: B, G, R
        c.setImage(bgr);
        QCOMPARE(c.pixelReadout(QPointF(150, 150)), QStringLiteral("x 1, y 1: R 3 G 2 B 1"));
        c.setImage(cv::Mat());
        QVERIFY(c.pixelReadout(QPointF(10, 10)).isEmpty());
        QVERIFY(c.statusText().isEmpty());
    }
};

QTEST_MAIN(TestImageCanvas)
#include "test_image_canvas.moc"
