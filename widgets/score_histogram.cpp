#include "widgets/score_histogram.h"

#include <QDoubleValidator>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMouseEvent>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace mlens {
namespace widgets {

namespace {
// A number in the locale's notation, or nothing (an open bound).
class BoundValidator final : public QDoubleValidator {
public:
    using QDoubleValidator::QDoubleValidator;
    State validate(QString& input, int& pos) const override {
        if (input.trimmed().isEmpty()) return Acceptable;
        return QDoubleValidator::validate(input, pos);
    }
};
}  // namespace

ScoreHistogram::ScoreHistogram(QWidget* parent)
    : QWidget(parent),
      m_plot(new QCustomPlot(this)),
      m_low(std::numeric_limits<double>::quiet_NaN()),
      m_high(std::numeric_limits<double>::quiet_NaN()) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    auto* bounds = new QHBoxLayout;
    bounds->setContentsMargins(4, 0, 4, 2);
    m_lowField = new QLineEdit(this);
    m_highField = new QLineEdit(this);
    m_lowField->setPlaceholderText(tr("lowest"));
    m_highField->setPlaceholderText(tr("highest"));
    for (QLineEdit* f : {m_lowField, m_highField}) {
        auto* v = new BoundValidator(f);
        v->setNotation(QDoubleValidator::ScientificNotation);
        f->setValidator(v);
        f->setClearButtonEnabled(true);
        f->setMaximumWidth(120);
        connect(f, &QLineEdit::editingFinished, this, &ScoreHistogram::boundsTyped);
        // the clear button empties the field without finishing the edit
        connect(f, &QLineEdit::textChanged, this, [this, f](const QString& t) {
            if (t.isEmpty() && !f->hasFocus()) boundsTyped();
        });
    }
    auto* label = new QLabel(tr("Score from"), this);
    label->setBuddy(m_lowField);
    bounds->addWidget(label);
    bounds->addWidget(m_lowField);
    bounds->addWidget(new QLabel(tr("to"), this));
    bounds->addWidget(m_highField);
    bounds->addStretch();
    layout->addLayout(bounds);
    m_bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    m_bars->setWidthType(QCPBars::wtPlotCoords);
    const QColor accent = palette().highlight().color();
    m_bars->setBrush(QColor(accent.red(), accent.green(), accent.blue(), 150));
    m_bars->setPen(Qt::NoPen);
    m_band = new QCPItemRect(m_plot);
    m_band->setPen(QPen(QColor(214, 39, 40), 1));
    m_band->setBrush(QColor(214, 39, 40, 40));
    m_band->setVisible(false);
    m_plot->xAxis->setLabel(tr("minority score"));
    m_plot->yAxis->setLabel(tr("images"));
    m_plot->setBackground(palette().base());
    for (QCPAxis* a : {m_plot->xAxis, m_plot->yAxis}) {
        a->setLabelColor(palette().text().color());
        a->setTickLabelColor(palette().text().color());
        a->setBasePen(QPen(palette().mid().color()));
        a->setTickPen(QPen(palette().mid().color()));
        a->grid()->setPen(QPen(palette().midlight().color(), 0, Qt::DotLine));
    }
    m_plot->setMinimumHeight(110);
    m_plot->installEventFilter(this);
    m_plot->setFocusPolicy(Qt::ClickFocus);
    setToolTip(
        tr("Click a bar or drag across bars to show only that score range; double-click or Esc shows all"));
}

void ScoreHistogram::setScores(const std::vector<double>& scoresIn, int bins) {
    std::vector<double> scores;
    for (double s : scoresIn)
        if (std::isfinite(s)) scores.push_back(s);
    m_bins = scores.empty() ? 0 : bins;
    QVector<double> keys, counts;
    if (!scores.empty()) {
        const auto [lo, hi] = std::minmax_element(scores.begin(), scores.end());
        m_min = *lo;
        m_width = std::max((*hi - *lo) / bins, 1e-12);
        counts.fill(0, bins);
        for (double s : scores)
            counts[std::clamp(static_cast<int>((s - m_min) / m_width), 0, bins - 1)] += 1;
        for (int b = 0; b < bins; ++b)
            keys << m_min + (b + 0.5) * m_width;
        m_bars->setWidth(m_width * 0.92);
    }
    m_bars->setData(keys, counts);
    m_plot->rescaleAxes();
    m_plot->yAxis->setRangeLower(0);
    m_plot->replot();
}

