#include "app/gui/run_dialogs.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "engine/api/checkpoint_tools.h"
#include "engine/api/error.h"

namespace mlens {
namespace app {

namespace {

QDialogButtonBox* okCancel(QDialog* d, QLayout* layout) {
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, d);
    QObject::connect(buttons, &QDialogButtonBox::accepted, d, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, d, &QDialog::reject);
    layout->addWidget(buttons);
    return buttons;
}

QWidget* fileField(
    QWidget* parent, QLineEdit*& edit, const QString& title,
    const QString& filter = QDialog::tr("Checkpoints (*.pt *.pth *.safetensors);;All files (*)")) {
    auto* w = new QWidget(parent);
    auto* row = new QHBoxLayout(w);
    row->setContentsMargins(0, 0, 0, 0);
    edit = new QLineEdit(w);
    auto* browse = new QPushButton(QDialog::tr("Browse..."), w);
    row->addWidget(edit, 1);
    row->addWidget(browse);
    QObject::connect(browse, &QPushButton::clicked, w, [edit, parent, title, filter] {
        const QString f = QFileDialog::getOpenFileName(parent, title, QString(), filter);
        if (!f.isEmpty()) edit->setText(f);
    });
    return w;
}

}  // namespace

ScoreDialog::ScoreDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Score the dataset"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    layout->addWidget(new QLabel(
        tr("The minority score of an image is the mean distance between it and the backbone's one-shot "
           "reconstruction from a noised copy. Higher is rarer."),
        this));
    const ScoreRequest defaults;
    m_distance = new QComboBox(this);
    for (const Distance d : values<Distance>()) {
        const QString label = d == Distance::LpipsVgg    ? tr("LPIPS-VGG (official; needs weights)")
                              : d == Distance::LpipsAlex ? tr("LPIPS-AlexNet (needs weights)")
                              : d == Distance::L2        ? tr("L2 (squared error)")
                              : d == Distance::L1        ? tr("L1")
                                                         : tr("1 - SSIM");
        m_distance->addItem(label, static_cast<int>(d));
    }
    // The official LPIPS-VGG needs weight files nobody has by default: start at L2 until they are given.
    const bool lpipsDefault =
        defaults.score.distance == Distance::LpipsVgg || defaults.score.distance == Distance::LpipsAlex;
    m_distance->setCurrentIndex(
        m_distance->findData(static_cast<int>(lpipsDefault ? Distance::L2 : defaults.score.distance)));
    form->addRow(tr("&Distance"), m_distance);
    m_trunk = nullptr;
    m_heads = nullptr;
    form->addRow(tr("LPIPS &trunk"), fileField(this, m_trunk, tr("torchvision VGG16 or AlexNet weights")));
    form->addRow(tr("LPIPS &heads"),
                 fileField(this, m_heads, tr("LPIPS v0.1 linear heads (vgg.pth / alex.pth)")));
    m_draws = new QSpinBox(this);
    m_draws->setRange(1, 50);
    m_draws->setValue(defaults.score.draws);
    form->addRow(tr("D&raws per image"), m_draws);
    // The noise level: the official step, the one calibrate-t recommends for this dataset (Um & Ye's
    // rule: agreement with AvgkNN on a subset), or a fixed step.
    m_tMode = new QComboBox(this);
    m_tMode->addItem(tr("Official (t = 605 for linear schedules, 0.9 T for cosine)"), 0);
    m_tMode->addItem(tr("Chosen for this dataset (agreement with AvgkNN on a subset)"), 1);
    m_tMode->addItem(tr("Fixed step"), 2);
    m_tMode->setObjectName(QStringLiteral("tMode"));
    form->addRow(tr("&Noise level"), m_tMode);
    m_t = new QSpinBox(this);
    m_t->setRange(1, 9999);
    m_t->setValue(605);
    m_t->setObjectName(QStringLiteral("t"));
    form->addRow(tr("Perturbation &step t"), m_t);
    m_subset = new QSpinBox(this);
    m_subset->setRange(10, 20000);
    m_subset->setValue(defaults.calibration.subset);
    m_subset->setSuffix(tr(" images"));
    m_subset->setObjectName(QStringLiteral("calibrationSubset"));
    form->addRow(tr("Calibration s&ubset"), m_subset);
    m_batch = new QSpinBox(this);
    m_batch->setRange(1, 512);
    m_batch->setValue(defaults.batchSize);
    form->addRow(tr("&Batch"), m_batch);
    m_maps = new QCheckBox(tr("Also write the \"why rare\" maps and reconstructions"), this);
    m_maps->setChecked(true);
    form->addRow(m_maps);
    // The backbone's configuration (empty: the checkpoint's metadata, a JSON beside it, else inferred,
    // as inspect shows) and the dataset's own labels (shown in the detail view, exported with scores).
    m_config = nullptr;
    form->addRow(tr("Model &configuration"),
                 fileField(this, m_config, tr("guided-diffusion model configuration (JSON)"),
                           tr("JSON (*.json);;All files (*)")));
    m_config->setPlaceholderText(tr("from the checkpoint, a JSON beside it, or inferred"));
    m_config->setObjectName(QStringLiteral("config"));
    m_labels = new QComboBox(this);
    m_labels->addItem(tr("None"), static_cast<int>(LabelSource::None));
    m_labels->addItem(tr("Subfolder names"), static_cast<int>(LabelSource::Subfolders));
    m_labels->addItem(tr("A CSV file (item,label)"), static_cast<int>(LabelSource::Csv));
    m_labels->setObjectName(QStringLiteral("labels"));
    form->addRow(tr("Dataset &labels"), m_labels);
    m_labelsCsv = nullptr;
    form->addRow(tr("Labels &CSV"), fileField(this, m_labelsCsv, tr("Labels: lines \"item,label\""),
                                              tr("CSV (*.csv);;All files (*)")));
    layout->addLayout(form);
    okCancel(this, layout);
    auto tMode = [this] {
        m_t->setEnabled(m_tMode->currentData().toInt() == 2);
        m_subset->setEnabled(m_tMode->currentData().toInt() == 1);
    };
    connect(m_tMode, qOverload<int>(&QComboBox::currentIndexChanged), this, tMode);
    tMode();
    auto lpips = [this] {
        const auto d = static_cast<Distance>(m_distance->currentData().toInt());
        const bool on = d == Distance::LpipsVgg || d == Distance::LpipsAlex;
        m_trunk->parentWidget()->setEnabled(on);
        m_heads->parentWidget()->setEnabled(on);
    };
    connect(m_distance, qOverload<int>(&QComboBox::currentIndexChanged), this, lpips);
    lpips();
    m_labelsCsv->setObjectName(QStringLiteral("labelsCsv"));
    auto csv = [this] {
        m_labelsCsv->parentWidget()->setEnabled(static_cast<LabelSource>(m_labels->currentData().toInt()) ==
                                                LabelSource::Csv);
    };
    connect(m_labels, qOverload<int>(&QComboBox::currentIndexChanged), this, csv);
    csv();
}

