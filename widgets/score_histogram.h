#pragma once
// Histogram of minority scores linked to the gallery: click a bar or drag across bars to filter to
// that score range, or type the bounds (either may stay empty: open); double-click, Escape or
// clearing both fields shows all. Class thresholds are drawn as dashed lines.
#include <QWidget>

#include <vector>

class QCustomPlot;
class QCPBars;
class QCPItemRect;
class QLineEdit;

namespace mlens {
namespace widgets {

class ScoreHistogram final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScoreHistogram)

public:
    explicit ScoreHistogram(QWidget* parent = nullptr);
    void setScores(const std::vector<double>& scores, int bins = 60);
    void setThresholds(const std::vector<double>& thresholds);
    // The band and the typed bounds; a NaN bound is open (both NaN clear). Emits nothing.
    void setSelection(double low, double high);
    QLineEdit* lowField() const { return m_lowField; }
    QLineEdit* highField() const { return m_highField; }
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
    void boundsTyped();

    QCustomPlot* m_plot;
    QCPBars* m_bars;
    QCPItemRect* m_band;
    QLineEdit *m_lowField, *m_highField;
    double m_min = 0, m_width = 1;
    int m_bins = 0, m_dragFrom = -1;
    double m_low, m_high;  // the bounds shown (NaN: open)
};

}  // namespace widgets
}  // namespace mlens
