#pragma once
// The gallery's item model: plain records (no I/O in data()), thumbnails from the cache.
#include <QAbstractListModel>
#include <QImage>
#include <QString>
#include <QVector>

#include <unordered_map>
#include <vector>

#include "widgets/thumbnail_cache.h"

namespace mlens {
namespace widgets {

// Tag bit flags (a plain enum: lupdate misparses enums with an underlying type).
enum Tag { TagRare = 1, TagArtifact = 2, TagReview = 4 };

struct GalleryRecord {
    qint64 id = 0;
    QString path;      // relative to the dataset root
    double score = 0;  // NaN when unscored
    int cls = -1;
    QString label;
    QVector<double> distances;
    quint32 tags = 0;
    QString note;
    int rank = 0;                    // 1 = highest score; 0 when unscored
    qint32 source = -1, frame = -1;  // the volume it is a slice of (the dataset's source), and the slice
};

class GalleryModel final : public QAbstractListModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GalleryModel)

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        PathRole,
        ScoreRole,
        ClassRole,
        LabelRole,
        TagsRole,
        NoteRole,
        RankRole,
        ThumbnailRole,
        BrokenRole  // why the image cannot be decoded; empty while it is fine or not tried yet
    };

    GalleryModel(ThumbnailCache* cache, QObject* parent = nullptr);

    void setRecords(std::vector<GalleryRecord> records);  // computes ranks
    const std::vector<GalleryRecord>& records() const { return m_records; }
    const GalleryRecord& record(int row) const { return m_records[static_cast<size_t>(row)]; }
    int rowOf(qint64 id) const;
    void setRoot(const QString& root) { m_root = root; }
    const QString& root() const { return m_root; }
    QString absolutePath(int row) const;
    void setBucket(int bucket) { m_bucket = bucket; }
    int bucket() const { return m_bucket; }

    void setTags(int row, quint32 tags);
    void setNote(int row, const QString& note);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

    // Repaints a row whose thumbnail arrived.
    void thumbnailArrived(qint64 id, int bucket);

Q_SIGNALS:
    void annotationsChanged();       // tags or notes changed
    void annotationEdited(int row);  // ... of this row (written to the workspace's store at once)

private:
    std::vector<GalleryRecord> m_records;
    std::unordered_map<qint64, int> m_rowOfId;
    ThumbnailCache* m_cache;
    QString m_root;
    int m_bucket = 1;
};

}  // namespace widgets
}  // namespace mlens
