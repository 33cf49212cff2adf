#include "app/gui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "app/gui/run_dialogs.h"
#include "app/gui/shortcut_overlay.h"
#include "engine/api/checkpoint_tools.h"
#include "engine/api/error.h"
#include "engine/api/runtime.h"
#include "engine/api/training.h"
#include "engine/api/workspace.h"
#include "widgets/class_filter.h"
#include "widgets/density_panel.h"
#include "widgets/detail_panel.h"
#include "widgets/gallery_model.h"
#include "widgets/gallery_proxy.h"
#include "widgets/gallery_view.h"
#include "widgets/job_runner.h"
#include "widgets/jobs_panel.h"
#include "widgets/log_panel.h"
#include "widgets/review_panel.h"
#include "widgets/sampling_panel.h"
#include "widgets/score_histogram.h"
#include "widgets/thumbnail_loader.h"
#include "widgets/training_monitor.h"

namespace mlens {
namespace app {

using namespace mlens::widgets;

namespace {
const QStringList kTabs = {QStringLiteral("gallery"), QStringLiteral("classifier"),
                           QStringLiteral("sampling"), QStringLiteral("evaluation"),
                           QStringLiteral("review")};
}

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_session(new WorkspaceSession(this)),
      m_jobs(new JobRunner(this)),
      m_loader(new ThumbnailLoader(&m_cache, {}, 2, this)),
      m_model(new GalleryModel(&m_cache, this)),
      m_proxy(new GalleryProxy(this)) {
    setWindowTitle(tr("MinorityLens"));
    setAcceptDrops(true);
    m_proxy->setGallery(m_model);

    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    setCentralWidget(m_tabs);
    buildGalleryTab();

    // Classifier: live curves, train / resume.
    auto* classifierTab = new QWidget(m_tabs);
    auto* cl = new QVBoxLayout(classifierTab);
    auto* trainRow = new QHBoxLayout;
    m_trainButton = new QPushButton(tr("&Train the minority classifier..."), classifierTab);
    m_resumeButton = new QPushButton(tr("&Resume training"), classifierTab);
    auto* trainHelp = new QLabel(tr("A noise-conditioned classifier p(class | x_t) learns the ordinal "
                                    "minority classes; its gradient steers sampling."),
                                 classifierTab);
    trainHelp->setWordWrap(true);
    trainRow->addWidget(m_trainButton);
    trainRow->addWidget(m_resumeButton);
    trainRow->addWidget(trainHelp, 1);
    cl->addLayout(trainRow);
    m_monitor = new TrainingMonitor(classifierTab);
    cl->addWidget(m_monitor, 1);
    m_tabs->addTab(classifierTab, tr("&Classifier"));
    connect(m_trainButton, &QPushButton::clicked, this, [this] { runTraining(false); });
    connect(m_resumeButton, &QPushButton::clicked, this, [this] { runTraining(true); });

    m_sampling = new SamplingPanel(m_jobs, m_tabs);
    m_tabs->addTab(m_sampling, tr("&Sampling"));
    connect(m_sampling, &SamplingPanel::status, this,
            [this](const QString& s) { statusBar()->showMessage(s, 8000); });
    connect(m_sampling, &SamplingPanel::settingsChanged, this, [this] { m_saveState.start(); });

    auto* evalTab = new QWidget(m_tabs);
    auto* el = new QVBoxLayout(evalTab);
    auto* evalRow = new QHBoxLayout;
    auto* evalButton = new QPushButton(tr("&Evaluate the last samples"), evalTab);
    auto* evalHelp = new QLabel(tr("Neighbourhood density of real, baseline and guided images in a feature "
                                   "space: higher LOF and AvgkNN "
                                   "mean sparser regions, i.e. minority features."),
                                evalTab);
    evalHelp->setWordWrap(true);
    evalRow->addWidget(evalButton);
    evalRow->addWidget(evalHelp, 1);
    el->addLayout(evalRow);
    m_density = new DensityPanel(evalTab);
    el->addWidget(m_density, 1);
    m_tabs->addTab(evalTab, tr("&Evaluation"));
    connect(evalButton, &QPushButton::clicked, this, &MainWindow::runEvaluate);
    connect(m_density, &DensityPanel::status, this,
            [this](const QString& s) { statusBar()->showMessage(s, 8000); });

    // Review: a reading study, graded with the keyboard, written to the workspace per change.
    m_review = new ReviewPanel(m_model, m_proxy, m_tabs);
    m_tabs->addTab(m_review, tr("Re&view"));
    m_review->setReviewer(QSettings().value(QStringLiteral("review/reviewer")).toString());
    m_review->setImageSource(
        [this](qint64 id) { return readRecordImage(m_session->data(), id); },
        [this](qint64 id) {
            const auto& reader = m_session->data().reader;
            return reader && id >= 0 && static_cast<size_t>(id) < reader->size()
                       ? QString::fromStdString(itemOrientation(reader->listing(), static_cast<size_t>(id)))
                       : QString();
        });
    connect(m_review, &ReviewPanel::blindedChanged, this, &MainWindow::setBlinded);
    connect(m_review, &ReviewPanel::currentChanged, this, [this](qint64 id) {  // the detail view follows
        if (const int row = m_model->rowOf(id); row >= 0) showDetail(row);
    });
    connect(m_review, &ReviewPanel::reviewerChanged, this,
            [](const QString& name) { QSettings().setValue(QStringLiteral("review/reviewer"), name); });
    connect(m_review, &ReviewPanel::failed, this,
            [this](const QString& m) { error(tr("Grading failed"), m); });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int i) {
        if (m_tabs->widget(i) == m_review) {
            m_review->rebuildQueue();
            m_review->setFocus();
        }
    });

