#include "widgets/sampling_panel.h"

#include "engine/api/error.h"
#include "engine/api/request_json.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>
#include <opencv2/core.hpp>

#include "widgets/image_canvas.h"
#include "widgets/image_convert.h"
#include "widgets/image_grid.h"
#include "widgets/job_runner.h"
#include "widgets/sample_lightbox.h"
#include "widgets/sweep_dialog.h"

namespace mlens {
namespace widgets {

namespace {
constexpr double kScaleStep = 0.1;  // the scale slider moves in tenths
}

SamplingPanel::SamplingPanel(JobRunner* runner, QWidget* parent)
    : QWidget(parent), m_runner(runner), m_session(std::make_shared<SamplingSession>()) {
    auto* outer = new QHBoxLayout(this);
    auto* controls = new QWidget(this);
    controls->setMaximumWidth(380);
    auto* form = new QFormLayout(controls);

    m_classSlider = new QSlider(Qt::Horizontal, controls);
    m_classSpin = new QSpinBox(controls);
    auto* classRow = new QHBoxLayout;
    classRow->addWidget(m_classSlider, 1);
    classRow->addWidget(m_classSpin);
    // Rows holding a layout get no buddy from QFormLayout: give the label one, or its & shows.
    auto buddyLabel = [controls](const QString& text, QWidget* buddy) {
        auto* label = new QLabel(text, controls);
        label->setBuddy(buddy);
        return label;
    };
    form->addRow(buddyLabel(tr("Target &class"), m_classSpin), classRow);
    m_classSlider->setToolTip(
        tr("Minority class l~ to guide towards: 0 is the most common, the last the rarest"));

    m_scaleSlider = new QSlider(Qt::Horizontal, controls);
    m_scaleSlider->setRange(0, 200);
    m_scaleSpin = new QDoubleSpinBox(controls);
    m_scaleSpin->setRange(0, 20);
    m_scaleSpin->setSingleStep(kScaleStep);
    m_scaleSpin->setDecimals(1);
    auto* scaleRow = new QHBoxLayout;
    scaleRow->addWidget(m_scaleSlider, 1);
    scaleRow->addWidget(m_scaleSpin);
    form->addRow(buddyLabel(tr("&Scale w"), m_scaleSpin), scaleRow);
    m_scaleSlider->setToolTip(tr("Guidance strength; 0 gives the baseline"));

    m_seed = new QSpinBox(controls);
    m_seed->setRange(0, std::numeric_limits<int>::max());
    auto* random = new QToolButton(controls);
    random->setText(tr("Random"));
    auto* next = new QToolButton(controls);
    next->setText(QStringLiteral("+1"));
    m_keepSeed = new QCheckBox(tr("Keep"), controls);
    m_keepSeed->setChecked(true);
    m_keepSeed->setToolTip(tr("Keep the seed between runs, so that only the guidance changes"));
    auto* seedRow = new QHBoxLayout;
    seedRow->addWidget(m_seed, 1);
    seedRow->addWidget(random);
    seedRow->addWidget(next);
    seedRow->addWidget(m_keepSeed);
    form->addRow(buddyLabel(tr("S&eed"), m_seed), seedRow);

    m_steps = new QComboBox(controls);
    for (int n : {25, 50, 100, 250})
        m_steps->addItem(QString::number(n), n);
    m_steps->setCurrentIndex(2);
    form->addRow(tr("S&teps"), m_steps);
    m_sampler = new QComboBox(controls);
    for (const Sampler v : values<Sampler>())
        m_sampler->addItem(v == Sampler::Ddim ? tr("DDIM (eta 0)") : tr("DDPM (ancestral)"),
                           static_cast<int>(v));
    form->addRow(tr("Sa&mpler"), m_sampler);
    m_samples = new QSpinBox(controls);
    m_samples->setRange(1, 64);
    m_samples->setValue(16);
    form->addRow(tr("Sam&ples"), m_samples);
    m_live = new QCheckBox(tr("Regenerate when a value changes"), controls);
    m_live->setChecked(true);
    form->addRow(m_live);
    m_difference = new QCheckBox(tr("&Difference map (|guided - baseline|)"), controls);
    form->addRow(m_difference);
    m_generate = new QPushButton(tr("&Generate"), controls);
    m_sweepButton = new QPushButton(tr("S&weep classes x scales..."), controls);
    m_saveSweep = new QPushButton(tr("Save sweep gr&id..."), controls);
    m_saveSweep->setEnabled(false);
    m_save = new QPushButton(tr("Sa&ve samples..."), controls);
    m_save->setEnabled(false);
    form->addRow(m_generate);
    form->addRow(m_sweepButton);
    form->addRow(m_saveSweep);
    form->addRow(m_save);
    m_statusLabel = new QLabel(controls);
    m_statusLabel->setWordWrap(true);
    form->addRow(m_statusLabel);
    outer->addWidget(controls);

    m_views = new QStackedWidget(this);
    auto* pair = new QSplitter(Qt::Horizontal, m_views);
    m_baseline = new ImageGrid(tr("Baseline (w = 0)"), pair);
    m_guided = new ImageGrid(tr("Minority guidance"), pair);
    m_differenceGrid = new ImageGrid(tr("|guided - baseline|"), pair);
    m_differenceGrid->setVisible(false);
    pair->addWidget(m_baseline);
    pair->addWidget(m_guided);
    pair->addWidget(m_differenceGrid);
    for (ImageGrid* g : {m_baseline, m_guided, m_differenceGrid})
        connect(g, &ImageGrid::tileClicked, this, &SamplingPanel::openLightbox);
    m_sweep = new ImageGrid(tr("Sweep"), m_views);
    m_views->addWidget(pair);
    m_views->addWidget(m_sweep);
    outer->addWidget(m_views, 1);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(300);
    connect(&m_debounce, &QTimer::timeout, this, &SamplingPanel::regenerate);
    // Sliders and spin boxes mirror each other; a released slider or a finished edit regenerates.
    connect(m_classSlider, &QSlider::valueChanged, m_classSpin, &QSpinBox::setValue);
    connect(m_classSpin, qOverload<int>(&QSpinBox::valueChanged), m_classSlider, &QSlider::setValue);
    connect(m_scaleSlider, &QSlider::valueChanged, this, [this](int v) {
        if (std::lround(m_scaleSpin->value() / kScaleStep) != v) m_scaleSpin->setValue(v * kScaleStep);
    });
    connect(m_scaleSpin, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this](double v) {
        if (m_scaleSlider->value() != std::lround(v / kScaleStep))
            m_scaleSlider->setValue(static_cast<int>(std::lround(v / kScaleStep)));
    });
    for (QSlider* s : {m_classSlider, m_scaleSlider})
        connect(s, &QSlider::sliderReleased, this, &SamplingPanel::scheduleRegenerate);
    for (QSlider* s : {m_classSlider, m_scaleSlider})
        connect(s, &QSlider::actionTriggered, this,
                [this, s](int action) {  // keyboard and page clicks, not drags
                    // The new value is applied after this signal: look at it once it is.
                    if (action != QAbstractSlider::SliderMove && !s->isSliderDown())
                        QTimer::singleShot(0, this, &SamplingPanel::scheduleRegenerate);
                });
    connect(m_classSpin, &QSpinBox::editingFinished, this, &SamplingPanel::scheduleRegenerate);
    connect(m_scaleSpin, &QDoubleSpinBox::editingFinished, this, &SamplingPanel::scheduleRegenerate);
    connect(m_seed, &QSpinBox::editingFinished, this, &SamplingPanel::scheduleRegenerate);
    connect(m_steps, qOverload<int>(&QComboBox::activated), this, &SamplingPanel::scheduleRegenerate);
    connect(m_sampler, qOverload<int>(&QComboBox::activated), this, &SamplingPanel::scheduleRegenerate);
    connect(m_samples, &QSpinBox::editingFinished, this, &SamplingPanel::scheduleRegenerate);
    connect(random, &QToolButton::clicked, this, [this] {
        m_seed->setValue(static_cast<int>(QRandomGenerator::global()->bounded(1 << 30)));
        scheduleRegenerate();
    });
    connect(next, &QToolButton::clicked, this, [this] {
        m_seed->setValue(m_seed->value() + 1);
        scheduleRegenerate();
    });
    connect(m_generate, &QPushButton::clicked, this, [this] {
        if (!m_keepSeed->isChecked())
            m_seed->setValue(static_cast<int>(QRandomGenerator::global()->bounded(1 << 30)));
        regenerate();
    });
    connect(m_sweepButton, &QPushButton::clicked, this, &SamplingPanel::configureSweep);
    connect(m_saveSweep, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save the sweep grid"), QStringLiteral("sweep.png"), tr("PNG images (*.png)"));
        if (!path.isEmpty()) saveSweepTo(path);
    });
    connect(m_save, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Save the samples into"));
        if (!dir.isEmpty()) saveTo(dir);
    });
    connect(m_difference, &QCheckBox::toggled, this, &SamplingPanel::showDifference);
    setSettings(SamplingSettings{});
    setModels({}, {}, 0);
    m_settled = settings();
}

