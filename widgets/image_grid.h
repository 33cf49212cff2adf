#pragma once
// A grid of small images (samples), scaled crisply, with a title and optional captions. Tiles made
// with earlier settings can be shown veiled (stale) until new ones replace them; a click on a tile
// emits tileClicked.
#include <QImage>
#include <QWidget>

#include <vector>

class QPainter;

namespace mlens {
namespace widgets {

class ImageGrid final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageGrid)

public:
    explicit ImageGrid(const QString& title = {}, QWidget* parent = nullptr);
    void setTitle(const QString& title);
    const QString& title() const { return m_title; }
    void setColumns(int columns) {
        m_columns = columns;
        update();
    }  // 0 = as square as possible
    void setImages(const std::vector<QImage>& images, const QStringList& captions = {});
    void setImage(int index, const QImage& image);  // grows the grid when needed
    void setRowLabels(const QStringList& labels) {
        m_rowLabels = labels;
        update();
    }
    void setColumnLabels(const QStringList& labels) {
        m_columnLabels = labels;
        update();
    }
    void clear();
    // Veils every tile until setImage / setImages replaces it.
    void setStale(bool stale);
    bool isStale(int index) const;
    int indexAt(const QPoint& pos) const;  // -1 outside every tile
    // A colour bar under the tiles for heat maps (ImageCanvas::heatColour from lo to hi).
    void setColourBar(double lo, double hi, const QString& label);
    void clearColourBar();
    bool hasColourBar() const { return m_bar; }
    int count() const { return static_cast<int>(m_images.size()); }
    const std::vector<QImage>& images() const { return m_images; }
    QSize sizeHint() const override { return {420, 420}; }

Q_SIGNALS:
    void tileClicked(int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    struct Geometry {
        int titleH = 0, barH = 0, cols = 1, rows = 0, labelW = 0, labelH = 0, captionH = 0;
        double cell = 0, x0 = 0, y0 = 0;
        QRectF tile(int i) const;
    };
    Geometry geometry() const;
    void paintColourBar(QPainter& p, const Geometry& g) const;

    QString m_title;
    std::vector<QImage> m_images;
    std::vector<bool> m_stale;
    bool m_bar = false;
    double m_barLo = 0, m_barHi = 1;
    QString m_barLabel;
    QStringList m_captions, m_rowLabels, m_columnLabels;
    int m_columns = 0;
};

}  // namespace widgets
}  // namespace mlens
