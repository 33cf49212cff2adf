#include "widgets/density_panel.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSvgGenerator>
#include <QTabWidget>
#include <QTextStream>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

#include "engine/api/statistics.h"
#include "widgets/training_monitor.h"

namespace mlens {
namespace widgets {

namespace {
constexpr size_t kMinDensitySamples = 30;  // below this a density is drawn dashed, with a rug

QColor setColor(int i) {
    static const QColor colors[] = {QColor(120, 120, 120), QColor(31, 119, 180), QColor(255, 127, 14),
                                    QColor(44, 160, 44), QColor(214, 39, 40)};
    return colors[i % 5];
}
}  // namespace

DensityPanel::DensityPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    m_config = new QLabel(this);
    m_config->setWordWrap(true);
    layout->addWidget(m_config);
    m_warning = new QLabel(this);
    m_warning->setWordWrap(true);
    m_warning->setStyleSheet(QStringLiteral("color: #b35900;"));
    m_warning->setVisible(false);
    layout->addWidget(m_warning);
    m_tabs = new QTabWidget(this);
    const std::pair<const char*, QString> metrics[] = {
        {"lof", tr("LOF")}, {"avgknn", tr("AvgkNN")}, {"minority", tr("Minority score")}};
    for (const auto& [key, title] : metrics) {
        auto* plot = new QCustomPlot(m_tabs);
        plot->legend->setVisible(true);
        plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
        plot->yAxis->setLabel(tr("density"));
        plot->xAxis->setLabel(title);
        stylePlot(plot);
        m_tabs->addTab(plot, title);
        m_plots[QString::fromLatin1(key)] = plot;
    }
    layout->addWidget(m_tabs, 1);
    auto* buttons = new QHBoxLayout;
    auto* exportButton = new QPushButton(tr("&Export plot..."), this);
    buttons->addStretch();
    buttons->addWidget(exportButton);
    layout->addLayout(buttons);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        auto* plot = qobject_cast<QCustomPlot*>(m_tabs->currentWidget());
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export plot"), QStringLiteral("density.png"),
                                         tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
        if (path.isEmpty()) return;
        Q_EMIT status(exportPlot(plot, path) ? tr("Plot exported to %1").arg(path)
                                             : tr("Could not write %1").arg(path));
    });
    clear();
}

void DensityPanel::clear() {
    m_values.clear();
    m_order.clear();
    for (auto& [k, p] : m_plots) {
        p->clearGraphs();
        p->replot();
    }
    m_warning->clear();
    m_warning->setVisible(false);
    m_config->setText(tr("No evaluation yet. Run > Evaluate compares generated samples with the dataset."));
}

QCustomPlot* DensityPanel::plot(const QString& metric) const {
    auto it = m_plots.find(metric);
    return it == m_plots.end() ? nullptr : it->second;
}

bool DensityPanel::load(const QString& metricsCsv, const QString& summaryJson) {
    QFile csv(metricsCsv);
    if (!csv.open(QIODevice::ReadOnly | QIODevice::Text)) return false;
    clear();
    QTextStream in(&csv);
    const QStringList header = in.readLine().split(QLatin1Char(','));
    while (!in.atEnd()) {
        const QStringList f = in.readLine().split(QLatin1Char(','));
        if (f.size() < header.size() - 1 || f.isEmpty()) continue;
        const QString set = f[0];
        if (!m_order.contains(set)) m_order << set;
        for (int c = 2; c < header.size() && c < f.size(); ++c)
            if (!f[c].isEmpty()) m_values[set][header[c]].push_back(f[c].toDouble());
    }
    QString config;
    QFile js(summaryJson);
    if (js.open(QIODevice::ReadOnly)) {
        const QJsonObject s = QJsonDocument::fromJson(js.readAll()).object();
        const QJsonObject k = s.value(QStringLiteral("k")).toObject();
        config = tr("Features: %1. AvgkNN k=%2, LOF k=%3, rarity k=%4, precision/recall k=%5.")
                     .arg(s.value(QStringLiteral("features")).toString())
                     .arg(k.value(QStringLiteral("avgknn")).toInt())
                     .arg(k.value(QStringLiteral("lof")).toInt())
                     .arg(k.value(QStringLiteral("rarity")).toInt())
                     .arg(k.value(QStringLiteral("precision_recall")).toInt());
        for (const auto& v : s.value(QStringLiteral("sets")).toArray()) {
            const QJsonObject o = v.toObject();
            if (o.value(QStringLiteral("real")).toBool()) continue;
            config += tr("<br>%1: precision %2, recall %3, LOF above the real 90th percentile %4 %")
                          .arg(o.value(QStringLiteral("name")).toString().toHtmlEscaped())
                          .arg(o.value(QStringLiteral("precision")).toDouble(), 0, 'f', 3)
                          .arg(o.value(QStringLiteral("recall")).toDouble(), 0, 'f', 3)
                          .arg(100 * o.value(QStringLiteral("lof"))
                                         .toObject()
                                         .value(QStringLiteral("above_real_p90"))
                                         .toDouble(),
                               0, 'f', 1);
        }
    }
    m_config->setText(config);
    QStringList few;
    for (const auto& [metric, plot] : m_plots)
        for (const QString& set : draw(metric))
            if (!few.contains(set)) few << set;
    m_warning->setText(few.isEmpty() ? QString()
                                     : tr("Fewer than %1 samples in %2: their densities are only a guide "
                                          "(dashed), the ticks below them show each value.")
                                           .arg(kMinDensitySamples)
                                           .arg(few.join(QStringLiteral(", "))));
    m_warning->setVisible(!few.isEmpty());
    return true;
}

