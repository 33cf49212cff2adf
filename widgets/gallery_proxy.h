#pragma once
// Sorting by minority score (either way) and filtering by score range, classes, tags and text.
#include <QSet>
#include <QSortFilterProxyModel>

#include "widgets/gallery_model.h"

namespace mlens {
namespace widgets {

class GalleryProxy final : public QSortFilterProxyModel {
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

Q_SIGNALS:
    void filterChanged(int visibleCount);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    void refilter();

    GalleryModel* m_gallery = nullptr;
    double m_low, m_high;
    QSet<int> m_classes;
    quint32 m_tags = 0;
    QString m_text;
    bool m_rarestFirst = true;
};

}  // namespace widgets
}  // namespace mlens
