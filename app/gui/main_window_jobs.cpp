// MainWindow: the actions that start engine jobs (score, classes, training, evaluation, export, the
// demo) and the checkpoint choices. Every job runs through the JobRunner: progress, ETA and cancel in
// the jobs panel, results back on the GUI thread.
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QtGlobal>

#include <qcustomplot.h>
#include <spdlog/version.h>
#include <opencv2/core/version.hpp>

#include <cmath>

#include "app/gui/main_window.h"
#include "app/gui/run_dialogs.h"
#include "engine/api/classes.h"
#include "engine/api/demo.h"
#include "engine/api/error.h"
#include "engine/api/evaluation.h"
#include "engine/api/export.h"
#include "engine/api/runtime.h"
#include "engine/api/scoring.h"
#include "engine/api/training.h"
#include "widgets/density_panel.h"
#include "widgets/gallery_proxy.h"
#include "widgets/gallery_view.h"
#include "widgets/job_runner.h"
#include "widgets/sampling_panel.h"
#include "widgets/training_monitor.h"

namespace mlens {
namespace app {

using namespace mlens::widgets;

void MainWindow::loadBackbone() {
    const QString f =
        QFileDialog::getOpenFileName(this, tr("Backbone (guided-diffusion UNet)"), {},
                                     tr("Checkpoints (*.pt *.pth *.safetensors);;All files (*)"));
    if (f.isEmpty() || !confirmCheckpoint(this, f, tr("Backbone"), QStringLiteral("UNetModel"))) return;
    if (!m_session->isOpen()) {
        error(tr("No dataset"), tr("Open a dataset folder first: the backbone is remembered per dataset."));
        return;
    }
    m_session->setBackbone(f);
    refreshFromSession();
    statusBar()->showMessage(tr("Backbone: %1").arg(f), 6000);
}

void MainWindow::loadClassifier() {
    const QString f =
        QFileDialog::getOpenFileName(this, tr("Minority classifier (EncoderUNetModel)"), {},
                                     tr("Checkpoints (*.pt *.pth *.safetensors);;All files (*)"));
    if (f.isEmpty() ||
        !confirmCheckpoint(this, f, tr("Minority classifier"), QStringLiteral("EncoderUNetModel")))
        return;
    if (!m_session->isOpen()) {
        error(tr("No dataset"), tr("Open a dataset folder first: the classifier is remembered per dataset."));
        return;
    }
    m_session->setClassifier(f);
    refreshFromSession();
}

void MainWindow::runScore() {
    if (!m_session->isOpen())
        return error(tr("No dataset"), tr("Open a dataset folder first (File > Open dataset folder)."));
    if (m_session->backbone().isEmpty()) {
        loadBackbone();
        if (m_session->backbone().isEmpty()) return;
    }
    ScoreDialog dialog(this);
    dialog.setCurrent(m_session->data().dataset, m_session->backboneConfig());
    if (dialog.exec() != QDialog::Accepted) return;
    ScoreRequest req;
    req.dataset = m_session->data().dataset;
    dialog.fill(req);
    req.backbone.checkpoint = m_session->backbone().toStdString();
    req.workspace = m_session->workspace().toStdString();
    m_session->setBackboneConfig(dialog.config());  // every later job of this backbone uses it
    m_sampling->setBackboneConfig(dialog.config());
    m_jobs->run<ScoreResult>(
        tr("Scoring %1").arg(QFileInfo(m_session->dataRoot()).fileName()), JobPool::Heavy,
        [req](ProgressSink& p) { return mlens::runScore(req, p); }, this,
        [this](ScoreResult r) {
            QString message =
                tr("Scored %1 images (%2 reused from the cache, %3 unreadable, %4 other entries "
                   "skipped) in %5 s")
                    .arg(r.scored)
                    .arg(r.reused)
                    .arg(static_cast<int64_t>(r.skipped.size()) - r.notListed)
                    .arg(r.notListed)
                    .arg(r.seconds, 0, 'f', 0);
            if (!r.calibrationJson.empty())
                message += QStringLiteral(" ") + tr("t = %1, chosen by agreement with AvgkNN (%2).")
                                                     .arg(r.originalStep)
                                                     .arg(QString::fromStdString(r.calibrationJson));
            statusBar()->showMessage(message, 10000);
            m_session->reload();
            runClasses();  // the next step: classes from the new scores
        },
        [this](const JobError& e) { error(tr("Scoring failed"), e); },
        [this] {
            m_session->reload();  // what was scored before the cancel is kept and shown
        });
}

void MainWindow::runClasses() {
    const WorkspaceData& d = m_session->data();
    if (!d.scored) return error(tr("Not scored"), tr("Score the dataset first (Run > Score the dataset)."));
    std::vector<float> scores;
    for (const auto& r : d.records)
        if (!std::isnan(r.score)) scores.push_back(static_cast<float>(r.score));
    ClassesDialog dialog(suggestNumClasses(scores), static_cast<int>(scores.size()), this);
    if (dialog.exec() != QDialog::Accepted) return;
    ClassesRequest req;
    req.workspace = m_session->workspace().toStdString();
    req.numClasses = dialog.numClasses();
    m_jobs->run<ClassesResult>(
        tr("Minority classes"), JobPool::Light, [req](ProgressSink&) { return mlens::runClasses(req); }, this,
        [this](ClassesResult r) {
            statusBar()->showMessage(tr("%1 classes of about %2 images each")
                                         .arg(r.numClasses)
                                         .arg(r.images / std::max(1, r.numClasses)),
                                     8000);
            m_session->reload();
        },
        [this](const JobError& e) { error(tr("Classes failed"), e); });
}

void MainWindow::runTraining(bool resume) {
    if (!m_session->data().hasClasses)
        return error(tr("No classes"), tr("Score the dataset and build minority classes first."));
    if (m_trainingJob && m_jobs->isRunning(m_trainingJob)) return;
    ClassifierTrainRequest req;
    const QString outDir = m_session->workspace() + QStringLiteral("/classifier");
    if (!resume) {
        TrainDialog dialog(this);
        if (dialog.exec() != QDialog::Accepted) return;
        dialog.fill(req);
        req.workspace = m_session->workspace().toStdString();
        m_monitor->clear();
    } else {
        // The interrupted (or finished) run's own settings; only its length may grow.
        int64_t done = 0;
        try {
            req = savedTrainRequest(outDir.toStdString(), &done);
        } catch (const Error& e) {
            return error(tr("Cannot resume"), jobErrorFrom(std::current_exception()));
        }
        bool ok = false;
        const int total = QInputDialog::getInt(
            this, tr("Resume training"),
            tr("%1 of %2 steps done. Train until step:").arg(done).arg(req.iterations),
            static_cast<int>(done < req.iterations ? req.iterations : 2 * req.iterations),
            static_cast<int>(done) + 1, 10000000, 100, &ok);
        if (!ok) return;
        req.iterations = total;
    }
    QPointer<TrainingMonitor> monitor(m_monitor);
    req.onMetrics = [monitor](const TrainMetrics& m) {
        QMetaObject::invokeMethod(
            monitor.data(),
            [monitor, m] {
                if (monitor) monitor->add(m);
            },
            Qt::QueuedConnection);
    };
    m_tabs->setCurrentIndex(1);
    m_trainButton->setEnabled(false);
    m_resumeButton->setEnabled(false);
    m_trainingJob = m_jobs->run<ClassifierTrainResult>(
        resume ? tr("Resuming classifier training") : tr("Training the minority classifier"), JobPool::Heavy,
        [req](ProgressSink& p) { return runTrainClassifier(req, p); }, this,
        [this](ClassifierTrainResult r) {
            m_trainingJob = 0;
            statusBar()->showMessage(tr("Classifier trained: %1 steps, validation top-1 %2 %")
                                         .arg(r.steps)
                                         .arg(100 * r.last.valTop1, 0, 'f', 1),
                                     10000);
            m_session->setClassifier(QString::fromStdString(r.checkpoint));
            m_session->reload();
        },
        [this](const JobError& e) {
            m_trainingJob = 0;
            m_session->reload();
            error(tr("Training failed"), e);
        },
        [this] {
            m_trainingJob = 0;
            m_session->reload();  // the checkpoint written on cancel can be resumed
            statusBar()->showMessage(tr("Training cancelled; its checkpoint is kept (Resume continues it)."),
                                     10000);
        });
}

void MainWindow::runEvaluate() {
    if (!m_session->isOpen()) return error(tr("No dataset"), tr("Open a dataset or the demo first."));
    const QString samples = m_session->samplesFolder();
    // The samples on screen are the ones evaluated: they are written first (same queue order).
    if (m_sampling->completedRuns() > 0 &&
        !QFileInfo::exists(samples + QStringLiteral("/guided/samples.npz"))) {
        connect(m_sampling, &SamplingPanel::saved, this, &MainWindow::runEvaluate, Qt::SingleShotConnection);
        m_sampling->saveTo(samples);
        return;
    }
    const QString base = samples + QStringLiteral("/baseline/samples.npz"),
                  guided = samples + QStringLiteral("/guided/samples.npz");
    if (!QFileInfo::exists(guided))
        return error(tr("No samples"), tr("Generate samples first (Sampling tab): baseline and guided sets "
                                          "are compared with the real images."));
    EvaluateRequest req;
    req.real = m_session->data().dataset;
    if (QFileInfo::exists(base)) req.fakes.push_back("baseline=" + base.toStdString());
    req.fakes.push_back("guided=" + guided.toStdString());
    req.outDir = m_session->evaluationFolder().toStdString();
    req.backbone.checkpoint = m_session->backbone().toStdString();
    req.backbone.config = m_session->backboneConfig().toStdString();
    // Score the samples at the noise level the dataset was scored at, so that the densities compare.
    req.score.t = m_session->data().scoredT;
    req.features.network =
        m_session->state().value(QStringLiteral("featureNetwork")).toString().toStdString();
    m_tabs->setCurrentIndex(3);
    m_jobs->run<EvaluateResult>(
        tr("Evaluating samples"), JobPool::Heavy,
        [req](ProgressSink& p) { return mlens::runEvaluate(req, p); }, this,
        [this](EvaluateResult r) {
            m_density->load(QString::fromStdString(r.metricsCsv), QString::fromStdString(r.summaryJson));
            statusBar()->showMessage(tr("Evaluation written to %1").arg(m_session->evaluationFolder()), 8000);
        },
        [this](const JobError& e) { error(tr("Evaluation failed"), e); });
}

void MainWindow::exportGallery() {
    if (!m_session->isOpen() || m_model->rowCount() == 0)
        return error(tr("Nothing to export"), tr("Open a dataset first."));
    const QList<int> selected = m_view->selectedSourceRows();
    ExportDialog dialog(m_proxy->rowCount(), static_cast<int>(selected.size()), m_model->rowCount(), this);
    if (dialog.exec() != QDialog::Accepted) return;
    ExportRequest req;
    dialog.fill(req);
    req.workspace = m_session->workspace().toStdString();
    req.dataset = m_session->data().dataset;
    if (dialog.scope() == ExportDialog::Selection) {
        for (int row : selected)
            req.items.push_back(m_model->record(row).path.toStdString());
    } else if (dialog.scope() == ExportDialog::View) {
        for (int i = 0; i < m_proxy->rowCount(); ++i)
            req.items.push_back(
                m_model->record(m_proxy->mapToSource(m_proxy->index(i, 0)).row()).path.toStdString());
    }  // All: the engine's rank order
    const QString folder = QString::fromStdString(req.outDir);
    m_jobs->run<ExportResult>(
        tr("Exporting to %1").arg(folder), JobPool::Light,
        [req](ProgressSink& p) { return runExport(req, p); }, this,
        [this, folder](ExportResult r) {
            QString text = tr("Exported %n image(s) to %1", nullptr, r.exported).arg(folder);
            if (!r.skipped.empty())
                text += tr(" (%n unreadable skipped)", nullptr, static_cast<int>(r.skipped.size()));
            statusBar()->showMessage(text, 10000);
        },
        [this](const JobError& e) { error(tr("Export failed"), e); });
}

void MainWindow::openDemo(const QString& folderIn, const QString& backboneIn) {
    const QString folder =
        folderIn.isEmpty()
            ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo")
            : folderIn;
    const QString ws = folder + QStringLiteral("/workspace");
    if (QFileInfo::exists(ws + QStringLiteral("/scores.json")) &&
        QFileInfo::exists(folder + QStringLiteral("/summary.json"))) {
        openWorkspace(ws);
        return;
    }
    DemoRequest req;
    req.outDir = folder.toStdString();
    req.backbone = backboneIn.isEmpty() ? findDemoBackbone() : backboneIn.toStdString();
    req.quick = true;
    if (req.backbone.empty())
        return error(tr("No demo backbone"),
                     tr("The bundled phantom backbone is not installed (set MLENS_DEMO_BACKBONE)."));
    req.resume = true;  // an interrupted demo (quit, killed, SIGTERM) continues where it stopped
    statusBar()->showMessage(
        tr("Running the demo: phantoms, scores, classes, classifier, samples (about 10 minutes on 2 cores)"));
    m_demoRunning = true;
    updateStatus();
    m_jobs->run<DemoResult>(
        tr("Demo on synthetic brain slices"), JobPool::Heavy,
        [req](ProgressSink& p) { return runDemo(req, p); }, this,
        [this, ws](DemoResult r) {
            m_demoRunning = false;
            openWorkspace(ws);
            statusBar()->showMessage(tr("Demo: AUROC %1; rare-looking samples %2 % baseline vs %3 % guided")
                                         .arg(r.aurocMinorityScore, 0, 'f', 3)
                                         .arg(100 * r.rareFractionBaseline, 0, 'f', 1)
                                         .arg(100 * r.rareFractionGuided, 0, 'f', 1),
                                     20000);
        },
        [this](const JobError& e) {
            m_demoRunning = false;
            updateStatus();
            error(tr("The demo failed"), e);
        },
        [this] {
            m_demoRunning = false;
            updateStatus();
        });
}

void MainWindow::about() {
    QMessageBox::about(
        this, tr("About MinorityLens"),
        tr("<h3>MinorityLens %1</h3><p>Find and generate minority images: rank a dataset by "
           "minority score, train a minority "
           "classifier, and sample with minority guidance.</p>"
           "<p>Um &amp; Ye, <i>Don't Play Favorites: Minority Guidance for Diffusion "
           "Models</i> (ICLR 2024).</p>"
           "<p><small>Qt %2 | %3 | OpenCV %4 | QCustomPlot %5 | spdlog %6.%7.%8</small></p>")
            .arg(QStringLiteral("%1 (%2)").arg(QString::fromLatin1(engineVersion()),
                                               QString::fromLatin1(engineCommit())),
                 QString::fromLatin1(qVersion()), QString::fromStdString(runtimeSummary()).toHtmlEscaped(),
                 QStringLiteral(CV_VERSION), QStringLiteral(QCUSTOMPLOT_VERSION_STR))
            .arg(SPDLOG_VER_MAJOR)
            .arg(SPDLOG_VER_MINOR)
            .arg(SPDLOG_VER_PATCH));
}

// What the empty gallery says: why it is empty and what to do next.
// Samples saved into the workspace (by Save samples or an evaluation) come back when it reopens.
void MainWindow::showSavedSamples() {
    const QString folder = m_session->samplesFolder();
    if (!QFileInfo::exists(folder + QStringLiteral("/guided/samples.npz")) &&
        !QFileInfo::exists(folder + QStringLiteral("/samples.npz")))
        return;
    const std::string dir = folder.toStdString();
    const QString workspace = m_session->workspace();
    m_jobs->run<SampleResult>(
        tr("Reading the saved samples"), JobPool::Light, [dir](ProgressSink&) { return readSampleSet(dir); },
        this,
        [this, folder, workspace](SampleResult r) {
            if (m_session->workspace() == workspace && m_sampling->completedRuns() == 0)
                m_sampling->showSaved(r, folder);
        },
        [this](const JobError& e) {
            statusBar()->showMessage(tr("Saved samples not shown: %1").arg(e.message), 10000);
        });
}

}  // namespace app
}  // namespace mlens
