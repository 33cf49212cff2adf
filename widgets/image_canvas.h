#pragma once
// Shows one image with zoom (wheel), pan (left drag), window / level for grayscale and 16-bit images
// (right drag: horizontal = width, vertical = level; double-click resets to 0.1-99.9 %), and an
// optional heat-map overlay (the per-pixel "why rare" map). A strip along the bottom shows the pixel
// under the cursor (coordinates and stored value), the zoom level and the window.
#include <QImage>
#include <QWidget>

#include <opencv2/core/mat.hpp>

#include "widgets/windowing.h"

namespace mlens {
namespace widgets {

class ImageCanvas final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageCanvas)

public:
    explicit ImageCanvas(QWidget* parent = nullptr);

    // Pixels of any depth (8/16-bit, float physical values; gray or colour), first shown with
    // `window` (the one the image is scored with); 8-bit images default to 0..255.
    void setImage(const cv::Mat& image, const Window& window = {});
    // Shown while there is no image ("No image selected" when empty).
    void setPlaceholder(const QString& text) {
        m_placeholder = text;
        update();
    }
    // Float map (any size), coloured over its own min..max with a colour bar (labelled with that
    // range) at the right edge while shown; empty removes it.
    void setOverlay(const cv::Mat& heat);
    bool overlayShown() const { return m_overlayVisible && !m_overlay.isNull(); }
    double overlayLow() const { return m_overlayLow; }
    double overlayHigh() const { return m_overlayHigh; }
    // Zoom and pan as another canvas shows them (the reconstruction follows the image): the image's
    // width on screen and its top-left corner, so that images of different sizes line up; emits nothing.
    void setView(double widthOnScreen, const QPointF& offset);
    QPointF offset() const { return m_offset; }
    void setOverlayVisible(bool visible);
    void setOverlayOpacity(double opacity);
    void setWindow(const Window& window);
    void resetWindow();  // back to the window setImage gave
    void fitToView();
    // Orientation letters drawn at the middle of the image's left, right, top and bottom edges
    // ("RLAP"); empty draws none.
    void setEdgeLetters(const QString& letters);
    const Window& window() const { return m_window; }
    double zoom() const { return m_zoom; }
    bool hasImage() const { return !m_source.empty(); }
    // "x 12, y 30: 1234" for the stored pixel under widget point `at` (RGB for colour); empty outside.
    QString pixelReadout(const QPointF& at) const;
    // The strip's text for the current cursor: pixel (if any), zoom, window.
    QString statusText() const;
    // The displayed (windowed) 8-bit image, for tests and exports.
    const QImage& displayed() const { return m_display; }

    // Turbo-like colour map of a float map normalised to [0, 1], with alpha rising with the value.
    static QImage heatImage(const cv::Mat& map);
    // The same with a fixed range, so that several maps share one colour scale.
    static QImage heatImage(const cv::Mat& map, double lo, double hi);
    static QColor heatColour(double t);  // t in [0, 1]: the colour heatImage gives it

Q_SIGNALS:
    void windowChanged(double center, double width);
    void viewChanged(double widthOnScreen, const QPointF& offset);  // the user zoomed, panned or reset

protected:
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void render();
    QRectF imageRect() const;

    cv::Mat m_source;
    QImage m_display, m_overlay;
    QString m_placeholder;
    Window m_initialWindow, m_window;
    QString m_letters;
    bool m_overlayVisible = false, m_fitted = true;
    double m_opacity = 0.6, m_zoom = 1.0, m_overlayLow = 0, m_overlayHigh = 0;
    QPointF m_offset, m_press, m_pressOffset, m_cursor{-1, -1};
    Window m_pressWindow;
    Qt::MouseButton m_dragButton = Qt::NoButton;
};

}  // namespace widgets
}  // namespace mlens