SamplingPanel::~SamplingPanel() {
    if (m_job) m_runner->cancel(m_job);
}

void SamplingPanel::setModels(const QString& backbone, const QString& classifier, int numClasses,
                              const QString& device) {
    m_backbone = backbone;
    m_classifier = classifier;
    m_numClasses = numClasses;
    m_device = device;
    const bool guided = !classifier.isEmpty() && numClasses > 0;
    m_classSlider->setRange(0, std::max(0, numClasses - 1));
    m_classSpin->setRange(0, std::max(0, numClasses - 1));
    if (guided && m_rarestPending) m_classSpin->setValue(numClasses - 1);  // the rarest class first
    if (guided) m_rarestPending = false;
    m_settled = settings();  // loading models starts nothing
    for (QWidget* w : std::initializer_list<QWidget*>{m_classSlider, m_classSpin, m_scaleSlider, m_scaleSpin,
                                                      m_sweepButton, m_difference})
        w->setEnabled(guided);
    m_generate->setEnabled(!backbone.isEmpty());
    m_statusLabel->setText(backbone.isEmpty() ? tr("Load a backbone (File > Load backbone) to sample.")
                           : guided           ? tr("Classes 0 (common) .. %1 (rarest).").arg(numClasses - 1)
                                              : tr("No minority classifier yet: unguided samples only."));
    m_guided->setTitle(guided ? tr("Minority guidance") : tr("Samples"));
}