    // Docks: detail (right), jobs and log (bottom).
    m_detail = new DetailPanel(this);
    auto* detailDock = new QDockWidget(tr("Detail"), this);
    detailDock->setObjectName(QStringLiteral("detailDock"));
    detailDock->setWidget(m_detail);
    addDockWidget(Qt::RightDockWidgetArea, detailDock);
    m_jobsPanel = new JobsPanel(m_jobs, this);
    auto* jobsDock = new QDockWidget(tr("Jobs"), this);
    jobsDock->setObjectName(QStringLiteral("jobsDock"));
    jobsDock->setWidget(m_jobsPanel);
    addDockWidget(Qt::BottomDockWidgetArea, jobsDock);
    m_log = new LogPanel(this);
    m_log->attachToDefaultLogger();
    auto* logDock = new QDockWidget(tr("Log"), this);
    logDock->setObjectName(QStringLiteral("logDock"));
    logDock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, logDock);
    tabifyDockWidget(jobsDock, logDock);
    jobsDock->raise();
    connect(m_detail, &DetailPanel::tagsEdited, this, [this](quint32 tags) {
        const QModelIndex cur = m_view->currentIndex();
        if (cur.isValid()) m_model->setTags(m_proxy->mapToSource(cur).row(), tags);
    });
    connect(m_detail, &DetailPanel::noteEdited, this, [this](const QString& note) {
        const QModelIndex cur = m_view->currentIndex();
        if (cur.isValid()) m_model->setNote(m_proxy->mapToSource(cur).row(), note);
    });

    // Status bar.
    m_statusData = new QLabel(this);
    m_statusJobs = new QLabel(this);
    m_statusDevice = new QLabel(this);
    statusBar()->addPermanentWidget(m_statusData);
    statusBar()->addPermanentWidget(m_statusJobs);
    statusBar()->addPermanentWidget(m_statusDevice);
    try {
        m_statusDevice->setText(tr("Device: %1").arg(QString::fromStdString(resolveDevice("auto"))));
    } catch (const Error&) {
        m_statusDevice->setText(tr("Device: cpu"));
    }
    m_statusDevice->setToolTip(QString::fromStdString(runtimeSummary()));
    connect(m_jobsPanel, &JobsPanel::summaryChanged, m_statusJobs, &QLabel::setText);
    connect(m_jobs, &JobRunner::jobFinished, this, [this](int, bool ok, const QString& message) {
        if (!ok && message != JobRunner::cancelledText()) statusBar()->showMessage(message, 10000);
    });

    // Annotations and view state are saved shortly after a change (and on close).
    m_saveState.setSingleShot(true);
    m_saveState.setInterval(800);
    connect(&m_saveState, &QTimer::timeout, this, &MainWindow::saveViewState);
    connect(m_model, &GalleryModel::annotationEdited, this, [this](int row) {  // written at once
        try {
            m_session->saveAnnotation(m_model->record(row));
        } catch (const Error&) {
            error(tr("Cannot save the tag or note"), jobErrorFrom(std::current_exception()));
        }
    });

    buildActions();
    connect(m_session, &WorkspaceSession::changed, this, &MainWindow::refreshFromSession);

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) resize(1400, 880);
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray())) {
        resizeDocks({detailDock}, {420}, Qt::Horizontal);
        resizeDocks({jobsDock}, {150}, Qt::Vertical);
    }
    rebuildRecentMenu();
    updateStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildActions() {
    QList<QAction*> all;
    auto action = [this, &all](QMenu* menu, const QString& text, const QKeySequence& key, auto slot) {
        auto* a = menu->addAction(text);
        if (!key.isEmpty()) a->setShortcut(key);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);  // shortcuts work wherever the focus is in the window
        all << a;
        return a;
    };
    QMenu* file = menuBar()->addMenu(tr("&File"));
    action(file, tr("&Open dataset folder..."), QKeySequence::Open, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Open a dataset folder (it is only ever read)"));
        if (!dir.isEmpty()) openDataset(dir);
    });
    action(file, tr("Open a &scan or array file..."), QKeySequence(tr("Ctrl+Alt+O")), [this] {
        const QString f = QFileDialog::getOpenFileName(
            this, tr("Open a scan (NIfTI, DICOM) or an IDX array (it is only ever read)"), {},
            tr("Scans and arrays (*.nii *.nii.gz *.dcm *.dicom *-idx3-ubyte *-idx3-ubyte.gz);;All files "
               "(*)"));
        if (!f.isEmpty()) openDataset(f);
    });
    action(file, tr("Open &workspace..."), QKeySequence(tr("Ctrl+Shift+O")), [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Open a workspace (a folder with scores.csv)"));
        if (!dir.isEmpty()) openWorkspace(dir);
    });
    m_recentMenu = file->addMenu(tr("Open &recent"));
    action(file, tr("Open the &demo"), QKeySequence(tr("Ctrl+Shift+D")), [this] { openDemo({}, {}); });
    file->addSeparator();
    action(file, tr("Load &backbone..."), QKeySequence(tr("Ctrl+B")), &MainWindow::loadBackbone);
    action(file, tr("Load minority &classifier..."), QKeySequence(tr("Ctrl+L")), &MainWindow::loadClassifier);
    action(file, tr("Load &feature network (ResNet-50)..."), QKeySequence(), [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("torchvision ResNet-50 weights"), {},
                                                       tr("Checkpoints (*.pt *.pth *.safetensors)"));
        if (f.isEmpty() ||
            !confirmCheckpoint(this, f, tr("Feature network"), QStringLiteral("ResNet-50 (torchvision)")))
            return;
        m_session->state()[QStringLiteral("featureNetwork")] = f;
        m_session->saveState();
    });
    file->addSeparator();
    action(file, tr("&Export ranked gallery..."), QKeySequence(tr("Ctrl+E")), &MainWindow::exportGallery);
    QAction* save = action(file, tr("&Save samples..."), QKeySequence::Save, [this] {
        // The workspace's samples folder first: samples saved there come back when it reopens.
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Save the samples into"), m_session->samplesFolder());
        if (!dir.isEmpty()) m_sampling->saveTo(dir);
    });
    save->setEnabled(false);  // nothing to save until a sampling run has finished
    connect(m_sampling, &SamplingPanel::samplesReady, save, [save] { save->setEnabled(true); });
    file->addSeparator();
    action(file, tr("&Quit"), QKeySequence::Quit, [this] { close(); });

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    action(run, tr("&Score the dataset..."), QKeySequence(tr("Ctrl+R")), &MainWindow::runScore);
    action(run, tr("Minority &classes..."), QKeySequence(tr("Ctrl+K")), &MainWindow::runClasses);
    action(run, tr("&Train the minority classifier..."), QKeySequence(tr("Ctrl+T")),
           [this] { runTraining(false); });
    action(run, tr("&Generate samples"), QKeySequence(Qt::Key_F5), [this] {
        m_tabs->setCurrentIndex(2);
        m_sampling->regenerate();
    });
    action(run, tr("S&weep classes x scales"), QKeySequence(tr("Shift+F5")), [this] {
        m_tabs->setCurrentIndex(2);
        m_sampling->sweep();
    });
    action(run, tr("&Evaluate the last samples"), QKeySequence(tr("Ctrl+Shift+E")), &MainWindow::runEvaluate);
    run->addSeparator();
    action(run, tr("Cancel &all jobs"), QKeySequence(tr("Ctrl+.")), [this] { m_jobs->cancelAll(); });

    QMenu* gallery = menuBar()->addMenu(tr("&Gallery"));
    // Single-key tags act on the gallery only (typing elsewhere stays typing).
    auto galleryOnly = [this](QAction* a) {
        removeAction(a);
        m_view->addAction(a);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    };
    galleryOnly(
        action(gallery, tr("Tag as &rare"), QKeySequence(tr("R")), [this] { tagSelection(TagRare); }));
    galleryOnly(action(gallery, tr("Tag as &artifact"), QKeySequence(tr("A")),
                       [this] { tagSelection(TagArtifact); }));
    galleryOnly(action(gallery, tr("Tag for re&view later"), QKeySequence(tr("V")),
                       [this] { tagSelection(TagReview); }));
    galleryOnly(action(gallery, tr("&Clear tags"), QKeySequence(tr("0")), [this] { tagSelection(0); }));
    gallery->addSeparator();
    galleryOnly(action(gallery, tr("&Previous slice of the volume"), QKeySequence(tr("[")),
                       [this] { stepSlice(-1); }));
    galleryOnly(
        action(gallery, tr("&Next slice of the volume"), QKeySequence(tr("]")), [this] { stepSlice(1); }));
    gallery->addSeparator();
    action(gallery, tr("Re&verse the order"), QKeySequence(tr("Ctrl+I")),
           [this] { m_sort->setCurrentIndex(1 - m_sort->currentIndex()); });
    action(gallery, tr("Clear the &filters"), QKeySequence(tr("Ctrl+Shift+F")), [this] {
        m_classFilter->clearSelection();
        for (QCheckBox* c : {m_tagRare, m_tagArtifact, m_tagReview})
            c->setChecked(false);
        m_search->clear();
        m_histogram->setSelection(NAN, NAN);
        m_proxy->clearScoreRange();
        updateStatus();
    });
    action(gallery, tr("&Find by path"), QKeySequence::Find, [this] {
        m_tabs->setCurrentIndex(0);
        m_search->setFocus();
        m_search->selectAll();
    });

    QMenu* view = menuBar()->addMenu(tr("&View"));
    const QStringList names = {tr("&Gallery"), tr("&Classifier"), tr("&Sampling"), tr("&Evaluation")};
    for (int i = 0; i < names.size(); ++i)
        action(view, names[i], QKeySequence(QStringLiteral("Alt+%1").arg(i + 1)),
               [this, i] { m_tabs->setCurrentIndex(i); });
    view->addSeparator();
    action(view, tr("&Larger thumbnails"), QKeySequence::ZoomIn,
           [this] { m_size->setValue(m_size->value() + 32); });
    action(view, tr("&Smaller thumbnails"), QKeySequence::ZoomOut,
           [this] { m_size->setValue(m_size->value() - 32); });
    view->addSeparator();
    for (QDockWidget* d : findChildren<QDockWidget*>())
        view->addAction(d->toggleViewAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    m_overlay = nullptr;
    auto* shortcuts = action(help, tr("&Keyboard shortcuts"), QKeySequence(tr("?")), [this] {
        if (m_overlay) m_overlay->popup();
    });
    shortcuts->setShortcuts({QKeySequence(tr("?")), QKeySequence(tr("Shift+?")), QKeySequence(Qt::Key_F1)});
    action(help, tr("&About MinorityLens"), QKeySequence(), &MainWindow::about);
    m_overlay = new ShortcutOverlay(all, this);
}

