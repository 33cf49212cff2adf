#include "widgets/gallery_view.h"

#include <QPainter>

#include <QScrollBar>

#include <algorithm>

namespace mlens {
namespace widgets {

GalleryView::GalleryView(GalleryProxy* proxy, GalleryModel* model, ThumbnailLoader* loader, QWidget* parent)
    : QListView(parent),
      m_proxy(proxy),
      m_model(model),
      m_loader(loader),
      m_delegate(new GalleryDelegate(this)) {
    setViewMode(QListView::IconMode);
    setUniformItemSizes(true);
    setLayoutMode(QListView::Batched);
    setBatchSize(512);
    setResizeMode(QListView::Adjust);
    setMovement(QListView::Static);
    setWrapping(true);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setMouseTracking(true);
    setItemDelegate(m_delegate);
    setModel(proxy);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    verticalScrollBar()->setSingleStep(24);
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(40);
    connect(&m_debounce, &QTimer::timeout, this, &GalleryView::requestVisibleNow);
    connect(proxy, &QAbstractItemModel::layoutChanged, this, &GalleryView::scheduleRequest);
    connect(proxy, &QAbstractItemModel::modelReset, this, &GalleryView::scheduleRequest);
    connect(proxy, &GalleryProxy::filterChanged, this, &GalleryView::scheduleRequest);
    connect(loader, &ThumbnailLoader::thumbnailReady, model, &GalleryModel::thumbnailArrived);
    connect(selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& current) {
        Q_EMIT currentSourceRowChanged(current.isValid() ? m_proxy->mapToSource(current).row() : -1);
    });
}

void GalleryView::setThumbnailSize(int pixels) {
    m_delegate->setThumbnailSize(pixels);
    m_model->setBucket(bucketFor(pixels));
    // uniform item sizes cache the first item's size: relayout
    doItemsLayout();
    scheduleRequest();
}

std::pair<int, int> GalleryView::visibleRows() const {
    if (m_proxy->rowCount() == 0) return {-1, -1};
    const QRect r = viewport()->rect();
    QModelIndex first = indexAt(QPoint(4, 4));
    if (!first.isValid()) first = indexAt(QPoint(r.width() / 2, 4));
    if (!first.isValid()) first = m_proxy->index(0, 0);
    // the bottom-most row: scan the last line of the viewport from the right
    QModelIndex last;
    for (int x = r.width() - 4; x > 0 && !last.isValid(); x -= std::max(8, m_delegate->thumbnailSize() / 2))
        last = indexAt(QPoint(x, r.height() - 4));
    const int lastRow = last.isValid() ? last.row() : m_proxy->rowCount() - 1;
    return {first.row(), std::max(first.row(), lastRow)};
}

void GalleryView::requestVisibleNow() {
    const auto [first, last] = visibleRows();
    if (first < 0) return;
    const int page = last - first + 1;
    std::vector<ThumbnailLoader::Request> wanted;
    const int end = std::min(m_proxy->rowCount() - 1, last + page);  // visible first, then the next page
    for (int row = first; row <= end; ++row) {
        const int src = m_proxy->mapToSource(m_proxy->index(row, 0)).row();
        wanted.push_back({m_model->record(src).id, m_model->absolutePath(src)});
    }
    for (int row = first - 1; row >= std::max(0, first - page); --row) {  // and the previous page
        const int src = m_proxy->mapToSource(m_proxy->index(row, 0)).row();
        wanted.push_back({m_model->record(src).id, m_model->absolutePath(src)});
    }
    m_loader->request(wanted, m_model->bucket());
}

QList<int> GalleryView::selectedSourceRows() const {
    QList<int> rows;
    QModelIndexList sel = selectionModel()->selectedIndexes();
    std::sort(sel.begin(), sel.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    for (const auto& i : sel)
        rows << m_proxy->mapToSource(i).row();
    return rows;
}

void GalleryView::resizeEvent(QResizeEvent* event) {
    QListView::resizeEvent(event);
    scheduleRequest();
}

void GalleryView::scrollContentsBy(int dx, int dy) {
    QListView::scrollContentsBy(dx, dy);
    scheduleRequest();
}

void GalleryView::setEmptyText(const QString& text) {
    if (text == m_emptyText) return;
    m_emptyText = text;
    viewport()->update();
}

void GalleryView::paintEvent(QPaintEvent* event) {
    QListView::paintEvent(event);
    if (!model() || model()->rowCount() > 0 || m_emptyText.isEmpty()) return;
    QPainter p(viewport());
    p.setPen(palette().placeholderText().color());
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 1.15);
    p.setFont(f);
    const QRect r = viewport()->rect().adjusted(40, 40, -40, -40);
    p.drawText(r, Qt::AlignCenter | Qt::TextWordWrap, m_emptyText);
}

}  // namespace widgets
}  // namespace mlens
