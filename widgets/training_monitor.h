#pragma once
// Live curves of the minority classifier's training: train / validation loss, and top-1 / top-k
// accuracy, from the metrics the trainer reports (or a metrics.jsonl read back).
#include <QWidget>

#include <vector>

#include "engine/api/training.h"

class QCustomPlot;
class QCheckBox;
class QLabel;

namespace mlens {
namespace widgets {

class TrainingMonitor final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrainingMonitor)

public:
    explicit TrainingMonitor(QWidget* parent = nullptr);
    void clear();
    void add(const TrainMetrics& m);
    void setHistory(const std::vector<TrainMetrics>& history);
    int points() const { return static_cast<int>(m_history.size()); }
    QCustomPlot* lossPlot() const { return m_loss; }
    QCustomPlot* accuracyPlot() const { return m_accuracy; }
    QCheckBox* logScale() const { return m_log; }  // the loss axis, linear or logarithmic (remembered)

private:
    void redraw();

    QCustomPlot *m_loss, *m_accuracy;
    QLabel* m_summary;
    QCheckBox* m_log;
    std::vector<TrainMetrics> m_history;
};

// House style for QCustomPlot: follows the application palette (light and dark).
void stylePlot(QCustomPlot* plot);

}  // namespace widgets
}  // namespace mlens
