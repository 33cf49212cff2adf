#include "widgets/image_canvas.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "widgets/image_convert.h"

namespace mlens {
namespace widgets {

ImageCanvas::ImageCanvas(QWidget* parent) : QWidget(parent) {
    setMinimumSize(160, 160);
    setMouseTracking(false);
    setFocusPolicy(Qt::StrongFocus);
    setToolTip(
        tr("Wheel: zoom - left drag: pan - right drag: window (horizontal) and level (vertical) - "
           "double-click: reset"));
}

void ImageCanvas::setImage(const cv::Mat& image, const Window& window) {
    m_source = image;
    m_initialWindow = m_window = window;
    m_overlay = QImage();
    render();
    fitToView();
}

QColor ImageCanvas::heatColour(double t) {
    t = std::clamp(t, 0.0, 1.0);
    // blue -> cyan -> yellow -> red, transparent where the map is low
    const QColor c = QColor::fromHsvF(0.66 * (1.0 - t), 1.0, 1.0);
    return QColor(c.red(), c.green(), c.blue(), static_cast<int>(255 * std::clamp(t * 1.4, 0.0, 1.0)));
}

QImage ImageCanvas::heatImage(const cv::Mat& map) {
    if (map.empty()) return {};
    double lo = 0, hi = 0;
    cv::minMaxLoc(map, &lo, &hi);
    return heatImage(map, lo, hi);
}

QImage ImageCanvas::heatImage(const cv::Mat& map, double lo, double hi) {
    if (map.empty()) return {};
    cv::Mat m;
    map.convertTo(m, CV_32F);
    m = (m - lo) / std::max(hi - lo, 1e-12);
    QImage out(m.cols, m.rows, QImage::Format_ARGB32);
    for (int y = 0; y < m.rows; ++y)
        for (int x = 0; x < m.cols; ++x)
            out.setPixelColor(x, y, heatColour(m.at<float>(y, x)));
    return out;
}

void ImageCanvas::setOverlay(const cv::Mat& heat) {
    m_overlay = heatImage(heat);
    update();
}

void ImageCanvas::setOverlayVisible(bool visible) {
    m_overlayVisible = visible;
    update();
}

void ImageCanvas::setOverlayOpacity(double opacity) {
    m_opacity = opacity;
    update();
}

void ImageCanvas::setWindow(const Window& window) {
    m_window = window;
    render();
    Q_EMIT windowChanged(m_window.center(), m_window.width());
}

void ImageCanvas::resetWindow() {
    setWindow(m_initialWindow);
}

void ImageCanvas::render() {
    m_display = m_source.empty() ? QImage() : toQImage(toDisplay8(m_source, m_window));
    update();
}

void ImageCanvas::fitToView() {
    m_fitted = true;
    if (m_display.isNull()) return;
    m_zoom = std::min(width() / static_cast<double>(m_display.width()),
                      height() / static_cast<double>(m_display.height()));
    m_offset =
        QPointF((width() - m_display.width() * m_zoom) / 2, (height() - m_display.height() * m_zoom) / 2);
    update();
}

QRectF ImageCanvas::imageRect() const {
    return {m_offset, QSizeF(m_display.width() * m_zoom, m_display.height() * m_zoom)};
}

void ImageCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().window().color().darker(m_display.isNull() ? 100 : 115));
    if (m_display.isNull()) {
        p.setPen(palette().placeholderText().color());
        p.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                   m_placeholder.isEmpty() ? tr("No image selected") : m_placeholder);
        return;
    }
    p.setRenderHint(QPainter::SmoothPixmapTransform, m_zoom < 1.0);  // crisp pixels when magnified
    p.drawImage(imageRect(), m_display);
    if (m_overlayVisible && !m_overlay.isNull()) {
        p.setOpacity(m_opacity);
        p.setRenderHint(QPainter::SmoothPixmapTransform, true);
        p.drawImage(imageRect(), m_overlay);
        p.setOpacity(1.0);
    }
    if (m_letters.size() == 4) {  // left, right, top, bottom: inside the visible part of each edge
        const QRectF r = imageRect().intersected(QRectF(rect()));
        QFont f = font();
        f.setBold(true);
        f.setPointSizeF(std::max(9.0, f.pointSizeF() * 1.2));
        p.setFont(f);
        const QFontMetrics fm(f);
        const int pad = 6, w = fm.horizontalAdvance(QLatin1Char('W')), h = fm.height();
        const QRectF spots[4] = {
            {r.left() + pad, r.center().y() - h / 2.0, static_cast<qreal>(w), static_cast<qreal>(h)},
            {r.right() - pad - w, r.center().y() - h / 2.0, static_cast<qreal>(w), static_cast<qreal>(h)},
            {r.center().x() - w / 2.0, r.top() + pad, static_cast<qreal>(w), static_cast<qreal>(h)},
            {r.center().x() - w / 2.0, r.bottom() - pad - h, static_cast<qreal>(w), static_cast<qreal>(h)}};
        for (int i = 0; i < 4; ++i) {
            p.setPen(QColor(0, 0, 0, 180));
            p.drawText(spots[i].translated(1, 1), Qt::AlignCenter, m_letters.mid(i, 1));
            p.setPen(QColor(255, 214, 64));
            p.drawText(spots[i], Qt::AlignCenter, m_letters.mid(i, 1));
        }
    }
}

void ImageCanvas::setEdgeLetters(const QString& letters) {
    m_letters = letters;
    update();
}

void ImageCanvas::wheelEvent(QWheelEvent* e) {
    if (m_display.isNull()) return;
    const double factor = std::pow(1.0015, e->angleDelta().y());
    const QPointF at = e->position();
    const QPointF imagePoint = (at - m_offset) / m_zoom;
    m_zoom = std::clamp(m_zoom * factor, 0.05, 64.0);
    m_offset = at - imagePoint * m_zoom;  // zoom about the cursor
    m_fitted = false;
    update();
}

void ImageCanvas::mousePressEvent(QMouseEvent* e) {
    m_dragButton = e->button();
    m_press = e->position();
    m_pressOffset = m_offset;
    m_pressWindow = m_window;
}

void ImageCanvas::mouseMoveEvent(QMouseEvent* e) {
    const QPointF d = e->position() - m_press;
    if (m_dragButton == Qt::LeftButton) {
        m_offset = m_pressOffset + d;
        m_fitted = false;
        update();
    } else if (m_dragButton == Qt::RightButton && !m_source.empty()) {
        const double range = m_source.depth() == CV_16U  ? 65535.0
                             : m_source.depth() == CV_8U ? 255.0
                                                         : std::max(1e-6, m_initialWindow.width());
        const double perPixel = std::max(m_pressWindow.width(), range / 50) / 200.0;
        setWindow(Window::fromCenterWidth(m_pressWindow.center() - d.y() * perPixel,
                                          std::max(1e-3, m_pressWindow.width() + d.x() * perPixel)));
    }
}

void ImageCanvas::mouseReleaseEvent(QMouseEvent*) {
    m_dragButton = Qt::NoButton;
}

void ImageCanvas::mouseDoubleClickEvent(QMouseEvent*) {
    resetWindow();
    fitToView();
}

void ImageCanvas::resizeEvent(QResizeEvent*) {
    if (m_fitted) fitToView();
}

}  // namespace widgets
}  // namespace mlens
