#include "widgets/image_grid.h"

#include <QPainter>

#include <cmath>

namespace mlens {
namespace widgets {

ImageGrid::ImageGrid(const QString& title, QWidget* parent) : QWidget(parent), m_title(title) {
    setMinimumSize(200, 200);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ImageGrid::setTitle(const QString& title) {
    m_title = title;
    update();
}

void ImageGrid::setImages(const std::vector<QImage>& images, const QStringList& captions) {
    m_images = images;
    m_captions = captions;
    update();
}

void ImageGrid::setImage(int index, const QImage& image) {
    if (index < 0) return;
    if (index >= count()) m_images.resize(static_cast<size_t>(index) + 1);
    m_images[static_cast<size_t>(index)] = image;
    update();
}

void ImageGrid::clear() {
    m_images.clear();
    m_captions.clear();
    update();
}

void ImageGrid::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    const int titleH = m_title.isEmpty() ? 0 : fontMetrics().height() + 8;
    if (!m_title.isEmpty()) {
        QFont f = font();
        f.setBold(true);
        p.setFont(f);
        p.setPen(palette().text().color());
        p.drawText(QRect(0, 2, width(), titleH), Qt::AlignHCenter | Qt::AlignVCenter, m_title);
        p.setFont(font());
    }
    const int n = count();
    if (n == 0) {
        p.setPen(palette().placeholderText().color());
        p.drawText(rect().adjusted(0, titleH, 0, 0), Qt::AlignCenter, tr("Nothing sampled yet"));
        return;
    }
    const int cols =
        m_columns > 0 ? m_columns : static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
    const int rows = (n + cols - 1) / cols;
    const int labelW =
        m_rowLabels.isEmpty() ? 0 : fontMetrics().horizontalAdvance(QStringLiteral("w=00.0")) + 8;
    const int labelH = m_columnLabels.isEmpty() ? 0 : fontMetrics().height() + 4;
    const int captionH = m_captions.isEmpty() ? 0 : fontMetrics().height() + 2;
    const double cell = std::min((width() - labelW - 4) / static_cast<double>(cols),
                                 (height() - titleH - labelH - 4) / static_cast<double>(rows) - captionH);
    if (cell < 4) return;
    const double x0 = labelW + (width() - labelW - cols * cell) / 2;
    const double y0 = titleH + labelH;
    p.setPen(palette().text().color());
    for (int c = 0; c < cols && c < m_columnLabels.size(); ++c)
        p.drawText(QRectF(x0 + c * cell, titleH, cell, labelH), Qt::AlignCenter, m_columnLabels[c]);
    for (int r = 0; r < rows && r < m_rowLabels.size(); ++r)
        p.drawText(QRectF(0, y0 + r * (cell + captionH), labelW - 4, cell), Qt::AlignRight | Qt::AlignVCenter,
                   m_rowLabels[r]);
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);  // crisp pixels
    for (int i = 0; i < n; ++i) {
        const QRectF target(x0 + (i % cols) * cell + 1, y0 + (i / cols) * (cell + captionH) + 1, cell - 2,
                            cell - 2);
        const QImage& img = m_images[static_cast<size_t>(i)];
        if (img.isNull())
            p.fillRect(target, palette().mid());
        else
            p.drawImage(target, img);
        if (i < m_captions.size())
            p.drawText(QRectF(target.x(), target.bottom(), target.width(), captionH), Qt::AlignCenter,
                       m_captions[i]);
    }
}

}  // namespace widgets
}  // namespace mlens