void SamplingPanel::setSettings(const SamplingSettings& s) {
    m_rarestPending = s.targetClass < 0;
    if (s.targetClass >= 0)
        m_classSpin->setValue(s.targetClass);
    else if (m_numClasses > 0)
        m_classSpin->setValue(m_numClasses - 1);
    m_scaleSpin->setValue(s.scale);
    m_seed->setValue(static_cast<int>(s.seed));
    const int steps = m_steps->findData(s.steps);
    if (steps >= 0) m_steps->setCurrentIndex(steps);
    m_sampler->setCurrentIndex(std::max(0, m_sampler->findData(static_cast<int>(s.sampler))));
    m_samples->setValue(s.samples);
    m_settled = settings();
}

SamplingSettings SamplingPanel::settings() const {
    return {m_classSpin->value(),
            m_scaleSpin->value(),
            static_cast<quint64>(m_seed->value()),
            m_steps->currentData().toInt(),
            static_cast<Sampler>(m_sampler->currentData().toInt()),
            m_samples->value()};
}

namespace {
bool sameSettings(const SamplingSettings& a, const SamplingSettings& b) {
    return a.targetClass == b.targetClass && a.scale == b.scale && a.seed == b.seed && a.steps == b.steps &&
           a.sampler == b.sampler && a.samples == b.samples;
}
}  // namespace

void SamplingPanel::scheduleRegenerate() {
    if (sameSettings(settings(), m_settled)) return;  // e.g. focus leaving an unchanged spin box
    m_settled = settings();
    Q_EMIT settingsChanged();
    if (m_live->isChecked() && !m_backbone.isEmpty()) m_debounce.start();
}

SampleRequest SamplingPanel::makeRequest(const SamplingSettings& s) const {
    SampleRequest r;
    r.backbone.checkpoint = m_backbone.toStdString();
    r.backbone.config = m_backboneConfig.toStdString();
    r.sampler = s.sampler;
    r.respacing = respacingFor(s.sampler, s.steps);
    r.numSamples = s.samples;
    r.batchSize = 16;
    r.seed = s.seed;
    r.device = m_device.toStdString();
    if (!m_classifier.isEmpty() && m_numClasses > 0) {
        r.guidance.classifier = m_classifier.toStdString();
        r.guidance.targetClass = s.targetClass;
        r.guidance.scale = s.scale;
        r.withBaseline = true;
    }
    return r;
}