void MainWindow::error(const QString& what, const QString& message) {
    JobError e;
    e.code = ErrorCode::InvalidArgument;
    e.message = message;
    error(what, e);
}

void MainWindow::error(const QString& what, const JobError& e) {
    statusBar()->showMessage(what + QStringLiteral(": ") + e.text(), 10000);
    ErrorDisplay::show(this, what, e);
}

void MainWindow::openDataset(const QString& folder) {
    saveViewState();
    try {
        m_session->openDataset(folder);
        addRecent(m_session->dataRoot(), false);
    } catch (const std::exception& e) {
        error(tr("Cannot open %1").arg(folder), jobErrorFrom(std::current_exception()));
    }
}

void MainWindow::openWorkspace(const QString& workspace) {
    saveViewState();
    try {
        m_session->openWorkspace(workspace);
        addRecent(m_session->workspace(), true);
    } catch (const std::exception& e) {
        error(tr("Cannot open %1").arg(workspace), jobErrorFrom(std::current_exception()));
    }
}

void MainWindow::showTab(const QString& name) {
    const int i = static_cast<int>(kTabs.indexOf(name.toLower()));
    if (i >= 0) m_tabs->setCurrentIndex(i);
}

void MainWindow::refreshFromSession() {
    const WorkspaceData& d = m_session->data();
    if (m_session->workspace() != m_shownWorkspace) {  // the previous dataset's finished jobs go
        m_jobsPanel->clearFinished();
        m_shownWorkspace = m_session->workspace();
        showSavedSamples();
    }
    m_cache.clear();
    m_loader->setReader(d.reader);
    m_model->setRoot(QString::fromStdString(m_session->data().dataRoot));
    m_model->setRecords(m_session->galleryRecords());
    std::vector<double> scores;
    for (const auto& r : d.records)
        if (!std::isnan(r.score)) scores.push_back(r.score);
    m_histogram->setScores(scores);
    m_histogram->setThresholds(d.thresholds);
    m_view->setNumClasses(d.numClasses);
    {
        QVector<int> counts(d.hasClasses ? d.numClasses : 0, 0);
        for (const auto& r : d.records)
            if (r.cls >= 0 && r.cls < counts.size()) ++counts[r.cls];
        m_classFilter->setClasses(counts);
    }
    m_proxy->setClasses({});
    m_proxy->clearScoreRange();
    setWindowTitle(tr("%1 - MinorityLens").arg(QFileInfo(m_session->dataRoot()).fileName()));

    // The classifier: its curves, and guidance in the sampling panel.
    m_monitor->clear();
    if (!d.classifierMetrics.empty()) m_monitor->setHistory(readTrainMetrics(d.classifierMetrics));
    const QString classifier = m_session->classifier();
    int classes = d.numClasses;
    if (!classifier.isEmpty()) {
        try {
            const InspectResult r = inspectCheckpoint(classifier.toStdString());
            classes = QJsonDocument::fromJson(QByteArray::fromStdString(r.configJson))
                          .object()
                          .value(QStringLiteral("out_channels"))
                          .toInt(classes);
        } catch (const Error& e) {
            statusBar()->showMessage(
                tr("The minority classifier cannot be read: %1").arg(QString::fromStdString(e.what())),
                10000);
        }
    }
    m_sampling->setBackboneConfig(m_session->backboneConfig());
    m_sampling->setModels(m_session->backbone(), classifier, classifier.isEmpty() ? 0 : classes);
    m_review->setStore(m_session->annotations());
    m_resumeButton->setEnabled(
        QFileInfo::exists(m_session->workspace() + QStringLiteral("/classifier/training_state.safetensors")));
    m_trainButton->setEnabled(d.hasClasses);

    // The last evaluation, if any.
    const QString eval = m_session->evaluationFolder();
    if (QFileInfo::exists(eval + QStringLiteral("/metrics.csv")))
        m_density->load(eval + QStringLiteral("/metrics.csv"), eval + QStringLiteral("/summary.json"));
    else
        m_density->clear();
    restoreViewState();
    updateStatus();
    Q_EMIT workspaceLoaded();
}