QString DensityPanel::warning() const {
    return m_warning->text();
}

QStringList DensityPanel::draw(const QString& metric) {
    QStringList few;
    QCustomPlot* p = m_plots.at(metric);
    p->clearGraphs();
    std::vector<double> all;
    for (const auto& set : m_order)
        for (double v : m_values[set][metric])
            if (std::isfinite(v)) all.push_back(v);
    if (all.empty()) {
        p->replot();
        return few;
    }
    std::sort(all.begin(), all.end());  // clip the axis to 0.5-99.5 % so outliers do not squash it
    double lo = all[static_cast<size_t>(0.005 * (all.size() - 1))],
           hi = all[static_cast<size_t>(0.995 * (all.size() - 1))];
    if (!(hi > lo)) hi = lo + 1;
    const double pad = 0.05 * (hi - lo);
    std::vector<double> xs(300);
    for (int i = 0; i < 300; ++i)
        xs[static_cast<size_t>(i)] = lo - pad + (hi - lo + 2 * pad) * i / 299.0;
    int index = 0;
    for (const auto& set : m_order) {
        const auto& v = m_values[set][metric];
        if (v.empty()) {
            ++index;
            continue;
        }
        const std::vector<double> ys = kernelDensity(v, xs);
        QCPGraph* g = p->addGraph();
        const QColor c = setColor(index++);
        const bool tooFew = v.size() < kMinDensitySamples;
        g->setName(tooFew ? tr("%1 (n=%2, too few for a density)").arg(set).arg(v.size())
                          : QStringLiteral("%1 (n=%2)").arg(set).arg(v.size()));
        g->setPen(QPen(c, 2, tooFew ? Qt::DashLine : Qt::SolidLine));
        g->setBrush(QColor(c.red(), c.green(), c.blue(), tooFew ? 20 : 60));
        g->setData(QVector<double>(xs.begin(), xs.end()), QVector<double>(ys.begin(), ys.end()), true);
        if (tooFew) {
            few << set;
            const double top = *std::max_element(ys.begin(), ys.end());
            QCPGraph* rug = p->addGraph();
            rug->setProperty("rug", true);
            rug->removeFromLegend();
            rug->setPen(QPen(c, 2));
            rug->setLineStyle(QCPGraph::lsImpulse);
            QVector<double> rx, ry;
            for (double x : v)
                if (std::isfinite(x)) {
                    rx << x;
                    ry << 0.08 * top;
                }
            rug->setData(rx, ry);
        }
    }
    p->rescaleAxes();
    p->yAxis->setRangeLower(0);
    p->replot();
    return few;
}

bool DensityPanel::exportPlot(QCustomPlot* plot, const QString& path, int width, int height) {
    if (!plot) return false;
    const QString ext = QFileInfo(path).suffix().toLower();
    if (ext == QLatin1String("pdf")) return plot->savePdf(path, width, height);
    if (ext == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(QSize(width, height));
        svg.setViewBox(QRect(0, 0, width, height));
        svg.setTitle(QStringLiteral("MinorityLens"));
        QCPPainter painter;
        if (!painter.begin(&svg)) return false;
        plot->toPainter(&painter, width, height);
        painter.end();
        return QFileInfo(path).size() > 0;
    }
    return plot->savePng(path, width, height);
}

}  // namespace widgets
}  // namespace mlens
