#pragma once
// A virtualised thumbnail grid: QListView in icon mode with uniform item sizes and batched layout.
// On scroll or resize (debounced) it asks the loader for the visible rows first, then the next page;
// nothing walks the whole model.
#include <QListView>
#include <QTimer>

#include "widgets/gallery_delegate.h"
#include "widgets/gallery_proxy.h"
#include "widgets/thumbnail_loader.h"

namespace mlens {
namespace widgets {

class GalleryView final : public QListView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GalleryView)

public:
    GalleryView(GalleryProxy* proxy, GalleryModel* model, ThumbnailLoader* loader, QWidget* parent = nullptr);

    void setThumbnailSize(int pixels);
    int thumbnailSize() const { return m_delegate->thumbnailSize(); }
    void setNumClasses(int classes) {
        m_delegate->setNumClasses(classes);
        viewport()->update();
    }
    void setBlinded(bool on) {
        m_delegate->setBlinded(on);
        viewport()->update();
    }
    // First and last proxy rows at least partly on screen (-1, -1 when empty).
    std::pair<int, int> visibleRows() const;
    // Source rows of the selection, in view order.
    QList<int> selectedSourceRows() const;
    void requestVisibleNow();
    // Drawn in the middle of the view while it has no rows: what is missing and what to do next.
    void setEmptyText(const QString& text);
    QString emptyText() const { return m_emptyText; }

Q_SIGNALS:
    void currentSourceRowChanged(int sourceRow);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    void paintEvent(QPaintEvent* event) override;

private:
    void scheduleRequest() { m_debounce.start(); }

    GalleryProxy* m_proxy;
    GalleryModel* m_model;
    ThumbnailLoader* m_loader;
    GalleryDelegate* m_delegate;
    QTimer m_debounce;
    QString m_emptyText;
};

}  // namespace widgets
}  // namespace mlens
