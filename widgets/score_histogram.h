#pragma once
// Histogram of minority scores linked to the gallery: click a bar or drag across bars to filter to
// that score range; double-click or Escape clears. Class thresholds are drawn as dashed lines.
#include <QWidget>

#include <vector>

class QCustomPlot;
class QCPBars;
class QCPItemRect;

namespace mlens {
namespace widgets {

class ScoreHistogram final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScoreHistogram)

public:
    explicit ScoreHistogram(QWidget* parent = nullptr);
    void setScores(const std::vector<double>& scores, int bins = 60);
    void setThresholds(const std::vector<double>& thresholds);
    void setSelection(double low, double high);  // NaN clears
    QCustomPlot* plot() const { return m_plot; }
    // The bin edges, for tests.
    double binLow(int bin) const { return m_min + bin * m_width; }
    int bins() const { return m_bins; }

Q_SIGNALS:
    void rangeSelected(double low, double high);
    void rangeCleared();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    int binAt(double x) const;

    QCustomPlot* m_plot;
    QCPBars* m_bars;
    QCPItemRect* m_band;
    double m_min = 0, m_width = 1;
    int m_bins = 0, m_dragFrom = -1;
};

}  // namespace widgets
}  // namespace mlens
