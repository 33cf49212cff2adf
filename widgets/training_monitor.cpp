#include "widgets/training_monitor.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSettings>
#include <QVBoxLayout>
#include <algorithm>

#include <qcustomplot.h>

namespace mlens {
namespace widgets {

void stylePlot(QCustomPlot* plot) {
    const QPalette pal = plot->palette();
    plot->setBackground(pal.base());
    for (QCPAxis* a : {plot->xAxis, plot->yAxis, plot->xAxis2, plot->yAxis2}) {
        a->setLabelColor(pal.text().color());
        a->setTickLabelColor(pal.text().color());
        a->setBasePen(QPen(pal.mid().color()));
        a->setTickPen(QPen(pal.mid().color()));
        a->setSubTickPen(QPen(pal.mid().color()));
        a->grid()->setPen(QPen(pal.midlight().color(), 0, Qt::DotLine));
    }
    plot->legend->setBrush(pal.base());
    plot->legend->setTextColor(pal.text().color());
    plot->legend->setBorderPen(QPen(pal.mid().color()));
}

TrainingMonitor::TrainingMonitor(QWidget* parent)
    : QWidget(parent), m_loss(new QCustomPlot(this)), m_accuracy(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_log = new QCheckBox(tr("&Logarithmic loss axis"), this);
    m_log->setToolTip(tr("Show the loss on a log scale: late, small improvements stay visible"));
    auto* top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_log);
    layout->addLayout(top);
    layout->addWidget(m_loss, 1);
    layout->addWidget(m_accuracy, 1);
    const QColor colors[] = {QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44),
                             QColor(214, 39, 40)};
    auto addGraph = [&](QCustomPlot* plot, const QString& name, const QColor& c, Qt::PenStyle style) {
        QCPGraph* g = plot->addGraph();
        g->setName(name);
        g->setPen(QPen(c, 2, style));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
    };
    addGraph(m_loss, tr("training loss"), colors[0], Qt::SolidLine);
    addGraph(m_loss, tr("validation loss"), colors[1], Qt::SolidLine);
    addGraph(m_accuracy, tr("training top-1"), colors[0], Qt::DashLine);
    addGraph(m_accuracy, tr("validation top-1"), colors[1], Qt::SolidLine);
    addGraph(m_accuracy, tr("validation top-k"), colors[2], Qt::SolidLine);
    m_loss->yAxis->setLabel(tr("cross-entropy"));
    m_accuracy->yAxis->setLabel(tr("accuracy"));
    m_accuracy->xAxis->setLabel(tr("step"));
    for (QCustomPlot* p : {m_loss, m_accuracy}) {
        p->legend->setVisible(true);
        p->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
        stylePlot(p);
        p->setMinimumHeight(150);
    }
    m_log->setChecked(QSettings().value(QStringLiteral("monitor/logLoss"), false).toBool());
    connect(m_log, &QCheckBox::toggled, this, [this](bool on) {
        QSettings().setValue(QStringLiteral("monitor/logLoss"), on);
        redraw();
    });
    clear();
}

void TrainingMonitor::clear() {
    m_history.clear();
    redraw();
}

void TrainingMonitor::add(const TrainMetrics& m) {
    m_history.push_back(m);
    redraw();
}

void TrainingMonitor::setHistory(const std::vector<TrainMetrics>& history) {
    m_history = history;
    redraw();
}

void TrainingMonitor::redraw() {
    QVector<double> step, trainLoss, valLoss, trainTop1, valTop1, valTopK;
    for (const auto& m : m_history) {
        step << static_cast<double>(m.step);
        trainLoss << m.trainLoss;
        trainTop1 << m.trainTop1;
        valLoss << (m.hasValidation ? m.valLoss : qQNaN());
        valTop1 << (m.hasValidation ? m.valTop1 : qQNaN());
        valTopK << (m.hasValidation ? m.valTopK : qQNaN());
    }
    m_loss->graph(0)->setData(step, trainLoss, true);
    m_loss->graph(1)->setData(step, valLoss, true);
    m_accuracy->graph(0)->setData(step, trainTop1, true);
    m_accuracy->graph(1)->setData(step, valTop1, true);
    m_accuracy->graph(2)->setData(step, valTopK, true);
    if (!m_history.empty()) m_accuracy->graph(2)->setName(tr("validation top-%1").arg(m_history.back().topK));
    for (QCustomPlot* p : {m_loss, m_accuracy})
        p->rescaleAxes();
    // The loss axis fits the data (a change from 2.30 to 2.27 is the progress a user looks for);
    // accuracy keeps its natural 0..1.
    const QCPRange loss = m_loss->yAxis->range();
    const bool log = m_log->isChecked() && loss.lower > 0;  // cross-entropy is positive; a log axis needs it
    const auto scale = log ? QCPAxis::stLogarithmic : QCPAxis::stLinear;
    if (m_loss->yAxis->scaleType() != scale) {
        m_loss->yAxis->setScaleType(scale);
        m_loss->yAxis->setTicker(log ? QSharedPointer<QCPAxisTicker>(new QCPAxisTickerLog)
                                     : QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    }
    if (log) {
        m_loss->yAxis->setRange(loss.lower / 1.1, loss.upper * 1.1);
    } else {
        const double pad = std::max(1e-3, 0.05 * loss.size());
        m_loss->yAxis->setRange(loss.lower - pad, loss.upper + pad);
    }
    m_accuracy->yAxis->setRange(0, 1.02);
    m_loss->replot();
    m_accuracy->replot();
    if (m_history.empty()) {
        m_summary->setText(tr("No classifier trained yet. Score the dataset, build classes, then train."));
    } else {
        const TrainMetrics& m = m_history.back();
        m_summary->setText(tr("Step %1: training loss %2, validation loss %3, top-1 %4 %, top-%5 %6 % (%7 s)")
                               .arg(m.step)
                               .arg(m.trainLoss, 0, 'f', 4)
                               .arg(m.valLoss, 0, 'f', 4)
                               .arg(100 * m.valTop1, 0, 'f', 1)
                               .arg(m.topK)
                               .arg(100 * m.valTopK, 0, 'f', 1)
                               .arg(m.seconds, 0, 'f', 0));
    }
}

}  // namespace widgets
}  // namespace mlens