void ScoreDialog::setCurrent(const DatasetSpec& dataset, const QString& config) {
    const int i = m_labels->findData(static_cast<int>(dataset.labels));
    if (i >= 0) m_labels->setCurrentIndex(i);  // IDX labels come with the file and are kept
    m_labels->setEnabled(dataset.labels != LabelSource::Idx);
    m_labelsCsv->setText(QString::fromStdString(dataset.labelsCsv));
    m_config->setText(config);
}

QString ScoreDialog::config() const {
    return m_config->text().trimmed();
}

void ScoreDialog::fill(ScoreRequest& r) const {
    r.score.distance = static_cast<Distance>(m_distance->currentData().toInt());
    r.score.lpipsTrunk = m_trunk->text().toStdString();
    r.score.lpipsHeads = m_heads->text().toStdString();
    r.score.draws = m_draws->value();
    const int mode = m_tMode->currentData().toInt();
    r.score.t = mode == 2 ? m_t->value() : -1;
    r.autoT = mode == 1;
    r.calibration.subset = m_subset->value();
    r.batchSize = m_batch->value();
    r.spatialMaps = m_maps->isChecked();
    r.backbone.config = config().toStdString();
    if (r.dataset.labels != LabelSource::Idx) {
        r.dataset.labels = static_cast<LabelSource>(m_labels->currentData().toInt());
        r.dataset.labelsCsv =
            r.dataset.labels == LabelSource::Csv ? m_labelsCsv->text().trimmed().toStdString() : "";
    }
}

