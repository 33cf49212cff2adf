#pragma once
// Decodes thumbnails on a small worker pool, visible rows first. Each request() replaces the queue
// and bumps a generation counter: queued requests of older generations are dropped without being
// decoded (and decoded when a later request asks for them again). Results land in the
// ThumbnailCache on the GUI thread; an image that cannot be decoded is marked broken there with
// its reason and not tried again.
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
    // decoder(request, pixels, error) -> a thumbnail no larger than pixels x pixels; null when
    // unreadable, with the reason in *error.
    using Decoder = std::function<QImage(const Request&, int, QString*)>;

    // Without a decoder, thumbnails come from the dataset reader (setReader).
    ThumbnailLoader(ThumbnailCache* cache, Decoder decoder = {}, int threads = 2, QObject* parent = nullptr);
    void setReader(std::shared_ptr<const DatasetReader> reader) { m_reader = std::move(reader); }
    ~ThumbnailLoader() override;

    // Wanted thumbnails in priority order, at `bucket`; everything queued before is stale.
    void request(const std::vector<Request>& wanted, int bucket);
    quint64 generation() const { return m_generation; }
    int decoded() const { return m_decoded; }  // decodes finished (for tests and statistics)
    int pending() const { return static_cast<int>(m_queue.size()) + static_cast<int>(m_inFlight.size()); }
    void waitForIdle();

    // The default decoder: the item as it is scored (ItemImage::display), scaled down.
    static QImage decodeThumbnail(const DatasetReader& reader, qint64 id, int pixels,
                                  QString* error = nullptr);

Q_SIGNALS:
    void thumbnailReady(qint64 id, int bucket);  // also when the image turned out broken

private:
    void pump();
    void done(qint64 id, int bucket, const QImage& image, const QString& error);

    ThumbnailCache* m_cache;
    Decoder m_decoder;
    std::shared_ptr<const DatasetReader> m_reader;
    QThreadPool m_pool;
    std::deque<std::pair<Request, int>> m_queue;
    std::unordered_set<qint64> m_inFlight;  // ids being decoded (not queued again: no double work)
    quint64 m_generation = 0;
    int m_decoded = 0, m_threads;
};

}  // namespace widgets
}  // namespace mlens
