#pragma once
#include <QMainWindow>
#include <QTimer>

#include "app/gui/workspace_session.h"
#include "widgets/job_error.h"
#include "widgets/thumbnail_cache.h"

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QPushButton;
class QSlider;
class QTabWidget;

namespace mlens {
namespace widgets {
class ClassFilter;
class DensityPanel;
class DetailPanel;
class GalleryModel;
class GalleryProxy;
class GalleryView;
class JobRunner;
class JobsPanel;
class LogPanel;
class ReviewPanel;
class SamplingPanel;
class ScoreHistogram;
class ThumbnailLoader;
class TrainingMonitor;
}  // namespace widgets
}  // namespace mlens

namespace mlens {
namespace app {

class ShortcutOverlay;

class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void openDataset(const QString& folder);
    void openWorkspace(const QString& workspace);
    // The demo: open DIR's workspace if the demo ran there, otherwise run it first.
    void openDemo(const QString& folder, const QString& backbone);
    void showTab(const QString& name);  // gallery, classifier, sampling, evaluation
    widgets::JobRunner* jobs() const { return m_jobs; }
    // Closes as a user would (the view state is saved), cancelling running jobs without asking.
    void closeWithoutAsking() {
        m_askBeforeQuit = false;
        close();
    }
    WorkspaceSession* session() const { return m_session; }
    widgets::GalleryView* galleryView() const { return m_view; }

Q_SIGNALS:
    void workspaceLoaded();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildGalleryTab();
    void buildActions();
    void refreshFromSession();
    void restoreViewState();
    void saveViewState();
    void addRecent(const QString& path, bool workspace);
    void rebuildRecentMenu();
    void showDetail(int sourceRow);
    void stepSlice(int delta);  // the neighbouring slice of the current image's volume
    void setBlinded(bool on);
    void tagSelection(quint32 tag);
    void updateStatus();
    void updateCount();
    QString emptyGalleryText() const;
    void showSavedSamples();
    // The one place errors are shown (widgets::ErrorDisplay): headline by code, context as details.
    void error(const QString& what, const QString& message);
    void error(const QString& what, const widgets::JobError& error);

    void loadBackbone();
    void loadClassifier();
    void runScore();
    void runClasses();
    void runTraining(bool resume);
    void runEvaluate();
    void exportGallery();
    void about();

    WorkspaceSession* m_session;
    widgets::JobRunner* m_jobs;
    widgets::ThumbnailCache m_cache{256ll << 20};
    widgets::ThumbnailLoader* m_loader;
    widgets::GalleryModel* m_model;
    widgets::GalleryProxy* m_proxy;
    widgets::GalleryView* m_view;
    widgets::ScoreHistogram* m_histogram;
    widgets::DetailPanel* m_detail;
    widgets::TrainingMonitor* m_monitor;
    widgets::SamplingPanel* m_sampling;
    widgets::DensityPanel* m_density;
    widgets::ReviewPanel* m_review;
    widgets::JobsPanel* m_jobsPanel;
    QString m_shownWorkspace;  // the workspace whose jobs the panel lists
    bool m_demoRunning = false;
    bool m_askBeforeQuit = true;
    widgets::LogPanel* m_log;
    ShortcutOverlay* m_overlay = nullptr;
    QTabWidget* m_tabs;
    QComboBox* m_sort;
    widgets::ClassFilter* m_classFilter;
    QCheckBox *m_tagRare, *m_tagArtifact, *m_tagReview;
    QLineEdit* m_search;
    QSlider* m_size;
    QLabel *m_count, *m_statusData, *m_statusJobs, *m_statusDevice;
    QMenu* m_recentMenu;
    QPushButton *m_trainButton, *m_resumeButton;
    QTimer m_saveState;  // the view state, shortly after a change (and on close)
    int m_trainingJob = 0;
};

}  // namespace app
}  // namespace mlens