ClassesDialog::ClassesDialog(int suggested, int images, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Minority classes"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Quantile thresholds split the %1 scores into L ordinal classes: 0 is "
                                    "the most common, L-1 the rarest. "
                                    "The suggestion keeps at least 100 images per class.")
                                     .arg(images),
                                 this));
    auto* form = new QFormLayout;
    m_classes = new QSpinBox(this);
    m_classes->setRange(2, std::max(2, images));
    m_classes->setValue(suggested);
    form->addRow(tr("Number of classes &L (suggested %1)").arg(suggested), m_classes);
    layout->addLayout(form);
    okCancel(this, layout);
}

int ClassesDialog::numClasses() const {
    return m_classes->value();
}

TrainDialog::TrainDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Train the minority classifier"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(
        tr("The official recipe: AdamW, weight decay 0.05, learning rate annealed to 0, t uniform, "
           "random flips, a stratified 5 % validation split."),
        this));
    auto* form = new QFormLayout;
    const ClassifierTrainRequest defaults;
    m_iterations = new QSpinBox(this);
    m_iterations->setRange(10, 1000000);
    m_iterations->setValue(defaults.iterations);
    form->addRow(tr("&Iterations"), m_iterations);
    m_batch = new QSpinBox(this);
    m_batch->setRange(1, 1024);
    m_batch->setValue(defaults.batchSize);
    form->addRow(tr("&Batch size"), m_batch);
    m_lr = new QDoubleSpinBox(this);
    m_lr->setDecimals(6);
    m_lr->setRange(1e-6, 1e-1);
    m_lr->setSingleStep(1e-4);
    m_lr->setValue(defaults.lr);
    form->addRow(tr("&Learning rate"), m_lr);
    m_evalEvery = new QSpinBox(this);
    m_evalEvery->setRange(1, 100000);
    m_evalEvery->setValue(defaults.evalEvery);
    form->addRow(tr("&Validate every"), m_evalEvery);
    m_flip = new QCheckBox(tr("Random horizontal flips"), this);
    m_flip->setChecked(defaults.flip);
    form->addRow(m_flip);
    layout->addLayout(form);
    okCancel(this, layout);
}

void TrainDialog::fill(ClassifierTrainRequest& r) const {
    r.iterations = m_iterations->value();
    r.batchSize = m_batch->value();
    r.lr = m_lr->value();
    r.evalEvery = m_evalEvery->value();
    r.saveEvery = std::max(m_evalEvery->value(), ClassifierTrainRequest{}.saveEvery);
    r.flip = m_flip->isChecked();
}

ExportDialog::ExportDialog(int viewCount, int selectedCount, int allCount, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Export the ranked gallery"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    auto* folderRow = new QWidget(this);
    auto* row = new QHBoxLayout(folderRow);
    row->setContentsMargins(0, 0, 0, 0);
    m_folder = new QLineEdit(folderRow);
    auto* browse = new QPushButton(tr("Browse..."), folderRow);
    row->addWidget(m_folder, 1);
    row->addWidget(browse);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getExistingDirectory(this, tr("Export into (a new or empty folder)"));
        if (!f.isEmpty()) m_folder->setText(f);
    });
    form->addRow(tr("&Folder"), folderRow);
    m_scope = new QComboBox(this);
    m_scope->addItem(tr("The current filtered view (%n image(s))", nullptr, viewCount), View);
    m_scope->addItem(tr("The selection (%n image(s))", nullptr, selectedCount), Selection);
    m_scope->addItem(tr("Every image (%n)", nullptr, allCount), All);
    if (selectedCount > 1) m_scope->setCurrentIndex(1);
    form->addRow(tr("&Images"), m_scope);
    m_topK = new QSpinBox(this);
    m_topK->setRange(0, 10000000);
    m_topK->setSpecialValueText(tr("all"));
    m_topK->setValue(std::min(viewCount, 100));
    form->addRow(tr("&Top k (in rank order)"), m_topK);
    m_images = new QCheckBox(tr("PNG files named by rank and score, and a CSV manifest"), this);
    m_images->setChecked(true);
    m_sheet = new QCheckBox(tr("Contact sheet (PNG)"), this);
    m_sheet->setChecked(true);
    m_html = new QCheckBox(tr("Self-contained HTML page"), this);
    m_html->setChecked(true);
    const ExportRequest defaults;
    for (auto [box, on] :
         {std::pair{m_images, defaults.images}, {m_sheet, defaults.contactSheet}, {m_html, defaults.html}})
        box->setChecked(on);
    m_deidentify = new QCheckBox(
        tr("De-identify: random pseudonyms; no names, dates, identifiers or header text"), this);
    m_deidentify->setChecked(defaults.deidentify);
    m_notes = new QCheckBox(tr("Keep the free-text notes (they may identify a patient)"), this);
    m_notes->setChecked(defaults.includeNotes);
    m_keyFile = new QLineEdit(this);
    m_keyFile->setPlaceholderText(tr("optional: a key file outside the export (pseudonym -> image)"));
    form->addRow(m_images);
    form->addRow(m_sheet);
    form->addRow(m_html);
    form->addRow(m_deidentify);
    form->addRow(m_notes);
    form->addRow(tr("&Key file"), m_keyFile);
    layout->addLayout(form);
    auto deidentified = [this] {
        m_notes->setEnabled(m_deidentify->isChecked());
        m_keyFile->setEnabled(m_deidentify->isChecked());
    };
    connect(m_deidentify, &QCheckBox::toggled, this, deidentified);
    deidentified();
    QDialogButtonBox* buttons = okCancel(this, layout);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    auto valid = [this, buttons] {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_folder->text().trimmed().isEmpty());
    };
    connect(m_folder, &QLineEdit::textChanged, this, valid);
    valid();
}

