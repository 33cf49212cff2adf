#pragma once
// LOF, AvgkNN and minority-score densities of the real set and each generated set, overlaid as in
// the papers, with the metric configuration shown; each plot exports as PNG, SVG or PDF.
#include <QWidget>

#include <map>
#include <vector>

class QCustomPlot;
class QLabel;
class QTabWidget;

namespace mlens {
namespace widgets {

class DensityPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DensityPanel)

public:
    explicit DensityPanel(QWidget* parent = nullptr);
    // metrics.csv and summary.json of an evaluation (see EvaluateRequest). Returns false if unreadable.
    bool load(const QString& metricsCsv, const QString& summaryJson);
    void clear();
    QCustomPlot* plot(const QString& metric) const;  // "lof", "avgknn", "minority"
    QStringList sets() const { return m_order; }
    QString warning() const;  // shown when a density rests on fewer than 30 samples

    // The file's extension picks the format: .png, .svg or .pdf.
    static bool exportPlot(QCustomPlot* plot, const QString& path, int width = 900, int height = 540);

Q_SIGNALS:
    void status(const QString& message);

private:
    QStringList draw(const QString& metric);  // the sets too small for a density

    QTabWidget* m_tabs;
    QLabel *m_config, *m_warning;
    std::map<QString, QCustomPlot*> m_plots;
    std::map<QString, std::map<QString, std::vector<double>>> m_values;  // set -> metric -> values
    QStringList m_order;
};

}  // namespace widgets
}  // namespace mlens
