#pragma once
// The detail view of one image: the canvas, its Tweedie reconstruction, the per-pixel distance map as
// an overlay, per-draw distances, path, rank and class, window / level controls, tags and a note.
#include <QWidget>

#include <opencv2/core/mat.hpp>

#include "engine/api/dataset.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QSlider;
class QToolButton;

namespace mlens {
namespace widgets {

class ImageCanvas;
struct GalleryRecord;

class DetailPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailPanel)

public:
    explicit DetailPanel(QWidget* parent = nullptr);
    // The image as decoded (pixels, the window it is scored with, or why it cannot be read); map /
    // reconstruction: from score --spatial-maps (may be empty); letters: orientation ("RLAP") or empty.
    void show(const GalleryRecord& record, const QString& absolutePath, const ItemImage& image,
              const cv::Mat& map, const cv::Mat& reconstruction, int numClasses, const QString& letters = {});
    // Blinded (a reading study): no minority score, rank, class or per-draw distances.
    void setBlinded(bool on) { m_blinded = on; }
    void clear();
    ImageCanvas* canvas() const { return m_canvas; }
    // "Window" button: click = the window as scored; its menu = windowPresets() of the item shown,
    // built when it opens.
    QToolButton* windowButton() const { return m_windowButton; }

Q_SIGNALS:
    void tagsEdited(quint32 tags);
    void noteEdited(const QString& note);

private:
    void buildWindowMenu();  // windowPresets() of the item shown

    ItemImage m_item;  // shares its pixels with the canvas
    ImageCanvas* m_canvas;
    ImageCanvas* m_recon;
    QLabel* m_info;
    QLabel* m_window;
    QCheckBox* m_overlay;
    QCheckBox* m_showRecon;
    QSlider* m_opacity;
    QToolButton *m_rare, *m_artifact, *m_review, *m_windowButton;
    QLineEdit* m_note;
    bool m_updating = false, m_blinded = false;
};

}  // namespace widgets
}  // namespace mlens
