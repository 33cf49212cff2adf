#pragma once
// Interactive minority guidance: target class and scale sliders (with spin boxes), seed (random / keep
// / +1), steps, DDPM or DDIM, number of samples. Releasing a slider regenerates after a short pause and
// cancels the run in progress. Baseline and guided grids side by side from the same noise, with
// progressive x0 previews, a difference-map toggle, and a sweep (classes x scales).
#include <QDialog>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <vector>

#include "engine/api/sampling.h"
#include "engine/api/sweep.h"
#include "widgets/job_error.h"

class QCheckBox;
class QComboBox;

class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;
class QStackedWidget;

namespace mlens {
namespace widgets {

class ImageGrid;
class JobRunner;

struct SamplingSettings {
    int targetClass = -1;  // -1: the rarest class (L - 1)
    double scale = 3.0;    // what the demo uses (guided rare fraction 5 % -> 23 %)
    quint64 seed = 0;
    int steps = 100;  // sampling steps; the respacing follows from the sampler (respacingFor)
    Sampler sampler = Sampler::Ancestral;
    int samples = 16;
};

class SamplingPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SamplingPanel)

public:
    SamplingPanel(JobRunner* runner, QWidget* parent = nullptr);
    ~SamplingPanel() override;

    // What to sample from. An empty classifier disables guidance controls.
    void setModels(const QString& backbone, const QString& classifier, int numClasses,
                   const QString& device = QStringLiteral("auto"));
    // The backbone's configuration file (empty: the engine's rule); applies from the next run.
    void setBackboneConfig(const QString& config) { m_backboneConfig = config; }
    void setSettings(const SamplingSettings& s);
    SamplingSettings settings() const;
    void setDebounceMs(int ms) { m_debounce.setInterval(ms); }

    void regenerate();  // cancels the running job and starts a new one
    // The classes x scales grid (sweepSpec(): the user's settings, else defaultSweep of the class count
    // and the current scale), each distinct cell once, one progress; shared seed and steps.
    void sweep();
    void configureSweep();  // the sweep dialog; OK starts the sweep
    void setSweepSpec(const SweepSpec& spec) {
        m_sweepSpec = spec;
        m_sweepChosen = true;
    }
    SweepSpec sweepSpec() const;
    // Writes the finished sweep grid as one PNG with its parameters (a background job). False when no
    // sweep has finished.
    bool saveSweepTo(const QString& path);
    bool hasSweep() const { return !m_sweepResult.images.empty(); }
    // Writes the samples on screen as the sample job does (a background job); a failure arrives as
    // failed(), never as an exception. Returns false when there is nothing to save.
    bool saveTo(const QString& folder);
    // Samples read back from `folder` (readSampleSet), shown as if just made, with their settings.
    void showSaved(const SampleResult& result, const QString& folder);

    ImageGrid* baselineGrid() const { return m_baseline; }
    ImageGrid* guidedGrid() const { return m_guided; }
    ImageGrid* sweepGrid() const { return m_sweep; }
    ImageGrid* differenceGrid() const { return m_differenceGrid; }
    QDialog* lightbox() const { return m_lightbox; }
    int previewsReceived() const { return m_previews; }
    bool lastBaselineReused() const { return m_last.baselineReused; }
    int completedRuns() const { return m_completed; }
    int cancelledRuns() const { return m_cancelled; }
    bool busy() const { return m_job != 0; }
    QSlider* classSlider() const { return m_classSlider; }
    QSlider* scaleSlider() const { return m_scaleSlider; }

Q_SIGNALS:
    void samplesReady();
    void settingsChanged();
    void status(const QString& message);
    void saved(const QString& folder);
    void failed(const QString& title, const mlens::widgets::JobError& error);

private:
    void scheduleRegenerate();
    void showDifference(bool on);
    void showGuidedTitle();
    void openLightbox(int index);
    QString describeSample(int index) const;
    void applyResult(const SampleResult& r);
    SampleRequest makeRequest(const SamplingSettings& s) const;

    JobRunner* m_runner;
    std::shared_ptr<SamplingSession> m_session;
    QString m_backbone, m_backboneConfig, m_classifier, m_device;
    int m_numClasses = 0;
    QSlider *m_classSlider, *m_scaleSlider;
    QSpinBox *m_classSpin, *m_seed, *m_samples;
    QDoubleSpinBox* m_scaleSpin;
    QComboBox *m_steps, *m_sampler;
    QCheckBox *m_keepSeed, *m_difference, *m_live;
    QPushButton *m_generate, *m_sweepButton, *m_save, *m_saveSweep;
    QLabel* m_statusLabel;
    QStackedWidget* m_views;
    ImageGrid *m_baseline, *m_guided, *m_differenceGrid, *m_sweep;
    QPointer<QDialog> m_lightbox;
    QTimer m_debounce;
    int m_job = 0, m_previews = 0, m_completed = 0, m_cancelled = 0;
    bool m_rarestPending = true;  // the class slider starts at the rarest class once classes are known
    quint64 m_generation = 0;
    std::vector<QImage> m_baseImages, m_guidedImages;
    SampleResult m_last;
    SweepSpec m_sweepSpec;
    bool m_sweepChosen = false;
    SweepResult m_sweepResult;   // the last finished sweep
    SamplingSettings m_shown;    // what the images on screen were made with
    SamplingSettings m_settled;  // the settings last run or restored: an unchanged control starts nothing
};

}  // namespace widgets
}  // namespace mlens