void MainWindow::restoreViewState() {
    const QJsonObject& s = m_session->state();
    const QJsonObject view = s.value(QStringLiteral("view")).toObject();
    m_sort->setCurrentIndex(view.value(QStringLiteral("rarestFirst")).toBool(true) ? 0 : 1);
    m_proxy->setRarestFirst(m_sort->currentIndex() == 0);
    QSet<int> classes;
    for (const auto& c : view.value(QStringLiteral("classes")).toArray())
        classes.insert(c.toInt());
    if (view.contains(QStringLiteral("class")) && view.value(QStringLiteral("class")).toInt(-1) >= 0)
        classes.insert(view.value(QStringLiteral("class")).toInt());  // a workspace saved before multi-select
    m_classFilter->setSelected(classes);
    m_proxy->setClasses(m_classFilter->selected());
    m_size->setValue(view.value(QStringLiteral("thumbnail")).toInt(m_size->value()));
    const QJsonObject samp = s.value(QStringLiteral("sampling")).toObject();
    if (!samp.isEmpty()) {
        SamplingSettings ss = m_sampling->settings();
        ss.targetClass = samp.value(QStringLiteral("class")).toInt(ss.targetClass);
        ss.scale = samp.value(QStringLiteral("scale")).toDouble(ss.scale);
        ss.seed =
            static_cast<quint64>(samp.value(QStringLiteral("seed")).toInteger(static_cast<qint64>(ss.seed)));
        ss.steps = samp.value(QStringLiteral("steps")).toInt(ss.steps);
        try {
            ss.sampler = parse<Sampler>(samp.value(QStringLiteral("sampler"))
                                            .toString(QString::fromLatin1(name(ss.sampler)))
                                            .toStdString());
        } catch (const Error&) {
        }
        ss.samples = samp.value(QStringLiteral("samples")).toInt(ss.samples);
        m_sampling->setSettings(ss);
    }
    const int tab = static_cast<int>(kTabs.indexOf(view.value(QStringLiteral("tab")).toString()));
    if (tab >= 0) m_tabs->setCurrentIndex(tab);
    // The image the user was looking at, else the rarest.
    const int row = m_model->rowOf(view.value(QStringLiteral("current")).toInteger(-1));
    QModelIndex idx = row >= 0 ? m_proxy->mapFromSource(m_model->index(row)) : QModelIndex();
    if (!idx.isValid()) idx = m_proxy->index(0, 0);
    if (idx.isValid()) {
        m_view->setCurrentIndex(idx);
        m_view->scrollTo(idx);
    }
    m_view->requestVisibleNow();
}

