#include "widgets/image_grid.h"

#include <QLinearGradient>
#include <QMouseEvent>
#include <QPainter>

#include "widgets/image_canvas.h"

#include <cmath>

namespace mlens {
namespace widgets {

ImageGrid::ImageGrid(const QString& title, QWidget* parent) : QWidget(parent), m_title(title) {
    setMinimumSize(200, 200);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setCursor(Qt::PointingHandCursor);
}

void ImageGrid::setTitle(const QString& title) {
    m_title = title;
    update();
}

void ImageGrid::setImages(const std::vector<QImage>& images, const QStringList& captions) {
    m_images = images;
    m_captions = captions;
    m_stale.clear();
    update();
}

void ImageGrid::setImage(int index, const QImage& image) {
    if (index < 0) return;
    if (index >= count()) m_images.resize(static_cast<size_t>(index) + 1);
    m_images[static_cast<size_t>(index)] = image;
    if (static_cast<size_t>(index) < m_stale.size()) m_stale[static_cast<size_t>(index)] = false;
    update();
}

void ImageGrid::clear() {
    m_images.clear();
    m_captions.clear();
    m_stale.clear();
    update();
}

ImageGrid::Geometry ImageGrid::geometry() const {
    Geometry g;
    g.titleH = m_title.isEmpty() ? 0 : fontMetrics().height() + 8;
    g.barH = m_bar ? 2 * fontMetrics().height() + 14 : 0;
    const int n = count();
    if (n == 0) return g;
    g.cols = m_columns > 0 ? m_columns : static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
    g.rows = (n + g.cols - 1) / g.cols;
    g.labelW = m_rowLabels.isEmpty() ? 0 : fontMetrics().horizontalAdvance(QStringLiteral("w=00.0")) + 8;
    g.labelH = m_columnLabels.isEmpty() ? 0 : fontMetrics().height() + 4;
    g.captionH = m_captions.isEmpty() ? 0 : fontMetrics().height() + 2;
    g.cell =
        std::min((width() - g.labelW - 4) / static_cast<double>(g.cols),
                 (height() - g.titleH - g.labelH - g.barH - 4) / static_cast<double>(g.rows) - g.captionH);
    g.x0 = g.labelW + (width() - g.labelW - g.cols * g.cell) / 2;
    g.y0 = g.titleH + g.labelH;
    return g;
}

QRectF ImageGrid::Geometry::tile(int i) const {
    return {x0 + (i % cols) * cell + 1, y0 + (i / cols) * (cell + captionH) + 1, cell - 2, cell - 2};
}

int ImageGrid::indexAt(const QPoint& pos) const {
    const Geometry g = geometry();
    if (g.cell < 4) return -1;
    for (int i = 0; i < count(); ++i)
        if (g.tile(i).contains(pos)) return i;
    return -1;
}

void ImageGrid::setColourBar(double lo, double hi, const QString& label) {
    m_bar = true;
    m_barLo = lo;
    m_barHi = hi;
    m_barLabel = label;
    update();
}

void ImageGrid::clearColourBar() {
    m_bar = false;
    update();
}

void ImageGrid::paintColourBar(QPainter& p, const Geometry& g) const {
    const int fh = fontMetrics().height();
    const QRect bar(width() / 6, height() - g.barH + 4, width() * 2 / 3, fh);
    QLinearGradient ramp(bar.topLeft(), bar.topRight());
    for (int k = 0; k <= 10; ++k)
        ramp.setColorAt(k / 10.0, ImageCanvas::heatColour(k / 10.0));
    p.fillRect(bar, ramp);
    p.setPen(palette().text().color());
    p.drawRect(bar.adjusted(0, 0, -1, -1));
    const QRect text(bar.left() - width() / 6, bar.bottom() + 2, bar.width() + width() / 3, fh);
    p.drawText(text, Qt::AlignLeft | Qt::AlignVCenter, QString::number(m_barLo, 'g', 3));
    p.drawText(text, Qt::AlignRight | Qt::AlignVCenter, QString::number(m_barHi, 'g', 3));
    p.drawText(text, Qt::AlignHCenter | Qt::AlignVCenter,
               fontMetrics().elidedText(m_barLabel, Qt::ElideRight, bar.width() - 60));
}

void ImageGrid::setStale(bool stale) {
    m_stale.assign(m_images.size(), stale);
    update();
}

bool ImageGrid::isStale(int index) const {
    return index >= 0 && static_cast<size_t>(index) < m_stale.size() && m_stale[static_cast<size_t>(index)];
}

void ImageGrid::mouseReleaseEvent(QMouseEvent* event) {
    const int i = event->button() == Qt::LeftButton ? indexAt(event->position().toPoint()) : -1;
    if (i >= 0 && !m_images[static_cast<size_t>(i)].isNull()) Q_EMIT tileClicked(i);
    QWidget::mouseReleaseEvent(event);
}

void ImageGrid::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    const Geometry g = geometry();
    if (!m_title.isEmpty()) {
        QFont f = font();
        f.setBold(true);
        p.setFont(f);
        p.setPen(palette().text().color());
        p.drawText(QRect(4, 2, width() - 8, g.titleH), Qt::AlignHCenter | Qt::AlignVCenter,
                   QFontMetrics(f).elidedText(m_title, Qt::ElideRight, width() - 8));
        p.setFont(font());
    }
    const int n = count();
    if (n == 0) {
        p.setPen(palette().placeholderText().color());
        p.drawText(rect().adjusted(0, g.titleH, 0, 0), Qt::AlignCenter, tr("Nothing sampled yet"));
        return;
    }
    if (g.cell < 4) return;
    if (m_bar) paintColourBar(p, g);
    p.setPen(palette().text().color());
    for (int c = 0; c < g.cols && c < m_columnLabels.size(); ++c)
        p.drawText(QRectF(g.x0 + c * g.cell, g.titleH, g.cell, g.labelH), Qt::AlignCenter, m_columnLabels[c]);
    for (int r = 0; r < g.rows && r < m_rowLabels.size(); ++r)
        p.drawText(QRectF(0, g.y0 + r * (g.cell + g.captionH), g.labelW - 4, g.cell),
                   Qt::AlignRight | Qt::AlignVCenter, m_rowLabels[r]);
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);  // crisp pixels
    QColor veil = palette().base().color();
    veil.setAlpha(170);
    for (int i = 0; i < n; ++i) {
        const QRectF target = g.tile(i);
        const QImage& img = m_images[static_cast<size_t>(i)];
        if (img.isNull())
            p.fillRect(target, palette().mid());
        else
            p.drawImage(target, img);
        if (isStale(i)) p.fillRect(target, veil);  // made with the previous settings
        if (i < m_captions.size())
            p.drawText(QRectF(target.x(), target.bottom(), target.width(), g.captionH), Qt::AlignCenter,
                       m_captions[i]);
    }
}

}  // namespace widgets
}  // namespace mlens
