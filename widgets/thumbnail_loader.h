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

#include "widgets/thumbnail_cache.h"

namespace mlens {
namespace widgets {

class ThumbnailLoader final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ThumbnailLoader)

public:
    struct Request {
        qint64 id;
        QString path;
    };
    // decoder(path, pixels) -> a thumbnail no larger than pixels x pixels (null when unreadable).
    using Decoder = std::function<QImage(const QString&, int)>;

    ThumbnailLoader(ThumbnailCache* cache, Decoder decoder = {}, int threads = 2, QObject* parent = nullptr);
    ~ThumbnailLoader() override;

    // Wanted thumbnails in priority order, at `bucket`; everything queued before is stale.
    void request(const std::vector<Request>& wanted, int bucket);
    quint64 generation() const { return m_generation; }
    int decoded() const { return m_decoded; }  // decodes finished (for tests and statistics)
    int pending() const { return static_cast<int>(m_queue.size()) + m_inFlight; }
    void waitForIdle();

    // The default decoder: any dataset format, 16-bit and gray windowed to 8 bits (0.1-99.9 %).
    static QImage decodeThumbnail(const QString& path, int pixels);

Q_SIGNALS:
    void thumbnailReady(qint64 id, int bucket);

private:
    void pump();
    void done(quint64 generation, qint64 id, int bucket, const QImage& image);

    ThumbnailCache* m_cache;
    Decoder m_decoder;
    QThreadPool m_pool;
    std::deque<std::pair<Request, int>> m_queue;
    std::unordered_set<qint64> m_queued;  // ids in m_queue or in flight (no double work)
    quint64 m_generation = 0;
    int m_inFlight = 0, m_decoded = 0, m_threads;
};

}  // namespace widgets
}  // namespace mlens
