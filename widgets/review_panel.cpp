#include "widgets/review_panel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <random>

#include "widgets/gallery_model.h"
#include "widgets/gallery_proxy.h"
#include "widgets/image_canvas.h"

namespace mlens {
namespace widgets {

ReviewPanel::ReviewPanel(GalleryModel* model, GalleryProxy* proxy, QWidget* parent)
    : QWidget(parent), m_model(model), m_proxy(proxy) {
    auto* outer = new QHBoxLayout(this);
    m_canvas = new ImageCanvas(this);
    m_canvas->setFocusPolicy(Qt::NoFocus);  // the keys belong to grading
    outer->addWidget(m_canvas, 1);

    auto* side = new QWidget(this);
    side->setMaximumWidth(360);
    auto* form = new QFormLayout(side);
    m_reviewer = new QLineEdit(side);
    m_reviewer->setPlaceholderText(tr("your name or initials"));
    form->addRow(tr("Re&viewer"), m_reviewer);
    m_blinded = new QCheckBox(tr("&Blinded"), side);
    m_blinded->setToolTip(tr("&Blinded: hide scores, ranks and classes, shuffle the order"));
    form->addRow(m_blinded);
    m_progress = new QLabel(side);
    m_progress->setWordWrap(true);
    form->addRow(m_progress);

    auto* gradeRow = new QWidget(side);
    auto* gl = new QHBoxLayout(gradeRow);
    gl->setContentsMargins(0, 0, 0, 0);
    for (int g = 1; g <= 5; ++g) {
        auto* b = new QPushButton(QString::number(g), gradeRow);
        b->setCheckable(true);
        b->setMinimumWidth(34);
        b->setFocusPolicy(Qt::NoFocus);
        gl->addWidget(b);
        connect(b, &QPushButton::clicked, this, [this, g] { grade(g); });
        m_grades.push_back(b);
    }
    m_gradeLabel = new QLabel(tr("Grade"), side);
    form->addRow(m_gradeLabel, gradeRow);
    auto* scale = new QLabel(
        tr("1 normal - 2 probably normal - 3 uncertain - 4 probably abnormal - 5 clearly abnormal"), side);
    scale->setWordWrap(true);
    form->addRow(scale);
    m_finding = new QComboBox(side);
    m_finding->setFocusPolicy(Qt::ClickFocus);
    auto* findingRow = new QWidget(side);
    auto* fl = new QHBoxLayout(findingRow);
    fl->setContentsMargins(0, 0, 0, 0);
    fl->addWidget(m_finding, 1);
    auto* editFindings = new QPushButton(tr("Edit..."), findingRow);
    editFindings->setFocusPolicy(Qt::NoFocus);
    fl->addWidget(editFindings);
    form->addRow(tr("&Finding"), findingRow);
    m_artifact = new QCheckBox(tr("Ar&tifact"), side);
    m_artifact->setFocusPolicy(Qt::NoFocus);
    form->addRow(m_artifact);
    m_note = new QLineEdit(side);
    m_note->setPlaceholderText(tr("a note (Enter keeps it)"));
    form->addRow(tr("&Note"), m_note);
    auto* nav = new QWidget(side);
    auto* nl = new QHBoxLayout(nav);
    nl->setContentsMargins(0, 0, 0, 0);
    auto* prev = new QPushButton(tr("< Previous"), nav);
    auto* nextButton = new QPushButton(tr("Next >"), nav);
    auto* ungraded = new QPushButton(tr("Next ungraded"), nav);
    for (QPushButton* b : {prev, nextButton, ungraded}) {
        b->setFocusPolicy(Qt::NoFocus);
        nl->addWidget(b);
    }
    form->addRow(nav);
    m_info = new QLabel(side);
    m_info->setWordWrap(true);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(m_info);
    auto* keys = new QLabel(
        tr("Keys: 1-5 grade and go on, 0 clear, Right / Space next, Left previous, U next ungraded, "
           "F finding, T artifact, N note"),
        side);
    keys->setWordWrap(true);
    keys->setEnabled(false);
    form->addRow(keys);
    outer->addWidget(side);

    // Keyboard: active while the panel (or a child) has the focus; typing in the note stays typing.
    auto key = [this](const QKeySequence& seq, auto fn) {
        auto* a = new QAction(this);
        a->setShortcut(seq);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(a, &QAction::triggered, this, fn);
        addAction(a);
    };
    for (int g = 0; g <= 5; ++g)
        key(QKeySequence(Qt::Key_0 + g), [this, g] { grade(g); });
    key(QKeySequence(Qt::Key_Right), [this] { next(); });
    key(QKeySequence(Qt::Key_Space), [this] { next(); });
    key(QKeySequence(Qt::Key_Left), [this] { previous(); });
    key(QKeySequence(Qt::Key_U), [this] { nextUngraded(); });
    key(QKeySequence(Qt::Key_T), [this] { m_artifact->toggle(); });
    key(QKeySequence(Qt::Key_F), [this] {
        m_finding->setFocus();
        m_finding->showPopup();
    });
    key(QKeySequence(Qt::Key_N), [this] { m_note->setFocus(); });
    setFocusPolicy(Qt::StrongFocus);

    connect(prev, &QPushButton::clicked, this, &ReviewPanel::previous);
    connect(nextButton, &QPushButton::clicked, this, &ReviewPanel::next);
    connect(ungraded, &QPushButton::clicked, this, &ReviewPanel::nextUngraded);
    connect(m_artifact, &QCheckBox::toggled, this, [this] { saveCurrent(); });
    connect(m_finding, qOverload<int>(&QComboBox::activated), this, [this] {
        saveCurrent();
        setFocus();
    });
    connect(m_note, &QLineEdit::returnPressed, this, [this] {
        saveCurrent();
        setFocus();
    });
    connect(m_note, &QLineEdit::editingFinished, this, &ReviewPanel::saveCurrent);
    connect(m_reviewer, &QLineEdit::returnPressed, this, [this] { setFocus(); });
    connect(m_reviewer, &QLineEdit::editingFinished, this, [this] {
        rebuildQueue();
        Q_EMIT reviewerChanged(reviewer());
    });
    connect(m_blinded, &QCheckBox::toggled, this, [this](bool on) {
        rebuildQueue();
        Q_EMIT blindedChanged(on);
    });
    connect(editFindings, &QPushButton::clicked, this, [this] {
        if (!m_store) return;
        bool ok = false;
        const QString text = QInputDialog::getMultiLineText(
            this, tr("Findings"), tr("One finding per line:"),
            [this] {
                QStringList l;
                for (const auto& f : m_store->findings())
                    l << QString::fromStdString(f);
                return l.join(QLatin1Char('\n'));
            }(),
            &ok);
        if (!ok) return;
        std::vector<std::string> list;
        for (const QString& line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            if (!line.trimmed().isEmpty()) list.push_back(line.trimmed().toStdString());
        try {
            m_store->setFindings(list);
        } catch (const Error& e) {
            Q_EMIT failed(QString::fromStdString(e.what()));
        }
        setStore(m_store);
    });
    setStore(nullptr);
}

void ReviewPanel::setStore(AnnotationStore* store) {
    m_store = store;
    m_updating = true;
    m_finding->clear();
    m_finding->addItem(tr("(no finding)"), QString());
    if (m_store)
        for (const auto& f : m_store->findings())
            m_finding->addItem(QString::fromStdString(f), QString::fromStdString(f));
    m_updating = false;
    setEnabled(m_store != nullptr);
    rebuildQueue();
}

void ReviewPanel::setImageSource(ImageReader read, OrientationOf orientation) {
    m_read = std::move(read);
    m_orientation = std::move(orientation);
}

void ReviewPanel::setReviewer(const QString& name) {
    m_reviewer->setText(name);
    rebuildQueue();
}

QString ReviewPanel::reviewer() const {
    return m_reviewer->text().trimmed();
}

void ReviewPanel::setBlinded(bool on) {
    m_blinded->setChecked(on);
}

bool ReviewPanel::blinded() const {
    return m_blinded->isChecked();
}

void ReviewPanel::rebuildQueue() {
    const qint64 keep = currentId();
    loadGraded();
    m_queue.clear();
    for (int i = 0; i < m_proxy->rowCount(); ++i)
        m_queue.push_back(m_model->record(m_proxy->mapToSource(m_proxy->index(i, 0)).row()).id);
    if (blinded()) {  // a fixed order per reviewer, unrelated to the ranking
        std::mt19937_64 rng(qHash(reviewer()) ^ 0x5eed);
        std::shuffle(m_queue.begin(), m_queue.end(), rng);
    }
    int at = 0;
    for (size_t i = 0; i < m_queue.size(); ++i)
        if (m_queue[i] == keep) at = static_cast<int>(i);
    show(m_queue.empty() ? -1 : at);
}

int ReviewPanel::gradedCount() const {
    int n = 0;
    for (qint64 id : m_queue) {
        const int row = m_model->rowOf(id);
        if (row >= 0 && m_graded.count(m_model->record(row).path.toStdString())) ++n;
    }
    return n;
}

void ReviewPanel::loadGraded() {
    m_graded.clear();
    if (!m_store || reviewer().isEmpty()) return;
    for (const Grade& g : m_store->grades(reviewer().toStdString()))
        if (g.grade > 0) m_graded.insert(g.item);
}

qint64 ReviewPanel::currentId() const {
    return m_position >= 0 && m_position < queueSize() ? m_queue[static_cast<size_t>(m_position)] : -1;
}

Grade ReviewPanel::currentGrade() const {
    Grade g;
    const int row = m_model->rowOf(currentId());
    if (row < 0) return g;
    g.item = m_model->record(row).path.toStdString();
    g.reviewer = reviewer().toStdString();
    if (!m_store || g.reviewer.empty()) return g;
    const Grade existing = m_store->grade(g.item, g.reviewer);
    return existing.item.empty() ? g : existing;
}

void ReviewPanel::show(int position) {
    m_position = position;
    m_updating = true;
    const qint64 id = currentId();
    const int row = m_model->rowOf(id);
    if (row < 0) {
        m_canvas->setImage({});
        m_canvas->setEdgeLetters({});
        m_info->setText(m_queue.empty()
                            ? tr("No images to review: open a dataset (and clear the gallery's filters).")
                            : QString());
    } else {
        const GalleryRecord& r = m_model->record(row);
        if (m_read) {
            const ItemImage img = m_read(id);
            m_canvas->setImage(img.pixels, Window{img.windowLow, img.windowHigh});
            if (!img.ok())
                m_info->setText(tr("This image cannot be read: %1").arg(QString::fromStdString(img.error)));
        }
        m_canvas->setEdgeLetters(m_orientation ? m_orientation(id) : QString());
        QString info = QStringLiteral("<b>%1</b>").arg(r.path.toHtmlEscaped());
        if (!blinded() && !std::isnan(r.score)) {
            info += tr("<br>Minority score %1, rank %2").arg(r.score, 0, 'g', 5).arg(r.rank);
            if (r.cls >= 0) info += tr(", class %1").arg(r.cls);
        }
        m_info->setText(info);
    }
    const Grade g = currentGrade();
    for (int i = 0; i < 5; ++i)
        m_grades[static_cast<size_t>(i)]->setChecked(g.grade == i + 1);
    m_finding->setCurrentIndex(std::max(0, m_finding->findData(QString::fromStdString(g.finding))));
    m_artifact->setChecked(g.artifact);
    m_note->setText(QString::fromStdString(g.note));
    m_updating = false;
    updateProgress();
    if (id >= 0) Q_EMIT currentChanged(id);
}

void ReviewPanel::updateProgress() {
    if (!m_store) {
        m_progress->setText(tr("Open a dataset to review its images."));
    } else if (reviewer().isEmpty()) {
        m_progress->setText(
            tr("Enter your name to start grading (%n image(s) to review).", nullptr, queueSize()));
    } else {
        m_progress->setText(
            tr("%1 of %2 graded - image %3").arg(gradedCount()).arg(queueSize()).arg(m_position + 1));
    }
}

void ReviewPanel::saveCurrent() {
    if (m_updating || !m_store || reviewer().isEmpty() || currentId() < 0) return;
    Grade g = currentGrade();
    g.finding = m_finding->currentData().toString().toStdString();
    g.artifact = m_artifact->isChecked();
    g.note = m_note->text().toStdString();
    g.blinded = blinded();
    try {
        m_store->setGrade(g);
    } catch (const Error& e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
}

void ReviewPanel::grade(int value) {
    if (!m_store || currentId() < 0) return;
    if (reviewer().isEmpty()) {
        m_progress->setText(tr("Enter your name first: grades are kept per reviewer."));
        m_reviewer->setFocus();
        return;
    }
    Grade g = currentGrade();
    g.grade = value;
    g.finding = m_finding->currentData().toString().toStdString();
    g.artifact = m_artifact->isChecked();
    g.note = m_note->text().toStdString();
    g.blinded = blinded();
    try {
        m_store->setGrade(g);  // written now: a crash loses nothing already given
    } catch (const Error& e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
        return;
    }
    if (value > 0)
        m_graded.insert(g.item);
    else
        m_graded.erase(g.item);
    Q_EMIT graded(currentId());
    if (value > 0 && m_position + 1 < queueSize())
        show(m_position + 1);
    else
        show(m_position);
}

void ReviewPanel::next() {
    saveCurrent();
    if (m_position + 1 < queueSize()) show(m_position + 1);
}

void ReviewPanel::previous() {
    saveCurrent();
    if (m_position > 0) show(m_position - 1);
}

void ReviewPanel::nextUngraded() {
    saveCurrent();
    if (!m_store || reviewer().isEmpty() || m_queue.empty()) return;
    for (int k = 1; k <= queueSize(); ++k) {
        const int p = (m_position + k) % queueSize();
        const int row = m_model->rowOf(m_queue[static_cast<size_t>(p)]);
        if (row >= 0 && !m_graded.count(m_model->record(row).path.toStdString())) {
            show(p);
            return;
        }
    }
    m_progress->setText(tr("Every image is graded (%1 of %1).").arg(queueSize()));
}

}  // namespace widgets
}  // namespace mlens
