#include "widgets/image_canvas.h"

#include <QLocale>
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
    setMouseTracking(true);  // the pixel readout follows the cursor
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
    m_overlayLow = m_overlayHigh = 0;
    if (!heat.empty()) cv::minMaxLoc(heat.reshape(1), &m_overlayLow, &m_overlayHigh);
    m_overlay = heatImage(heat);
    update();
}

void ImageCanvas::setView(double widthOnScreen, const QPointF& offset) {
    if (m_display.isNull()) return;
    m_zoom = widthOnScreen / m_display.width();
    m_offset = offset;
    m_fitted = false;
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
        // The colour bar: the map's own range, high at the top, as heatImage colours it.
        const QFontMetrics fm(font());
        const int barW = 12, top = 8, bottom = height() - fm.height() - 14;
        const QRect bar(width() - barW - 8, top + fm.height(), barW,
                        std::max(20, bottom - top - 2 * fm.height()));
        for (int y = 0; y < bar.height(); ++y) {
            const QColor c = heatColour(1.0 - y / static_cast<double>(std::max(1, bar.height() - 1)));
            p.setPen(QColor(c.red(), c.green(), c.blue()));
            p.drawLine(bar.left(), bar.top() + y, bar.right(), bar.top() + y);
        }
        p.setPen(QColor(235, 235, 235));
        const QLocale locale;
        const QString hi = locale.toString(m_overlayHigh, 'g', 3), lo = locale.toString(m_overlayLow, 'g', 3);
        const int textW = std::max(fm.horizontalAdvance(hi), fm.horizontalAdvance(lo));
        const QRect hiRect(bar.right() - textW, top, textW, fm.height());
        const QRect loRect(bar.right() - textW, bar.bottom() + 2, textW, fm.height());
        p.fillRect(hiRect, QColor(0, 0, 0, 150));
        p.fillRect(loRect, QColor(0, 0, 0, 150));
        p.drawText(hiRect, Qt::AlignRight | Qt::AlignVCenter, hi);
        p.drawText(loRect, Qt::AlignRight | Qt::AlignVCenter, lo);
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
    // The readout strip: dark, translucent, along the bottom edge.
    const QString status = statusText();
    const QFontMetrics fm(font());
    const QRect strip(0, height() - fm.height() - 6, width(), fm.height() + 6);
    p.fillRect(strip, QColor(0, 0, 0, 150));
    p.setPen(QColor(235, 235, 235));
    p.drawText(strip.adjusted(6, 0, -6, 0), Qt::AlignVCenter | Qt::AlignLeft,
               fm.elidedText(status, Qt::ElideRight, strip.width() - 12));
}

QString ImageCanvas::pixelReadout(const QPointF& at) const {
    if (m_source.empty() || m_zoom <= 0) return {};
    const QPointF q = (at - m_offset) / m_zoom;
    const int x = static_cast<int>(std::floor(q.x())), y = static_cast<int>(std::floor(q.y()));
    if (x < 0 || y < 0 || x >= m_source.cols || y >= m_source.rows) return {};
    const QLocale locale;
    auto value = [&](int channel) {
        const int c = m_source.channels();
        switch (m_source.depth()) {
            case CV_8U:
                return locale.toString(m_source.ptr<uint8_t>(y)[x * c + channel]);
            case CV_16U:
                return locale.toString(m_source.ptr<uint16_t>(y)[x * c + channel]);
            case CV_16S:
                return locale.toString(m_source.ptr<int16_t>(y)[x * c + channel]);
            case CV_32S:
                return locale.toString(m_source.ptr<int32_t>(y)[x * c + channel]);
            case CV_32F:
                return locale.toString(m_source.ptr<float>(y)[x * c + channel], 'g', 6);
            case CV_64F:
                return locale.toString(m_source.ptr<double>(y)[x * c + channel], 'g', 6);
            default:
                return QStringLiteral("?");
        }
    };
    QString v;
    if (m_source.channels() >= 3)  // OpenCV keeps BGR
        v = tr("R %1 G %2 B %3").arg(value(2), value(1), value(0));
    else
        v = value(0);
    return tr("x %1, y %2: %3").arg(x).arg(y).arg(v);
}

QString ImageCanvas::statusText() const {
    if (m_source.empty()) return {};
    const QLocale locale;
    QStringList parts;
    const QString pixel = pixelReadout(m_cursor);
    if (!pixel.isEmpty()) parts << pixel;
    parts << tr("zoom %1 %").arg(locale.toString(m_zoom * 100.0, 'f', m_zoom < 0.1 ? 1 : 0));
    parts << tr("W %1 L %2")
                 .arg(locale.toString(m_window.width(), 'g', 5), locale.toString(m_window.center(), 'g', 5));
    return parts.join(QStringLiteral("   "));
}

void ImageCanvas::leaveEvent(QEvent*) {
    m_cursor = {-1, -1};
    update();
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
    m_cursor = at;
    update();
    Q_EMIT viewChanged(m_zoom * m_display.width(), m_offset);
}

void ImageCanvas::mousePressEvent(QMouseEvent* e) {
    m_dragButton = e->button();
    m_press = e->position();
    m_pressOffset = m_offset;
    m_pressWindow = m_window;
}

void ImageCanvas::mouseMoveEvent(QMouseEvent* e) {
    m_cursor = e->position();
    if (m_dragButton == Qt::NoButton) {
        update();
        return;
    }
    const QPointF d = e->position() - m_press;
    if (m_dragButton == Qt::LeftButton) {
        m_offset = m_pressOffset + d;
        m_fitted = false;
        update();
        Q_EMIT viewChanged(m_zoom * m_display.width(), m_offset);
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
    if (!m_display.isNull()) Q_EMIT viewChanged(m_zoom * m_display.width(), m_offset);
}

void ImageCanvas::resizeEvent(QResizeEvent*) {
    if (m_fitted) fitToView();
}

}  // namespace widgets
}  // namespace mlens
