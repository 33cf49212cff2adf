#include "widgets/gallery_proxy.h"

#include <cmath>
#include <limits>

namespace mlens {
namespace widgets {

GalleryProxy::GalleryProxy(QObject* parent)
    : QSortFilterProxyModel(parent),
      m_low(std::numeric_limits<double>::quiet_NaN()),
      m_high(std::numeric_limits<double>::quiet_NaN()) {
    setDynamicSortFilter(false);  // re-sorting on every thumbnail arrival would cost O(N log N)
}

void GalleryProxy::setGallery(GalleryModel* model) {
    m_gallery = model;
    setSourceModel(model);
    sort(0, m_rarestFirst ? Qt::DescendingOrder : Qt::AscendingOrder);
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        sort(0, m_rarestFirst ? Qt::DescendingOrder : Qt::AscendingOrder);
        Q_EMIT filterChanged(rowCount());
    });
}

void GalleryProxy::refilter() {
    invalidateFilter();
    // Without dynamic sorting, rows a filter lets back in are appended: restore the rank order.
    sort(0, m_rarestFirst ? Qt::DescendingOrder : Qt::AscendingOrder);
    Q_EMIT filterChanged(rowCount());
}

void GalleryProxy::setScoreRange(double low, double high) {
    m_low = low;
    m_high = high;
    refilter();
}

void GalleryProxy::clearScoreRange() {
    setScoreRange(std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN());
}

void GalleryProxy::setClasses(const QSet<int>& classes) {
    m_classes = classes;
    refilter();
}

void GalleryProxy::setTagMask(quint32 mask) {
    m_tags = mask;
    refilter();
}

void GalleryProxy::setText(const QString& text) {
    m_text = text;
    refilter();
}

void GalleryProxy::setRarestFirst(bool rarestFirst) {
    m_rarestFirst = rarestFirst;
    sort(0, rarestFirst ? Qt::DescendingOrder : Qt::AscendingOrder);
}

bool GalleryProxy::filterAcceptsRow(int sourceRow, const QModelIndex&) const {
    if (!m_gallery) return true;
    const GalleryRecord& r = m_gallery->record(sourceRow);  // direct access: no QVariant per row
    const bool ranged = !std::isnan(m_low) || !std::isnan(m_high);
    if (ranged && (std::isnan(r.score) || (!std::isnan(m_low) && r.score < m_low) ||
                   (!std::isnan(m_high) && r.score > m_high)))
        return false;
    if (!m_classes.isEmpty() && !m_classes.contains(r.cls)) return false;
    if (m_tags && !(r.tags & m_tags)) return false;
    if (!m_text.isEmpty() && !r.path.contains(m_text, Qt::CaseInsensitive)) return false;
    return true;
}

bool GalleryProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    const GalleryRecord& a = m_gallery->record(left.row());
    const GalleryRecord& b = m_gallery->record(right.row());
    // unscored images always come last, whichever the direction
    if (std::isnan(a.score) != std::isnan(b.score))
        return m_rarestFirst ? std::isnan(a.score) : std::isnan(b.score);
    if (a.score != b.score) return a.score < b.score;
    return m_rarestFirst ? a.id > b.id : a.id < b.id;  // stable, deterministic order
}

}  // namespace widgets
}  // namespace mlens
