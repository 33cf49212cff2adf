#pragma once
// A grid of small images (samples), scaled crisply, with a title, optional captions and coloured
// frames. Paint only.
#include <QImage>
#include <QWidget>

#include <vector>

namespace mlens {
namespace widgets {

class ImageGrid final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageGrid)

public:
    explicit ImageGrid(const QString& title = {}, QWidget* parent = nullptr);
    void setTitle(const QString& title);
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
    int count() const { return static_cast<int>(m_images.size()); }
    const std::vector<QImage>& images() const { return m_images; }
    QSize sizeHint() const override { return {420, 420}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString m_title;
    std::vector<QImage> m_images;
    QStringList m_captions, m_rowLabels, m_columnLabels;
    int m_columns = 0;
};

}  // namespace widgets
}  // namespace mlens