void ExportDialog::fill(ExportRequest& r) const {
    r.outDir = m_folder->text().trimmed().toStdString();
    r.topK = m_topK->value();
    r.deidentify = m_deidentify->isChecked();
    r.includeNotes = r.deidentify ? m_notes->isChecked() : true;
    r.keyFile = r.deidentify ? m_keyFile->text().trimmed().toStdString() : std::string();
    r.images = r.manifest = m_images->isChecked();
    r.contactSheet = m_sheet->isChecked();
    r.html = m_html->isChecked();
}

ExportDialog::Scope ExportDialog::scope() const {
    return static_cast<Scope>(m_scope->currentData().toInt());
}

bool confirmCheckpoint(QWidget* parent, const QString& path, const QString& role,
                       const QString& expectedType) {
    InspectResult r;
    try {
        r = inspectCheckpoint(path.toStdString());
    } catch (const Error& e) {
        QMessageBox::warning(parent, QDialog::tr("Cannot use %1").arg(QFileInfo(path).fileName()),
                             QString::fromStdString(e.what()));
        return false;
    }
    QDialog d(parent);
    d.setWindowTitle(QDialog::tr("%1: %2").arg(role, QFileInfo(path).fileName()));
    auto* layout = new QVBoxLayout(&d);
    const bool fits = QString::fromStdString(r.modelType) == expectedType;
    QString text =
        QDialog::tr("<b>%1</b> (%2, %3 tensors, %4 parameters)")
            .arg(QString::fromStdString(r.modelType).toHtmlEscaped(), QString::fromStdString(r.format))
            .arg(r.tensors.size())
            .arg(r.parameterCount);
    if (!fits)
        text +=
            QDialog::tr("<br><span style='color:#d62728'>A %1 is expected here.</span>").arg(expectedType);
    if (!r.inferenceError.empty())
        text += QDialog::tr("<br>No configuration could be inferred: %1")
                    .arg(QString::fromStdString(r.inferenceError));
    if (!r.configSource.empty())
        text += QDialog::tr("<br>Configuration used: %1")
                    .arg(QString::fromStdString(r.configSource).toHtmlEscaped());
    for (const auto& a : r.assumed)
        text += QDialog::tr("<br>Assumed: %1").arg(QString::fromStdString(a).toHtmlEscaped());
    auto* label = new QLabel(text, &d);
    label->setWordWrap(true);
    layout->addWidget(label);
    auto* config = new QPlainTextEdit(QString::fromStdString(r.configJson), &d);
    config->setReadOnly(true);
    config->setMinimumSize(420, 260);
    layout->addWidget(config);
    QDialogButtonBox* buttons = okCancel(&d, layout);
    buttons->button(QDialogButtonBox::Ok)->setText(QDialog::tr("Use it"));
    buttons->button(QDialogButtonBox::Ok)->setEnabled(fits);
    return d.exec() == QDialog::Accepted;
}

}  // namespace app
}  // namespace mlens
