#pragma once
// Sorting by minority score (either way) and filtering by score range, classes, tags and text.
// A plain row map over GalleryModel's records, not a QSortFilterProxyModel: a filter change or a
// sort is one pass over the records and one std::sort of row numbers (1M records: well under a
// second, bench_gallery), where QSortFilterProxyModel's per-comparison QModelIndex pairs took
// seconds. Selection and the current item survive a filter change (persistent indexes are moved).
// The order is fixed between filter changes: tags and thumbnails arriving never reshuffle it.
#include <QAbstractProxyModel>
#include <QSet>

#include <vector>

#include "widgets/gallery_model.h"

namespace mlens {
namespace widgets {

class GalleryProxy final : public QAbstractProxyModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GalleryProxy)

public:
    explicit GalleryProxy(QObject* parent = nullptr);

    void setGallery(GalleryModel* model);
    void setScoreRange(double low, double high);  // inclusive; NaN bounds = open
    void clearScoreRange();
    void setClasses(const QSet<int>& classes);  // empty = all
    void setTagMask(quint32 mask);              // 0 = all; otherwise any of the tags
    void setText(const QString& text);          // substring of the path, case-insensitive
    void setRarestFirst(bool rarestFirst);
    bool rarestFirst() const { return m_rarestFirst; }
    double scoreLow() const { return m_low; }
    double scoreHigh() const { return m_high; }

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex&) const override { return {}; }
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : 1; }
    QModelIndex mapToSource(const QModelIndex& proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex& sourceIndex) const override;

Q_SIGNALS:
    void filterChanged(int visibleCount);

private:
    bool accepts(const GalleryRecord& r) const;
    std::vector<int> filteredSorted() const;  // source rows, in display order
    void relayout();                          // new rows after a filter or order change
    void rebuildInverse();

    GalleryModel* m_gallery = nullptr;
    double m_low, m_high;
    QSet<int> m_classes;
    quint32 m_tags = 0;
    QString m_text;
    bool m_rarestFirst = true;
    std::vector<int> m_rows;        // proxy row -> source row
    std::vector<int> m_fromSource;  // source row -> proxy row, -1 when filtered out
};

}  // namespace widgets
}  // namespace mlens
