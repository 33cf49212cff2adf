#include "widgets/gallery_proxy.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mlens {
namespace widgets {

GalleryProxy::GalleryProxy(QObject* parent)
    : QAbstractProxyModel(parent),
      m_low(std::numeric_limits<double>::quiet_NaN()),
      m_high(std::numeric_limits<double>::quiet_NaN()) {}

void GalleryProxy::setGallery(GalleryModel* model) {
    if (m_gallery) disconnect(m_gallery, nullptr, this, nullptr);
    beginResetModel();
    m_gallery = model;
    setSourceModel(model);
    m_rows = filteredSorted();
    rebuildInverse();
    endResetModel();
    if (!model) return;
    connect(model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { beginResetModel(); });
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        m_rows = filteredSorted();
        rebuildInverse();
        endResetModel();
        Q_EMIT filterChanged(rowCount());
    });
    // a thumbnail, a tag or a note of one image: that row only, never a re-sort
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex& from, const QModelIndex& to, const QList<int>& roles) {
                for (int r = from.row(); r <= to.row(); ++r) {
                    const int p = r >= 0 && r < static_cast<int>(m_fromSource.size())
                                      ? m_fromSource[static_cast<size_t>(r)]
                                      : -1;
                    if (p >= 0) Q_EMIT dataChanged(index(p, 0), index(p, 0), roles);
                }
            });
}

bool GalleryProxy::accepts(const GalleryRecord& r) const {
    const bool ranged = !std::isnan(m_low) || !std::isnan(m_high);
    if (ranged && (std::isnan(r.score) || (!std::isnan(m_low) && r.score < m_low) ||
                   (!std::isnan(m_high) && r.score > m_high)))
        return false;
    if (!m_classes.isEmpty() && !m_classes.contains(r.cls)) return false;
    if (m_tags && !(r.tags & m_tags)) return false;
    if (!m_text.isEmpty() && !r.path.contains(m_text, Qt::CaseInsensitive)) return false;
    return true;
}

std::vector<int> GalleryProxy::filteredSorted() const {
    std::vector<int> rows;
    if (!m_gallery) return rows;
    const std::vector<GalleryRecord>& recs = m_gallery->records();
    rows.reserve(recs.size());
    for (size_t i = 0; i < recs.size(); ++i)
        if (accepts(recs[i])) rows.push_back(static_cast<int>(i));
    // rarest first: highest score first; either way unscored images last, ties by id (deterministic)
    const bool rarest = m_rarestFirst;
    std::sort(rows.begin(), rows.end(), [&recs, rarest](int x, int y) {
        const GalleryRecord& a = recs[static_cast<size_t>(x)];
        const GalleryRecord& b = recs[static_cast<size_t>(y)];
        const bool na = std::isnan(a.score), nb = std::isnan(b.score);
        if (na != nb) return nb;
        if (!na && a.score != b.score) return rarest ? a.score > b.score : a.score < b.score;
        return a.id < b.id;
    });
    return rows;
}

void GalleryProxy::rebuildInverse() {
    m_fromSource.assign(m_gallery ? m_gallery->records().size() : 0, -1);
    for (size_t p = 0; p < m_rows.size(); ++p)
        m_fromSource[static_cast<size_t>(m_rows[p])] = static_cast<int>(p);
}

void GalleryProxy::relayout() {
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList persistent = persistentIndexList();
    QList<int> sourceRows;  // where each persistent index points, before
    for (const QModelIndex& i : persistent)
        sourceRows << (i.isValid() && i.row() < static_cast<int>(m_rows.size())
                           ? m_rows[static_cast<size_t>(i.row())]
                           : -1);
    m_rows = filteredSorted();
    rebuildInverse();
    QModelIndexList moved;
    for (int s : sourceRows) {
        const int p = s >= 0 ? m_fromSource[static_cast<size_t>(s)] : -1;
        moved << (p >= 0 ? createIndex(p, 0) : QModelIndex());
    }
    changePersistentIndexList(persistent, moved);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    Q_EMIT filterChanged(rowCount());
}

void GalleryProxy::setScoreRange(double low, double high) {
    m_low = low;
    m_high = high;
    relayout();
}

void GalleryProxy::clearScoreRange() {
    setScoreRange(std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN());
}

void GalleryProxy::setClasses(const QSet<int>& classes) {
    m_classes = classes;
    relayout();
}

void GalleryProxy::setTagMask(quint32 mask) {
    m_tags = mask;
    relayout();
}

void GalleryProxy::setText(const QString& text) {
    m_text = text;
    relayout();
}

void GalleryProxy::setRarestFirst(bool rarestFirst) {
    m_rarestFirst = rarestFirst;
    relayout();
}

QModelIndex GalleryProxy::index(int row, int column, const QModelIndex& parent) const {
    if (parent.isValid() || column != 0 || row < 0 || row >= static_cast<int>(m_rows.size())) return {};
    return createIndex(row, column);
}

int GalleryProxy::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QModelIndex GalleryProxy::mapToSource(const QModelIndex& proxyIndex) const {
    if (!m_gallery || !proxyIndex.isValid() || proxyIndex.model() != this ||
        proxyIndex.row() >= static_cast<int>(m_rows.size()))
        return {};
    return m_gallery->index(m_rows[static_cast<size_t>(proxyIndex.row())], 0);
}

QModelIndex GalleryProxy::mapFromSource(const QModelIndex& sourceIndex) const {
    if (!m_gallery || !sourceIndex.isValid() || sourceIndex.row() >= static_cast<int>(m_fromSource.size()))
        return {};
    const int p = m_fromSource[static_cast<size_t>(sourceIndex.row())];
    return p >= 0 ? createIndex(p, 0) : QModelIndex();
}

}  // namespace widgets
}  // namespace mlens