void SamplingPanel::regenerate() {
    m_debounce.stop();
    if (m_backbone.isEmpty()) return;
    if (m_job) m_runner->cancel(m_job);  // the newest request wins
    m_views->setCurrentIndex(0);
    const quint64 generation = ++m_generation;
    const SamplingSettings requested = settings();
    m_settled = requested;
    SampleRequest req = makeRequest(requested);
    req.previewEvery = 5;
    QPointer<SamplingPanel> self(this);
    req.onPreview = [self, generation, requested](const SamplePreview& p) {
        std::vector<QImage> images;
        for (const cv::Mat& m : p.images)
            images.push_back(toQImage(m));
        QMetaObject::invokeMethod(
            self.data(),
            [self, generation, requested, first = p.firstIndex, step = p.step, total = p.totalSteps,
             guided = p.guided, images] {
                if (!self || generation != self->m_generation) return;  // a stale run
                ImageGrid* grid = guided ? self->m_guided : self->m_baseline;
                for (size_t i = 0; i < images.size(); ++i)
                    grid->setImage(static_cast<int>(first + static_cast<int64_t>(i)), images[i]);
                ++self->m_previews;
                if (guided && !self->m_classifier.isEmpty())
                    self->m_guided->setTitle(SamplingPanel::tr("Minority guidance (class %1, w = %2)")
                                                 .arg(requested.targetClass)
                                                 .arg(requested.scale, 0, 'f', 1));
                self->m_statusLabel->setText(
                    guided ? SamplingPanel::tr("Guided: step %1 of %2").arg(step).arg(total)
                           : SamplingPanel::tr("Baseline: step %1 of %2").arg(step).arg(total));
            },
            Qt::QueuedConnection);
    };
    // The previous images stay, veiled, until previews replace them (no flicker), unless the layout
    // changes; the guided title keeps the values they were made with.
    if (!req.withBaseline || m_baseline->count() != req.numSamples) m_baseline->clear();
    if (m_guided->count() != req.numSamples) m_guided->clear();
    const bool sameNoise = m_completed > 0 && requested.seed == m_shown.seed &&
                           requested.steps == m_shown.steps && requested.sampler == m_shown.sampler &&
                           requested.samples == m_shown.samples;
    if (!sameNoise) m_baseline->setStale(true);  // else the session reuses the baseline on screen
    m_guided->setStale(true);
    m_differenceGrid->setStale(true);  // redrawn from the final images
    if (req.withBaseline && m_guided->count() > 0)
        m_guided->setTitle(tr("Minority guidance (class %1, w = %2), updating to class %3, w = %4")
                               .arg(m_shown.targetClass)
                               .arg(m_shown.scale, 0, 'f', 1)
                               .arg(requested.targetClass)
                               .arg(requested.scale, 0, 'f', 1));
    m_statusLabel->setText(tr("Sampling..."));
    auto session = m_session;
    m_job = m_runner->run<SampleResult>(
        req.guidance.targetClass < 0
            ? tr("Sampling the backbone alone (no classifier)")
            : tr("Sampling (class %1, w = %2)").arg(req.guidance.targetClass).arg(req.guidance.scale),
        JobPool::Interactive, [session, req](ProgressSink& progress) { return session->run(req, progress); },
        this,
        [this, generation, requested](SampleResult r) {
            if (generation != m_generation) return;
            m_job = 0;
            ++m_completed;
            m_shown = requested;
            applyResult(r);
        },
        [this, generation](const JobError& error) {
            if (generation != m_generation) return;
            m_job = 0;
            m_statusLabel->setText(tr("Sampling failed: %1").arg(error.message));
            Q_EMIT failed(tr("Sampling failed"), error);
        },
        [this, generation] {
            ++m_cancelled;
            if (generation == m_generation) {
                m_job = 0;
                m_statusLabel->setText(tr("Cancelled."));
            }
        });
}

void SamplingPanel::applyResult(const SampleResult& r) {
    m_last = r;
    m_baseImages.clear();
    m_guidedImages.clear();
    for (const cv::Mat& m : r.baseline.images)
        m_baseImages.push_back(toQImage(m));
    for (const cv::Mat& m : r.guided.images)
        m_guidedImages.push_back(toQImage(m));
    m_baseline->setImages(m_baseImages);
    m_guided->setImages(m_guidedImages);
    showGuidedTitle();
    showDifference(m_difference->isChecked());
    m_save->setEnabled(true);
    const double perImage =
        r.seconds / std::max<double>(1, static_cast<double>(r.numSamples) * (r.baseline.empty() ? 1 : 2));
    m_statusLabel->setText(
        tr("%n sample(s) in %1 s (%2 s per image) on %3", nullptr, static_cast<int>(r.numSamples))
            .arg(r.seconds, 0, 'f', 1)
            .arg(perImage, 0, 'f', 2)
            .arg(QString::fromStdString(r.device)));
    Q_EMIT samplesReady();
}

