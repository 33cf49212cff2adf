// The gallery as a user drives it: a 10,000-image gallery scrolled, resized, re-sorted, filtered
// and zoomed while the decoder is slow and another thread keeps a core busy ends with every visible
// tile loaded (none left grey), unreadable images drawn as broken tiles with their reason, and
// every visible tile painted.
#include <QApplication>
#include <QScrollBar>
#include <QtTest/QtTest>

#include <atomic>
#include <random>
#include <thread>

#include "support/test_support.h"
#include "widgets/gallery_model.h"
#include "widgets/gallery_proxy.h"
#include "widgets/gallery_view.h"
#include "widgets/thumbnail_cache.h"
#include "widgets/thumbnail_loader.h"

using namespace mlens::widgets;

namespace {

constexpr int kImages = 10000;

bool isBroken(qint64 id) {
    return id % 97 == 5;
}

// Rows of the proxy whose tiles intersect the viewport.
std::vector<int> visibleRows(GalleryView& view, GalleryProxy& proxy) {
    std::vector<int> rows;
    const QRect vp = view.viewport()->rect();
    for (int row = 0; row < proxy.rowCount(); ++row)
        if (view.visualRect(proxy.index(row, 0)).intersects(vp)) rows.push_back(row);
    return rows;
}

}  // namespace

class TestGalleryView : public QObject {
    Q_OBJECT
    std::atomic<bool> m_busy{true};
    std::thread m_spinner;

private Q_SLOTS:
    void initTestCase() {
        m_spinner = std::thread([this] {  // another job on the machine
            volatile double x = 0;
            while (m_busy.load(std::memory_order_relaxed))
                x = x + 1;
        });
    }
    void cleanupTestCase() {
        m_busy = false;
        m_spinner.join();
    }

    void everyVisibleTileLoadsAfterScrollingResizingAndSorting() {
        ThumbnailCache cache(int64_t{256} << 20);
        std::atomic<int> decodes{0};
        ThumbnailLoader loader(
            &cache,
            [&decodes](const ThumbnailLoader::Request& r, int px, QString* error) {
                ++decodes;
                QThread::msleep(8);  // a slow disk
                if (isBroken(r.id)) {
                    *error = QStringLiteral("truncated file %1").arg(r.id);
                    return QImage();
                }
                QImage img(px, px, QImage::Format_Grayscale8);
                img.fill(static_cast<int>(r.id % 200) + 20);
                return img;
            },
            2);
        GalleryModel model(&cache);
        std::vector<GalleryRecord> records(kImages);
        std::mt19937_64 rng(3);
        std::uniform_real_distribution<double> score(0.0, 1.0);
        for (int i = 0; i < kImages; ++i) {
            records[size_t(i)].id = i;
            records[size_t(i)].path = QStringLiteral("img/%1.png").arg(i, 5, 10, QLatin1Char('0'));
            records[size_t(i)].score = score(rng);
            records[size_t(i)].cls = i % 10;
        }
        model.setRecords(std::move(records));
        GalleryProxy proxy;
        proxy.setGallery(&model);
        GalleryView view(&proxy, &model, &loader);
        view.resize(900, 700);
        view.setThumbnailSize(96);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        // A user's restless minute: fling the scroll bar, scroll back, resize, re-sort, filter, zoom.
        QScrollBar* bar = view.verticalScrollBar();
        std::uniform_int_distribution<int> pick(0, 1000);
        auto settle = [](int ms) { QTest::qWait(ms); };
        std::vector<int> paused;  // where the user paused long enough for thumbnails to be requested
        for (int i = 0; i < 40; ++i) {
            bar->setValue(bar->minimum() + (bar->maximum() - bar->minimum()) * pick(rng) / 1000);
            if (i % 5 == 0) paused.push_back(bar->value());
            settle(i % 5 == 0 ? 100 : 5);  // mostly faster than the decoder, sometimes a pause
        }

        bar->setValue(0);
        settle(30);
        view.resize(1100, 800);
        settle(10);
        view.resize(700, 600);
        proxy.setRarestFirst(false);
        settle(10);
        proxy.setRarestFirst(true);
        proxy.setClasses({3, 7});
        settle(20);
        proxy.setClasses({});
        view.setThumbnailSize(140);
        for (int i = 0; i < 10; ++i) {
            bar->setValue(bar->value() + bar->pageStep());
            settle(3);
        }
        bar->setValue(bar->value() - 3 * bar->pageStep());
        settle(60);
        // Back, at the first size and width, to places whose requests went stale half-done.
        view.setThumbnailSize(96);
        view.resize(900, 700);
        for (int v : paused) {
            bar->setValue(v);
            settle(10);
        }
        bar->setValue(paused.front());

        // Idle: the loader finishes and every visible tile has its thumbnail or is marked broken.
        QTRY_VERIFY_WITH_TIMEOUT(loader.pending() == 0, mlens::test::waitMs(120000));
        QTest::qWait(100);  // the view's debounced request after the last scroll
        QTRY_VERIFY_WITH_TIMEOUT(loader.pending() == 0, mlens::test::waitMs(120000));
        const std::vector<int> rows = visibleRows(view, proxy);
        QVERIFY(rows.size() >= 12);
        int broken = 0;
        for (int row : rows) {
            const QModelIndex i = proxy.index(row, 0);
            const qint64 id = i.data(GalleryModel::IdRole).toLongLong();
            if (isBroken(id)) {
                ++broken;
                QCOMPARE(i.data(GalleryModel::BrokenRole).toString(),
                         QStringLiteral("truncated file %1").arg(id));
                QVERIFY(i.data(Qt::ToolTipRole).toString().contains(QStringLiteral("truncated file")));
            } else {
                QVERIFY2(cache.find(id, model.bucket()),  // at the size shown, not a smaller stand-in
                         qPrintable(QStringLiteral("visible tile %1 (row %2) stayed grey").arg(id).arg(row)));
                QVERIFY(!i.data(GalleryModel::ThumbnailRole).value<QImage>().isNull());
                QVERIFY(i.data(GalleryModel::BrokenRole).toString().isEmpty());
            }
        }
        QVERIFY(decodes.load() < kImages);  // only what was looked at was decoded
        qInfo("%d visible tiles loaded (%d broken), %d decodes for %d images", int(rows.size()), broken,
              decodes.load(), kImages);

        // What the user sees: a visible broken tile is drawn crossed out in red, not grey.
        bar->setValue(0);
        proxy.setText(QStringLiteral("00005"));  // img/00005.png: broken
        QTRY_VERIFY_WITH_TIMEOUT(loader.pending() == 0, mlens::test::waitMs(120000));
        QTest::qWait(100);
        QTRY_VERIFY_WITH_TIMEOUT(loader.pending() == 0, mlens::test::waitMs(120000));
        QCOMPARE(proxy.rowCount(), 1);
        const QImage shot = view.viewport()->grab().toImage();
        const QRect tile = view.visualRect(proxy.index(0, 0)).intersected(shot.rect());
        int red = 0;
        for (int y = tile.top(); y <= tile.bottom(); ++y)
            for (int x = tile.left(); x <= tile.right(); ++x) {
                const QColor c = shot.pixelColor(x, y);
                red += c.red() > 180 && c.green() < 80 && c.blue() < 80;
            }
        QVERIFY2(red > 50, qPrintable(QStringLiteral("%1 red pixels on the broken tile").arg(red)));
    }
};

QTEST_MAIN(TestGalleryView)
#include "test_gallery_view.moc"
