#pragma once
// Byte-budgeted LRU cache of thumbnails, keyed by image id and size bucket. GUI thread only.
#include <QImage>
#include <QString>

#include <list>
#include <unordered_map>

namespace mlens {
namespace widgets {

class ThumbnailCache {
public:
    explicit ThumbnailCache(qint64 budgetBytes) : m_budget(budgetBytes) {}
    // nullptr when absent; a hit makes the entry most recently used.
    const QImage* find(qint64 id, int bucket);
    void insert(qint64 id, int bucket, const QImage& image);
    // Images that cannot be decoded, with the reason (any size; kept until clear()).
    void markBroken(qint64 id, const QString& reason) { m_broken[id] = reason; }
    const QString* brokenReason(qint64 id) const {
        auto it = m_broken.find(id);
        return it == m_broken.end() ? nullptr : &it->second;
    }
    void clear();
    qint64 bytes() const { return m_bytes; }
    qint64 budget() const { return m_budget; }
    int count() const { return static_cast<int>(m_entries.size()); }

private:
    static qint64 key(qint64 id, int bucket) { return id * 8 + bucket; }
    struct Entry {
        QImage image;
        std::list<qint64>::iterator position;
    };
    std::list<qint64> m_lru;  // most recent first
    std::unordered_map<qint64, Entry> m_entries;
    std::unordered_map<qint64, QString> m_broken;
    qint64 m_bytes = 0, m_budget;
};

// Thumbnails are decoded at one of a few sizes: 0 = 64 px, 1 = 128, 2 = 256, 3 = 512.
int bucketFor(int pixels);
int bucketPixels(int bucket);

}  // namespace widgets
}  // namespace mlens