void ScoreHistogram::setThresholds(const std::vector<double>& thresholds) {
    for (int i = m_plot->itemCount() - 1; i >= 0; --i)
        if (m_plot->item(i) != m_band) m_plot->removeItem(i);
    for (double t : thresholds) {
        auto* line = new QCPItemStraightLine(m_plot);
        line->point1->setCoords(t, 0);
        line->point2->setCoords(t, 1);
        line->setPen(QPen(palette().mid().color(), 1, Qt::DashLine));
    }
    m_plot->replot();
}

void ScoreHistogram::setSelection(double low, double high) {
    const QLocale locale;
    auto show = [&](QLineEdit* f, double v) {
        const QSignalBlocker block(f);
        f->setText(std::isnan(v) ? QString() : locale.toString(v, 'g', 6));
    };
    show(m_lowField, low);
    show(m_highField, high);
    m_low = low;
    m_high = high;
    if (std::isnan(low) && std::isnan(high)) {
        m_band->setVisible(false);
    } else {
        const QCPRange x = m_plot->xAxis->range();
        m_band->topLeft->setCoords(std::isnan(low) ? std::min(x.lower, m_min) : low,
                                   m_plot->yAxis->range().upper);
        m_band->bottomRight->setCoords(std::isnan(high) ? std::max(x.upper, m_min + m_bins * m_width) : high,
                                       0);
        m_band->setVisible(true);
    }
    m_plot->replot();
}

void ScoreHistogram::boundsTyped() {
    const QLocale locale;
    auto read = [&](QLineEdit* f) {
        bool ok = false;
        const double v = locale.toDouble(f->text().trimmed(), &ok);
        return ok && std::isfinite(v) ? v : std::numeric_limits<double>::quiet_NaN();
    };
    double low = read(m_lowField), high = read(m_highField);
    if (!std::isnan(low) && !std::isnan(high) && low > high) std::swap(low, high);
    auto same = [](double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; };
    const bool changed = !same(low, m_low) || !same(high, m_high);
    setSelection(low, high);  // shows the bounds as they are applied
    if (!changed) return;
    if (std::isnan(low) && std::isnan(high))
        Q_EMIT rangeCleared();
    else
        Q_EMIT rangeSelected(low, high);
}

int ScoreHistogram::binAt(double x) const {
    if (m_bins == 0) return -1;
    return std::clamp(static_cast<int>(std::floor((x - m_min) / m_width)), 0, m_bins - 1);
}

bool ScoreHistogram::eventFilter(QObject* watched, QEvent* event) {
    if (watched != m_plot || m_bins == 0) return QWidget::eventFilter(watched, event);
    switch (event->type()) {
        case QEvent::MouseButtonPress: {
            auto* e = static_cast<QMouseEvent*>(event);
            if (e->button() == Qt::LeftButton)
                m_dragFrom = binAt(m_plot->xAxis->pixelToCoord(e->position().x()));
            return true;
        }
        case QEvent::MouseMove:
        case QEvent::MouseButtonRelease: {
            if (m_dragFrom < 0) return false;
            auto* e = static_cast<QMouseEvent*>(event);
            const int to = binAt(m_plot->xAxis->pixelToCoord(e->position().x()));
            const int a = std::min(m_dragFrom, to), b = std::max(m_dragFrom, to);
            setSelection(binLow(a), binLow(b + 1));
            if (event->type() == QEvent::MouseButtonRelease) {
                m_dragFrom = -1;
                Q_EMIT rangeSelected(binLow(a), binLow(b + 1));
            }
            return true;
        }
        case QEvent::MouseButtonDblClick:
            setSelection(NAN, NAN);
            Q_EMIT rangeCleared();
            return true;
        case QEvent::KeyPress:
            if (static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape) {
                setSelection(NAN, NAN);
                Q_EMIT rangeCleared();
                return true;
            }
            return false;
        default:
            return QWidget::eventFilter(watched, event);
    }
}

}  // namespace widgets
}  // namespace mlens