void MainWindow::saveViewState() {
    if (!m_session->isOpen()) return;
    QJsonObject view;
    view[QStringLiteral("rarestFirst")] = m_sort->currentIndex() == 0;
    QList<int> classes = m_classFilter->selected().values();
    std::sort(classes.begin(), classes.end());
    QJsonArray classArray;
    for (int c : classes)
        classArray.append(c);
    view[QStringLiteral("classes")] = classArray;
    view[QStringLiteral("thumbnail")] = m_size->value();
    view[QStringLiteral("tab")] = kTabs.value(m_tabs->currentIndex());
    const QModelIndex cur = m_view->currentIndex();
    if (cur.isValid()) view[QStringLiteral("current")] = m_model->record(m_proxy->mapToSource(cur).row()).id;
    m_session->state()[QStringLiteral("view")] = view;
    const SamplingSettings ss = m_sampling->settings();
    m_session->state()[QStringLiteral("sampling")] =
        QJsonObject{{QStringLiteral("class"), ss.targetClass},
                    {QStringLiteral("scale"), ss.scale},
                    {QStringLiteral("seed"), static_cast<qint64>(ss.seed)},
                    {QStringLiteral("steps"), ss.steps},
                    {QStringLiteral("sampler"), QString::fromLatin1(name(ss.sampler))},
                    {QStringLiteral("samples"), ss.samples}};
    m_session->saveState();
}