void SamplingPanel::showSaved(const SampleResult& result, const QString& folder) {
    GuidanceSpec made;  // what the samples were made with: their parameters are the resolved request
    try {
        made = fromJson<SampleRequest>(result.guided.parameters).guidance;
    } catch (const Error&) {  // a set written by something else: shown without its settings
    }
    m_shown.targetClass = made.targetClass;
    m_shown.scale = made.scale;
    applyResult(result);
    m_statusLabel->setText(
        tr("%n sample(s) saved earlier in %1", nullptr, static_cast<int>(result.numSamples)).arg(folder));
}

void SamplingPanel::showGuidedTitle() {
    m_guided->setTitle(m_classifier.isEmpty() ? tr("Samples")
                                              : tr("Minority guidance (class %1, w = %2)")
                                                    .arg(m_shown.targetClass)
                                                    .arg(m_shown.scale, 0, 'f', 1));
}

// A third panel, one colour scale for all tiles: 0 to the largest difference (8-bit grey levels).
void SamplingPanel::showDifference(bool on) {
    m_differenceGrid->setVisible(on);
    if (!on) return;
    if (m_baseImages.size() != m_guidedImages.size() || m_guidedImages.empty()) {
        m_differenceGrid->clear();
        m_differenceGrid->clearColourBar();
        return;
    }
    std::vector<cv::Mat> maps;
    double hi = 1.0;
    for (size_t i = 0; i < m_guidedImages.size(); ++i) {
        const cv::Mat a = toMat(m_guidedImages[i]), b = toMat(m_baseImages[i]);
        cv::Mat d;
        cv::absdiff(a, b, d);
        if (d.channels() > 1) cv::transform(d, d, cv::Matx13f(1.f / 3, 1.f / 3, 1.f / 3));
        d.convertTo(d, CV_32F);
        double mx = 0;
        cv::minMaxLoc(d, nullptr, &mx);
        hi = std::max(hi, mx);
        maps.push_back(d);
    }
    std::vector<QImage> diffs;
    for (const cv::Mat& d : maps)
        diffs.push_back(ImageCanvas::heatImage(d, 0.0, hi));
    m_differenceGrid->setImages(diffs);
    m_differenceGrid->setColourBar(0.0, hi, tr("grey levels"));
}

QString SamplingPanel::describeSample(int index) const {
    const SamplingSettings& s = m_shown;
    QString text =
        tr("Sample %1 of %2, noise seed %3").arg(index + 1).arg(m_guidedImages.size()).arg(s.seed + index);
    if (!m_classifier.isEmpty())
        text += QLatin1Char('\n') +
                tr("Target class %1, scale w = %2").arg(s.targetClass).arg(s.scale, 0, 'f', 1);
    text +=
        QLatin1Char('\n') + tr("%1, %2 steps")
                                .arg(m_sampler->itemText(m_sampler->findData(static_cast<int>(s.sampler))))
                                .arg(s.steps);
    text += QLatin1Char('\n') + tr("Backbone: %1").arg(QFileInfo(m_backbone).fileName());
    if (!m_classifier.isEmpty())
        text += QLatin1Char('\n') + tr("Classifier: %1").arg(QFileInfo(m_classifier).fileName());
    return text;
}

void SamplingPanel::openLightbox(int index) {
    if (m_guidedImages.empty() || m_views->currentIndex() != 0) return;
    auto* box = new SampleLightbox(
        m_baseImages, m_guidedImages, [this](int i) { return describeSample(i); }, index, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    m_lightbox = box;
}

SweepSpec SamplingPanel::sweepSpec() const {
    return m_sweepChosen ? m_sweepSpec : defaultSweep(m_numClasses, m_scaleSpin->value());
}

void SamplingPanel::configureSweep() {
    if (m_classifier.isEmpty() || m_numClasses < 1) return;
    auto* dialog = new SweepDialog(sweepSpec(), m_numClasses, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        setSweepSpec(dialog->spec());
        sweep();
    });
    dialog->open();
}

