#include "widgets/thumbnail_cache.h"

namespace mlens {
namespace widgets {

int bucketFor(int pixels) {
    int b = 0;
    while (b < 3 && bucketPixels(b) < pixels)
        ++b;
    return b;
}

int bucketPixels(int bucket) {
    return 64 << bucket;
}

const QImage* ThumbnailCache::find(qint64 id, int bucket) {
    auto it = m_entries.find(key(id, bucket));
    if (it == m_entries.end()) return nullptr;
    m_lru.splice(m_lru.begin(), m_lru, it->second.position);
    return &it->second.image;
}

void ThumbnailCache::insert(qint64 id, int bucket, const QImage& image) {
    const qint64 k = key(id, bucket);
    if (auto it = m_entries.find(k); it != m_entries.end()) {
        m_bytes -= it->second.image.sizeInBytes();
        m_lru.erase(it->second.position);
        m_entries.erase(it);
    }
    m_lru.push_front(k);
    m_entries.emplace(k, Entry{image, m_lru.begin()});
    m_bytes += image.sizeInBytes();
    while (m_bytes > m_budget && m_lru.size() > 1) {  // evict the least recently used
        auto victim = m_entries.find(m_lru.back());
        m_bytes -= victim->second.image.sizeInBytes();
        m_entries.erase(victim);
        m_lru.pop_back();
    }
}

void ThumbnailCache::clear() {
    m_entries.clear();
    m_broken.clear();
    m_lru.clear();
    m_bytes = 0;
}

}  // namespace widgets
}  // namespace mlens
