#include "widgets/sweep_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

#include "engine/api/error.h"

namespace mlens {
namespace widgets {

namespace {
QString join(const std::vector<int>& v) {
    QStringList out;
    for (int x : v)
        out << QString::number(x);
    return out.join(QStringLiteral(", "));
}
QString join(const std::vector<double>& v) {
    QStringList out;
    for (double x : v)
        out << QString::number(x, 'g', 6);
    return out.join(QStringLiteral(", "));
}
}  // namespace

SweepDialog::SweepDialog(const SweepSpec& initial, int numClasses, QWidget* parent)
    : QDialog(parent), m_numClasses(numClasses) {
    setWindowTitle(tr("Sweep settings"));
    setMinimumWidth(420);  // the summary and the engine's one-line refusals fit on two lines
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_classes = new QLineEdit(join(initial.classes), this);
    m_classes->setToolTip(
        tr("Target classes, one column each: 0 (common) .. %1 (rarest)").arg(numClasses - 1));
    form->addRow(tr("Target &classes"), m_classes);
    m_scales = new QLineEdit(join(initial.scales), this);
    m_scales->setToolTip(tr("Guidance scales, one row each; 0 gives the unguided samples"));
    form->addRow(tr("Guidance &scales"), m_scales);
    m_perCell = new QSpinBox(this);
    m_perCell->setRange(1, 16);
    m_perCell->setValue(initial.perCell);
    form->addRow(tr("Samples &per cell"), m_perCell);
    layout->addLayout(form);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Sweep"));
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_valid) accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_classes, &QLineEdit::textChanged, this, &SweepDialog::check);
    connect(m_scales, &QLineEdit::textChanged, this, &SweepDialog::check);
    connect(m_perCell, qOverload<int>(&QSpinBox::valueChanged), this, &SweepDialog::check);
    check();
}

QString SweepDialog::summary() const {
    return m_summary->text();
}

void SweepDialog::check() {
    // The engine's syntax: a list may be separated by commas or spaces here.
    auto list = [](const QString& text) {
        return text.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts).join(',');
    };
    const QString text = QStringLiteral("classes=%1,scales=%2,per-cell=%3")
                             .arg(list(m_classes->text()), list(m_scales->text()))
                             .arg(m_perCell->value());
    try {
        m_spec = parseSweepSpec(text.toStdString(), m_numClasses);
        m_valid = true;
        const auto runs = sweepRuns(m_spec);
        const int cells = static_cast<int>(m_spec.classes.size() * m_spec.scales.size());
        m_summary->setText(tr("%1 x %2 cells, %n sampling run(s), %3 sample(s) in all", nullptr,
                              static_cast<int>(runs.size()))
                               .arg(m_spec.scales.size())
                               .arg(m_spec.classes.size())
                               .arg(cells * m_spec.perCell));
    } catch (const Error& e) {
        m_valid = false;
        m_summary->setText(QString::fromStdString(e.message()));
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_valid);
}

}  // namespace widgets
}  // namespace mlens
