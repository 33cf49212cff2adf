#include "widgets/thumbnail_loader.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QPointer>

#include <opencv2/imgproc.hpp>

#include "widgets/image_convert.h"

namespace mlens {
namespace widgets {

ThumbnailLoader::ThumbnailLoader(ThumbnailCache* cache, Decoder decoder, int threads, QObject* parent)
    : QObject(parent), m_cache(cache), m_decoder(std::move(decoder)), m_threads(threads) {
    m_pool.setMaxThreadCount(threads);
}

ThumbnailLoader::~ThumbnailLoader() {
    m_queue.clear();
    m_pool.waitForDone();
}

QImage ThumbnailLoader::decodeThumbnail(const DatasetReader& reader, qint64 id, int pixels, QString* error) {
    if (id < 0 || static_cast<size_t>(id) >= reader.size()) {
        if (error) *error = tr("not in the dataset");
        return {};
    }
    const ItemImage item = reader.read(static_cast<size_t>(id));
    if (!item.ok()) {
        if (error) *error = QString::fromStdString(item.error);
        return {};
    }
    cv::Mat img = item.display;
    const double scale = std::min(1.0, static_cast<double>(pixels) / std::max(img.cols, img.rows));
    if (scale < 1.0)
        cv::resize(img, img,
                   cv::Size(std::max(1, static_cast<int>(img.cols * scale)),
                            std::max(1, static_cast<int>(img.rows * scale))),
                   0, 0, cv::INTER_AREA);
    return toQImage(img);
}

namespace {
qint64 slot(qint64 id, int bucket) {
    return id * 8 + bucket;
}
}  // namespace

void ThumbnailLoader::request(const std::vector<Request>& wanted, int bucket) {
    ++m_generation;
    m_queue.clear();  // stale: dropped undecoded, queued again when asked for again
    std::unordered_set<qint64> queued;
    for (const auto& r : wanted) {
        if (m_cache->find(r.id, bucket) || m_cache->brokenReason(r.id) ||
            m_inFlight.count(slot(r.id, bucket)) || !queued.insert(r.id).second)
            continue;
        m_queue.emplace_back(r, bucket);
    }
    pump();
}

void ThumbnailLoader::pump() {
    while (static_cast<int>(m_inFlight.size()) < m_threads && !m_queue.empty()) {
        auto [req, bucket] = m_queue.front();
        m_queue.pop_front();
        m_inFlight.insert(slot(req.id, bucket));
        QPointer<ThumbnailLoader> self(this);
        m_pool.start([self, req = req, bucket = bucket, decoder = m_decoder, reader = m_reader] {
            const int px = bucketPixels(bucket);
            QString error;
            QImage img;
            try {
                img = decoder  ? decoder(req, px, &error)
                      : reader ? decodeThumbnail(*reader, req.id, px, &error)
                               : QImage();
            } catch (const std::exception& e) {  // a decoder must never take the application down
                img = QImage();
                error = QString::fromUtf8(e.what());
            }
            if (img.isNull() && error.isEmpty()) error = tr("could not be decoded");
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [self, id = req.id, bucket, img, error] {
                    if (self) self->done(id, bucket, img, error);
                },
                Qt::QueuedConnection);
        });
    }
}

void ThumbnailLoader::done(qint64 id, int bucket, const QImage& image, const QString& error) {
    m_inFlight.erase(slot(id, bucket));
    ++m_decoded;
    // A finished decode is still a valid thumbnail, whatever the generation.
    if (image.isNull())
        m_cache->markBroken(id, error);
    else
        m_cache->insert(id, bucket, image);
    Q_EMIT thumbnailReady(id, bucket);
    pump();
}

void ThumbnailLoader::waitForIdle() {
    QElapsedTimer t;
    t.start();
    while (pending() > 0 && t.elapsed() < 30000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        m_pool.waitForDone(5);
    }
}

}  // namespace widgets
}  // namespace mlens
