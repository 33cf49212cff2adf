#pragma once
// Decodes thumbnails on a small worker pool, visible rows first. Each request() replaces the queue
// and bumps a generation counter: queued requests of older generations are dropped without being
// decoded. Results land in the ThumbnailCache on the GUI thread.
#include <QImage>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <unordered_set>

#include "engine/api/dataset.h"
#include "widgets/thumbnail_cache.h"

namespace mlens {
namespace widgets {

class ThumbnailLoader final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ThumbnailLoader)

public:
    struct Request {
        qint64 id;  // the record id: the item's index in the dataset listing
        QString path;
    };
    // decoder(request, pixels) -> a thumbnail no larger than pixels x pixels (null when unreadable).
    using Decoder = std::function<QImage(const Request&, int)>;

    // Without a decoder, thumbnails come from the dataset reader (setReader).
    ThumbnailLoader(ThumbnailCache* cache, Decoder decoder = {}, int threads = 2, QObject* parent = nullptr);
    void setReader(std::shared_ptr<const DatasetReader> reader) { m_reader = std::move(reader); }
    ~ThumbnailLoader() override;

    // Wanted thumbnails in priority order, at `bucket`; everything queued before is stale.
    void request(const std::vector<Request>& wanted, int bucket);
    quint64 generation() const { return m_generation; }
    int decoded() const { return m_decoded; }  // decodes finished (for tests and statistics)
    int pending() const { return static_cast<int>(m_queue.size()) + m_inFlight; }
    void waitForIdle();

    // The default decoder: the item as it is scored (ItemImage::display), scaled down.
    static QImage decodeThumbnail(const DatasetReader& reader, qint64 id, int pixels);

Q_SIGNALS:
    void thumbnailReady(qint64 id, int bucket);

private:
    void pump();
    void done(quint64 generation, qint64 id, int bucket, const QImage& image);

    ThumbnailCache* m_cache;
    Decoder m_decoder;
    std::shared_ptr<const DatasetReader> m_reader;
    QThreadPool m_pool;
    std::deque<std::pair<Request, int>> m_queue;
    std::unordered_set<qint64> m_queued;  // ids in m_queue or in flight (no double work)
    quint64 m_generation = 0;
    int m_inFlight = 0, m_decoded = 0, m_threads;
};

}  // namespace widgets
}  // namespace mlens
