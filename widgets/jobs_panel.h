#pragma once
// Running and recent jobs: title, stage, progress bar, ETA and a cancel button each.
#include <QWidget>

#include <map>

class QLabel;
class QVBoxLayout;

namespace mlens {
namespace widgets {

class JobRunner;
class JobRow;

class JobsPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobsPanel)

public:
    JobsPanel(JobRunner* runner, QWidget* parent = nullptr);
    int rowCount() const { return static_cast<int>(m_rows.size()); }
    // Removes the rows of finished jobs (another workspace was opened); running jobs stay.
    void clearFinished();

Q_SIGNALS:
    void summaryChanged(const QString& summary);  // "2 jobs running" / "" for the status bar

private:
    void add(int id, const QString& title);
    void progress(int id, qint64 done, qint64 total, const QString& stage, double eta);
    void finished(int id, bool ok, const QString& message);

    JobRunner* m_runner;
    QVBoxLayout* m_list;
    QLabel* m_empty;
    std::map<int, JobRow*> m_rows;
    int m_running = 0;
};

}  // namespace widgets
}  // namespace mlens
