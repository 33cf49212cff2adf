// The detail view's Window button: its menu offers the engine's windows for the item shown (as
// scored, the full range, two percentile windows; a file's own windows when it has them), choosing
// one windows the image, a click goes back to the window it is scored with, and nothing is offered
// for an unreadable file.
#include <QCheckBox>
#include <QMenu>
#include <QToolButton>
#include <QtTest/QtTest>

#include <opencv2/core.hpp>

#include "widgets/detail_panel.h"
#include "widgets/gallery_model.h"
#include "widgets/image_canvas.h"

using namespace mlens;
using namespace mlens::widgets;

class TestDetailPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void windowMenuOffersTheEnginesWindows() {
        DetailPanel panel;
        GalleryRecord r;
        r.path = QStringLiteral("scan.png");
        ItemImage item;
        item.pixels = cv::Mat(8, 8, CV_16UC1);
        for (int i = 0; i < 64; ++i)
            item.pixels.at<uint16_t>(i / 8, i % 8) = static_cast<uint16_t>(100 * i);
        item.windowLow = 500;
        item.windowHigh = 5000;
        WindowPreset file;
        file.kind = WindowPreset::Kind::File;
        file.name = "BRAIN";
        file.low = 0;
        file.high = 80;
        item.fileWindows = {file};
        panel.show(r, QStringLiteral("/data/scan.png"), item, {}, {}, 0);
        QToolButton* b = panel.windowButton();
        QVERIFY(b->isEnabled());
        QVERIFY(b->menu()->actions().isEmpty());  // nothing computed until the menu opens
        Q_EMIT b->menu()->aboutToShow();
        const auto actions = b->menu()->actions();
        QCOMPARE(actions.size(), 5);
        QCOMPARE(actions[0]->text(), QStringLiteral("As scored (level 2750, width 4500)"));
        QCOMPARE(actions[1]->text(), QStringLiteral("The file's BRAIN window (level 40, width 80)"));
        QCOMPARE(actions[2]->text(), QStringLiteral("Full range (0 to 6300)"));
        QVERIFY2(actions[3]->text().startsWith(QStringLiteral("1 to 99 % of the pixel values")),
                 qPrintable(actions[3]->text()));
        actions[2]->trigger();
        QCOMPARE(panel.canvas()->window().low, 0.0);
        QCOMPARE(panel.canvas()->window().high, 6300.0);
        actions[1]->trigger();
        QCOMPARE(panel.canvas()->window().high, 80.0);
        b->click();  // back to the window it is scored with
        QCOMPARE(panel.canvas()->window().low, 500.0);
        QCOMPARE(panel.canvas()->window().high, 5000.0);

        // The reconstruction (model size, here 4 x 4) follows the image's zoom and pan.
        QCheckBox* showRecon = nullptr;
        for (QCheckBox* c : panel.findChildren<QCheckBox*>())
            if (c->text().contains(QStringLiteral("Reconstruction"))) showRecon = c;
        QVERIFY(showRecon);
        cv::Mat recon(4, 4, CV_8UC3, cv::Scalar(9, 9, 9));
        panel.show(r, QStringLiteral("/data/scan.png"), item, {}, recon, 0);
        showRecon->setChecked(true);
        ImageCanvas* reconCanvas = nullptr;
        for (ImageCanvas* c : panel.findChildren<ImageCanvas*>())
            if (c != panel.canvas()) reconCanvas = c;
        QVERIFY(reconCanvas);
        QWheelEvent wheel(QPointF(20, 20), panel.canvas()->mapToGlobal(QPointF(20, 20)), QPoint(),
                          QPoint(0, 240), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(panel.canvas(), &wheel);
        const double width8 = panel.canvas()->zoom() * 8;  // the image's width on screen
        QCOMPARE(reconCanvas->zoom() * 4, width8);
        QCOMPARE(reconCanvas->offset(), panel.canvas()->offset());

        QVERIFY(!reconCanvas->isHidden());
        panel.show(r, QStringLiteral("/data/scan.png"), item, {}, {}, 0);  // no reconstruction for this one
        QVERIFY(reconCanvas->isHidden());  // no empty second canvas, although the box stays checked

        ItemImage broken;
        broken.error = "not a PNG";
        panel.show(r, QStringLiteral("/data/scan.png"), broken, {}, {}, 0);
        QVERIFY(!b->isEnabled());
        Q_EMIT b->menu()->aboutToShow();
        QVERIFY(b->menu()->actions().isEmpty());
    }
};

QTEST_MAIN(TestDetailPanel)
#include "test_detail_panel.moc"
