#pragma once
// Review mode: the workflow of a reading study. One image at a time, large, with its orientation
// letters; a Likert abnormality grade (keys 1-5, 0 clears), a finding from the workspace's list (F),
// an artifact flag (T) and a note; next / previous without the mouse (Right / Space, Left; U: the
// next ungraded). A blinded mode hides minority scores, ranks and classes and shuffles the order, to
// avoid anchoring. Every grade is written to the workspace's annotation store the moment it is given.
#include <QWidget>

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "engine/api/annotations.h"
#include "engine/api/dataset.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace mlens {
namespace widgets {

class GalleryModel;
class GalleryProxy;
class ImageCanvas;

class ReviewPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReviewPanel)

public:
    using ImageReader = std::function<ItemImage(qint64 id)>;
    using OrientationOf = std::function<QString(qint64 id)>;  // "RLAP" (left, right, top, bottom) or empty

    ReviewPanel(GalleryModel* model, GalleryProxy* proxy, QWidget* parent = nullptr);

    // The store of the open workspace (nullptr: none); the panel never owns it.
    void setStore(AnnotationStore* store);
    void setImageSource(ImageReader read, OrientationOf orientation);
    void setReviewer(const QString& name);
    QString reviewer() const;
    void setBlinded(bool on);
    bool blinded() const;

    // The images to review: the gallery's current order (shuffled when blinded).
    void rebuildQueue();
    int queueSize() const { return static_cast<int>(m_queue.size()); }
    int position() const { return m_position; }
    int gradedCount() const;
    qint64 currentId() const;

    void next();
    void previous();
    void nextUngraded();
    void grade(int value);  // 1..5 (and on to the next image), 0 clears

Q_SIGNALS:
    void blindedChanged(bool on);
    void reviewerChanged(const QString& name);
    void currentChanged(qint64 id);
    void graded(qint64 id);
    void failed(const QString& message);

private:
    void show(int position);
    void saveCurrent();  // finding, artifact and note of the current image
    Grade currentGrade() const;
    void updateProgress();
    void loadGraded();

    GalleryModel* m_model;
    GalleryProxy* m_proxy;
    AnnotationStore* m_store = nullptr;
    ImageReader m_read;
    OrientationOf m_orientation;
    std::vector<qint64> m_queue;     // record ids
    std::set<std::string> m_graded;  // items this reviewer has graded
    int m_position = -1;
    bool m_updating = false;
    ImageCanvas* m_canvas;
    QLineEdit *m_reviewer, *m_note;
    QCheckBox *m_blinded, *m_artifact;
    QComboBox* m_finding;
    std::vector<QPushButton*> m_grades;
    QLabel *m_progress, *m_info, *m_gradeLabel;
};

}  // namespace widgets
}  // namespace mlens