void SamplingPanel::sweep() {
    if (m_backbone.isEmpty() || m_classifier.isEmpty() || m_numClasses < 1) return;
    if (m_job) m_runner->cancel(m_job);
    const quint64 generation = ++m_generation;
    const SamplingSettings s = settings();
    const SweepSpec spec = sweepSpec();
    const int perCell = spec.perCell, columns = static_cast<int>(spec.classes.size());
    QStringList rowLabels, colLabels;
    for (double w : spec.scales)
        rowLabels << QStringLiteral("w=%1").arg(w, 0, 'g', 3);
    for (int c : spec.classes)
        for (int k = 0; k < perCell; ++k)
            colLabels << (k == 0 ? tr("class %1").arg(c) : QString());
    m_sweep->clear();
    m_sweep->setColumns(columns * perCell);
    m_sweep->setRowLabels(rowLabels);
    m_sweep->setColumnLabels(colLabels);
    m_sweep->setTitle(tr("Sweep: seed %1, %n sample(s) per cell", nullptr, perCell).arg(s.seed));
    m_views->setCurrentIndex(1);
    m_sweepResult = {};
    m_saveSweep->setEnabled(false);
    auto session = m_session;
    const SampleRequest base = makeRequest(s);
    QPointer<SamplingPanel> self(this);
    m_job = m_runner->run<SweepResult>(
        tr("Sweep (%1 x %2)").arg(spec.classes.size()).arg(spec.scales.size()), JobPool::Interactive,
        [session, base, spec, self, generation, perCell](ProgressSink& progress) {
            return mlens::runSweep(
                *session, base, spec, progress, [&](int cell, const std::vector<cv::Mat>& images) {
                    std::vector<QImage> tiles;
                    for (const cv::Mat& m : images)
                        tiles.push_back(toQImage(m));
                    QMetaObject::invokeMethod(
                        self.data(),
                        [self, generation, cell, tiles, perCell] {
                            if (!self || generation != self->m_generation) return;
                            for (int k = 0; k < static_cast<int>(tiles.size()); ++k)
                                self->m_sweep->setImage(cell * perCell + k, tiles[static_cast<size_t>(k)]);
                        },
                        Qt::QueuedConnection);
                });
        },
        this,
        [this, generation](const SweepResult& result) {
            if (generation != m_generation) return;
            m_job = 0;
            m_sweepResult = result;
            m_saveSweep->setEnabled(true);
            m_statusLabel->setText(tr("Sweep done: %n sampling run(s).", nullptr, result.runs));
        },
        [this, generation](const JobError& error) {
            if (generation == m_generation) {
                m_job = 0;
                m_statusLabel->setText(tr("Sweep failed: %1").arg(error.message));
                Q_EMIT failed(tr("Sweep failed"), error);
            }
        },
        [this, generation] {
            ++m_cancelled;
            if (generation == m_generation) m_job = 0;
        });
}

bool SamplingPanel::saveSweepTo(const QString& path) {
    if (m_sweepResult.images.empty()) return false;
    const SweepResult result = m_sweepResult;
    const std::string out = path.toStdString();
    m_runner->run<int>(
        tr("Saving the sweep grid"), JobPool::Light,
        [result, out](ProgressSink&) {
            writeSweepGrid(result, out);
            return 0;
        },
        this,
        [this, path](int) {
            Q_EMIT status(tr("Saved the sweep grid to %1").arg(path));
            Q_EMIT saved(path);
        },
        [this](const JobError& error) {
            m_statusLabel->setText(tr("Saving failed: %1").arg(error.message));
            Q_EMIT failed(tr("Saving the sweep grid failed"), error);
        });
    return true;
}

bool SamplingPanel::saveTo(const QString& folder) {
    if (m_last.guided.empty()) return false;
    const SampleResult result = m_last;  // a copy: a new run may replace the samples while this one writes
    const std::string out = folder.toStdString();
    const int count = static_cast<int>(result.guided.images.size());
    m_runner->run<SampleFiles>(
        tr("Saving %n sample(s)", nullptr, count), JobPool::Light,
        [result, out](ProgressSink&) { return writeSampleSet(result, out); }, this,
        [this, folder, count](SampleFiles) {
            Q_EMIT status(tr("Saved %n sample(s) to %1", nullptr, count).arg(folder));
            Q_EMIT saved(folder);
        },
        [this](const JobError& error) {
            m_statusLabel->setText(tr("Saving failed: %1").arg(error.message));
            Q_EMIT failed(tr("Saving samples failed"), error);
        });
    return true;
}

}  // namespace widgets
}  // namespace mlens
