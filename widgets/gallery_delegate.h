#pragma once
// Paints one gallery tile: the thumbnail, a score badge coloured by minority class, tag dots and the
// rank. Paint only: no I/O, no model changes.
#include <QStyledItemDelegate>

namespace mlens {
namespace widgets {

class GalleryDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GalleryDelegate)

public:
    explicit GalleryDelegate(QObject* parent = nullptr) : QStyledItemDelegate(parent) {}
    void setThumbnailSize(int pixels) { m_size = pixels; }
    int thumbnailSize() const { return m_size; }
    void setNumClasses(int classes) { m_classes = classes; }
    // Blinded (a reading study): no score badge and no rank.
    void setBlinded(bool on) { m_blinded = on; }

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    // Colour of a class: cool for common, warm for rare.
    static QColor classColor(int cls, int classes);

private:
    int m_size = 128;
    int m_classes = 0;
    bool m_blinded = false;
};

}  // namespace widgets
}  // namespace mlens
