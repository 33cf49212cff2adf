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

QImage ThumbnailLoader::decodeThumbnail(const DatasetReader& reader, qint64 id, int pixels) {
    if (id < 0 || static_cast<size_t>(id) >= reader.size()) return {};
    const ItemImage item = reader.read(static_cast<size_t>(id));
    if (!item.ok()) return {};
    cv::Mat img = item.display;
    const double scale = std::min(1.0, static_cast<double>(pixels) / std::max(img.cols, img.rows));
    if (scale < 1.0)
        cv::resize(img, img,
                   cv::Size(std::max(1, static_cast<int>(img.cols * scale)),
                            std::max(1, static_cast<int>(img.rows * scale))),
                   0, 0, cv::INTER_AREA);
    return toQImage(img);
}

void ThumbnailLoader::request(const std::vector<Request>& wanted, int bucket) {
    ++m_generation;
    m_queue.clear();
    std::unordered_set<qint64> inFlight;
    std::swap(inFlight, m_queued);  // in-flight ids stay reserved until they finish
    for (const auto& r : wanted) {
        if (m_cache->find(r.id, bucket) || inFlight.count(r.id)) continue;
        m_queue.emplace_back(r, bucket);
    }
    for (const auto& [r, b] : m_queue)
        m_queued.insert(r.id);
    for (qint64 id : inFlight)
        m_queued.insert(id);
    pump();
}

void ThumbnailLoader::pump() {
    while (m_inFlight < m_threads && !m_queue.empty()) {
        auto [req, bucket] = m_queue.front();
        m_queue.pop_front();
        ++m_inFlight;
        const quint64 gen = m_generation;
        QPointer<ThumbnailLoader> self(this);
        m_pool.start([self, gen, req = req, bucket = bucket, decoder = m_decoder, reader = m_reader] {
            const int px = bucketPixels(bucket);
            const QImage img = decoder  ? decoder(req, px)
                               : reader ? decodeThumbnail(*reader, req.id, px)
                                        : QImage();
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [self, gen, id = req.id, bucket, img] {
                    if (self) self->done(gen, id, bucket, img);
                },
                Qt::QueuedConnection);
        });
    }
}

void ThumbnailLoader::done(quint64 generation, qint64 id, int bucket, const QImage& image) {
    --m_inFlight;
    ++m_decoded;
    m_queued.erase(id);
    (void)generation;  // a finished decode is still a valid thumbnail, whatever the generation
    if (!image.isNull()) {
        m_cache->insert(id, bucket, image);
        Q_EMIT thumbnailReady(id, bucket);
    }
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
