#include "widgets/gallery_model.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mlens {
namespace widgets {

GalleryModel::GalleryModel(ThumbnailCache* cache, QObject* parent)
    : QAbstractListModel(parent), m_cache(cache) {}

void GalleryModel::setRecords(std::vector<GalleryRecord> records) {
    beginResetModel();
    m_records = std::move(records);
    std::vector<size_t> order(m_records.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const double sa = m_records[a].score, sb = m_records[b].score;
        if (std::isnan(sa) != std::isnan(sb)) return std::isnan(sb);
        return sa > sb;
    });
    for (size_t r = 0; r < order.size(); ++r)
        m_records[order[r]].rank = std::isnan(m_records[order[r]].score) ? 0 : static_cast<int>(r + 1);
    m_rowOfId.clear();
    for (size_t i = 0; i < m_records.size(); ++i)
        m_rowOfId[m_records[i].id] = static_cast<int>(i);
    endResetModel();
}

int GalleryModel::rowOf(qint64 id) const {
    auto it = m_rowOfId.find(id);
    return it == m_rowOfId.end() ? -1 : it->second;
}

QString GalleryModel::absolutePath(int row) const {
    return QDir(m_root).filePath(record(row).path);
}

void GalleryModel::setTags(int row, quint32 tags) {
    if (row < 0 || row >= rowCount() || m_records[static_cast<size_t>(row)].tags == tags) return;
    m_records[static_cast<size_t>(row)].tags = tags;
    Q_EMIT dataChanged(index(row), index(row), {TagsRole});
    Q_EMIT annotationEdited(row);
    Q_EMIT annotationsChanged();
}

void GalleryModel::setNote(int row, const QString& note) {
    if (row < 0 || row >= rowCount() || m_records[static_cast<size_t>(row)].note == note) return;
    m_records[static_cast<size_t>(row)].note = note;
    Q_EMIT dataChanged(index(row), index(row), {NoteRole});
    Q_EMIT annotationEdited(row);
    Q_EMIT annotationsChanged();
}

int GalleryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_records.size());
}

QVariant GalleryModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const GalleryRecord& r = m_records[static_cast<size_t>(index.row())];
    switch (role) {
        case Qt::DisplayRole:
            return QFileInfo(r.path).fileName();
        case Qt::ToolTipRole:
            if (const QString* broken = m_cache->brokenReason(r.id))
                return tr("%1\ncannot be read: %2").arg(r.path, *broken);
            return std::isnan(r.score) ? r.path
                                       : tr("%1\nminority score %2 (rank %3)%4")
                                             .arg(r.path)
                                             .arg(r.score, 0, 'g', 5)
                                             .arg(r.rank)
                                             .arg(r.cls >= 0 ? tr(", class %1").arg(r.cls) : QString());
        case IdRole:
            return r.id;
        case PathRole:
            return r.path;
        case ScoreRole:
            return r.score;
        case ClassRole:
            return r.cls;
        case LabelRole:
            return r.label;
        case TagsRole:
            return r.tags;
        case NoteRole:
            return r.note;
        case RankRole:
            return r.rank;
        case BrokenRole: {
            const QString* broken = m_cache->brokenReason(r.id);
            return broken ? *broken : QString();
        }
        case ThumbnailRole: {
            // No I/O here: a cached thumbnail or nothing (the view asks the loader for visible rows).
            if (const QImage* img = m_cache->find(r.id, m_bucket)) return *img;
            for (int b = 3; b >= 0; --b)  // a thumbnail of another size is better than none
                if (b != m_bucket)
                    if (const QImage* img = m_cache->find(r.id, b)) return *img;
            return {};
        }
        default:
            return {};
    }
}

void GalleryModel::thumbnailArrived(qint64 id, int bucket) {
    (void)bucket;
    const int row = rowOf(id);
    if (row >= 0) Q_EMIT dataChanged(index(row), index(row), {ThumbnailRole, BrokenRole, Qt::ToolTipRole});
}

}  // namespace widgets
}  // namespace mlens
