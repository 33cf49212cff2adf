// Thumbnails: decoded off the GUI thread, visible rows first, stale requests dropped without being
// decoded, and a cache that never holds more bytes than its budget.
#include <QSignalSpy>
#include <QtTest/QtTest>

#include <atomic>
#include <mutex>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "widgets/thumbnail_cache.h"
#include "widgets/thumbnail_loader.h"

using namespace mlens::widgets;

namespace {
// A decoder that records what it decodes and can be held at a gate.
struct GatedDecoder {
    std::mutex m;
    QStringList decoded;
    std::atomic<bool> open{true};
    QImage operator()(const QString& path, int pixels) {
        while (!open.load())
            QThread::msleep(2);
        {
            std::lock_guard<std::mutex> lock(m);
            decoded << path;
        }
        QImage img(pixels, pixels, QImage::Format_RGB32);
        img.fill(Qt::gray);
        return img;
    }
};

std::vector<ThumbnailLoader::Request> requests(int from, int to) {
    std::vector<ThumbnailLoader::Request> r;
    for (int i = from; i < to; ++i)
        r.push_back({i, QStringLiteral("img_%1").arg(i)});
    return r;
}
}  // namespace

class TestThumbnailLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cacheRespectsItsBudget() {
        QImage tile(64, 64, QImage::Format_RGB32);  // 16 KiB
        ThumbnailCache cache(10 * tile.sizeInBytes());
        for (int i = 0; i < 50; ++i) {
            cache.insert(i, 0, tile);
            QVERIFY(cache.bytes() <= cache.budget());
        }
        QCOMPARE(cache.count(), 10);
        QVERIFY(cache.find(49, 0));
        QVERIFY(!cache.find(0, 0));  // least recently used went first
        QVERIFY(cache.find(40, 0));  // touch 40: it survives the next insertions
        for (int i = 50; i < 58; ++i)
            cache.insert(i, 0, tile);
        QVERIFY(cache.find(40, 0));
        QVERIFY(!cache.find(41, 0));
        cache.insert(57, 0, tile);  // replacing an entry does not count it twice
        QCOMPARE(cache.bytes(), 10 * tile.sizeInBytes());
        QCOMPARE(bucketFor(48), 0);
        QCOMPARE(bucketFor(128), 1);
        QCOMPARE(bucketFor(200), 2);
        QCOMPARE(bucketFor(5000), 3);
    }

    void staleRequestsAreDroppedUndecoded() {
        auto decoder = std::make_shared<GatedDecoder>();
        decoder->open = false;
        ThumbnailCache cache(64 << 20);
        ThumbnailLoader loader(
            &cache,
            [decoder](const ThumbnailLoader::Request& r, int s, QString*) { return (*decoder)(r.path, s); },
            2);
        loader.request(requests(0, 200), 0);  // a fast scroll: these are stale at once
        loader.request(requests(1000, 1020), 0);
        decoder->open = true;
        loader.waitForIdle();
        // Only the two decodes already in flight at the first request survive from it.
        int stale = 0, fresh = 0;
        for (const QString& p : decoder->decoded)
            (p.mid(4).toInt() < 1000 ? stale : fresh)++;
        QVERIFY2(stale <= 2, qPrintable(QStringLiteral("%1 stale decodes").arg(stale)));
        QCOMPARE(fresh, 20);
        for (int i = 1000; i < 1020; ++i)
            QVERIFY(cache.find(i, 0));
        QCOMPARE(loader.pending(), 0);
        // Scrolling back: the thumbnails dropped as stale are decoded when asked for again.
        loader.request(requests(0, 30), 0);
        loader.waitForIdle();
        for (int i = 0; i < 30; ++i)
            QVERIFY2(cache.find(i, 0), qPrintable(QStringLiteral("thumbnail %1 never loaded").arg(i)));
        QCOMPARE(decoder->decoded.size(), stale + 20 + (30 - stale));
    }

    void brokenImagesAreMarkedOnceWithTheirReason() {
        std::atomic<int> calls{0};
        ThumbnailCache cache(64 << 20);
        ThumbnailLoader loader(
            &cache,
            [&calls](const ThumbnailLoader::Request& r, int s, QString* error) {
                ++calls;
                if (r.id == 3) {
                    *error = QStringLiteral("truncated PNG");
                    return QImage();
                }
                if (r.id == 4) throw std::runtime_error("decoder threw");
                QImage img(s, s, QImage::Format_Grayscale8);
                img.fill(100);
                return img;
            },
            2);
        QSignalSpy ready(&loader, &ThumbnailLoader::thumbnailReady);
        loader.request(requests(0, 6), 0);
        loader.waitForIdle();
        QCOMPARE(ready.count(), 6);  // broken ones are reported too, so their tiles repaint
        QVERIFY(!cache.find(3, 0) && cache.brokenReason(3));
        QCOMPARE(*cache.brokenReason(3), QStringLiteral("truncated PNG"));
        QCOMPARE(*cache.brokenReason(4), QStringLiteral("decoder threw"));
        QVERIFY(!cache.brokenReason(2));
        loader.request(requests(0, 6), 1);  // another size: the broken ones are not tried again
        loader.waitForIdle();
        QCOMPARE(calls.load(), 6 + 4);
    }

    void visibleRowsFirstAndNoDoubleWork() {
        auto decoder = std::make_shared<GatedDecoder>();
        ThumbnailCache cache(64 << 20);
        ThumbnailLoader loader(
            &cache,
            [decoder](const ThumbnailLoader::Request& r, int s, QString*) { return (*decoder)(r.path, s); },
            1);
        QSignalSpy ready(&loader, &ThumbnailLoader::thumbnailReady);
        loader.request(requests(0, 10), 1);
        loader.waitForIdle();
        QCOMPARE(ready.count(), 10);
        QCOMPARE(decoder->decoded.first(), QStringLiteral("img_0"));  // in priority order
        QCOMPARE(decoder->decoded.last(), QStringLiteral("img_9"));
        loader.request(requests(0, 12), 1);  // cached ones are not decoded again
        loader.waitForIdle();
        QCOMPARE(decoder->decoded.size(), 12);
        QCOMPARE(ready.last().at(1).toInt(), 1);
    }

    void defaultDecoderHandlesSixteenBitAndBadFiles() {
        QTemporaryDir dir;
        cv::Mat img16(300, 200, CV_16UC1);
        for (int y = 0; y < img16.rows; ++y)
            img16.row(y).setTo(1000 + 400 * y / img16.rows);  // a narrow range: windowing stretches it
        const QString good = dir.filePath(QStringLiteral("mr.png")),
                      bad = dir.filePath(QStringLiteral("bad.png"));
        QVERIFY(cv::imwrite(good.toStdString(), img16));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a png");
        f.close();
        const mlens::DatasetReader reader(mlens::scanDataset(dir.path().toStdString()));  // bad.png, mr.png
        const QImage t = ThumbnailLoader::decodeThumbnail(reader, 1, 128);
        QCOMPARE(t.size(), QSize(85, 128));
        int lo = 255, hi = 0;
        for (int y = 0; y < t.height(); ++y)
            for (int x = 0; x < t.width(); ++x) {
                lo = std::min(lo, qGray(t.pixel(x, y)));
                hi = std::max(hi, qGray(t.pixel(x, y)));
            }
        QVERIFY2(hi - lo > 100, "16-bit thumbnails are windowed to their percentiles");
        QVERIFY(ThumbnailLoader::decodeThumbnail(reader, 0, 128).isNull());
    }
};

QTEST_MAIN(TestThumbnailLoader)
#include "test_thumbnail_loader.moc"