void MainWindow::addRecent(const QString& path, bool workspace) {
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recent")).toStringList();
    const QString entry = (workspace ? QStringLiteral("ws:") : QStringLiteral("data:")) + path;
    recent.removeAll(entry);
    recent.prepend(entry);
    while (recent.size() > 10)
        recent.removeLast();
    settings.setValue(QStringLiteral("recent"), recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recent")).toStringList();
    for (const QString& entry : recent) {
        const bool ws = entry.startsWith(QStringLiteral("ws:"));
        const QString path = entry.section(QLatin1Char(':'), 1);
        QAction* a = m_recentMenu->addAction(ws ? tr("%1 (workspace)").arg(path) : path);
        connect(a, &QAction::triggered, this,
                [this, ws, path] { ws ? openWorkspace(path) : openDataset(path); });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (m_askBeforeQuit && m_jobs->activeCount() > 0) {
        const auto answer = QMessageBox::question(
            this, tr("Quit MinorityLens"),
            tr("%n job(s) still running. Cancel and quit? Scores and checkpoints so far are kept.", nullptr,
               m_jobs->activeCount()),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
    }
    saveViewState();
    m_jobs->shutdown();  // cancels and waits: nothing is left half-written
    m_loader->waitForIdle();
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls() && event->mimeData()->urls().size() == 1 &&
        QFileInfo(event->mimeData()->urls().front().toLocalFile()).isDir())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QString dir = event->mimeData()->urls().front().toLocalFile();
    // A dropped workspace opens as such; any other folder is a dataset.
    if (QFileInfo::exists(dir + QStringLiteral("/scores.json")) ||
        QFileInfo::exists(dir + QStringLiteral("/dataset.txt")))
        openWorkspace(dir);
    else
        openDataset(dir);
}

}  // namespace app
}  // namespace mlens
