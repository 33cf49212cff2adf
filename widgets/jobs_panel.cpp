#include "widgets/jobs_panel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QScrollArea>
#include <QTime>
#include <QToolButton>
#include <QVBoxLayout>

#include "widgets/job_runner.h"

namespace mlens {
namespace widgets {

class JobRow final : public QWidget {
public:
    JobRow(const QString& title, QWidget* parent) : QWidget(parent) {
        auto* layout = new QHBoxLayout(this);
        layout->setContentsMargins(4, 2, 4, 2);
        m_title = new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), this);
        m_stage = new QLabel(this);
        m_bar = new QProgressBar(this);
        m_bar->setRange(0, 0);
        m_bar->setMaximumWidth(260);
        m_eta = new QLabel(this);
        m_eta->setMinimumWidth(90);
        cancel = new QToolButton(this);
        cancel->setText(JobsPanel::tr("Cancel"));
        layout->addWidget(m_title);
        layout->addWidget(m_stage, 1);
        layout->addWidget(m_bar);
        layout->addWidget(m_eta);
        layout->addWidget(cancel);
    }
    void progress(qint64 done, qint64 total, const QString& stage, double eta) {
        m_stage->setText(stage);
        m_bar->setRange(0, 1000);
        m_bar->setValue(total > 0 ? static_cast<int>(1000 * done / total) : 0);
        m_eta->setText(
            eta >= 0
                ? JobsPanel::tr("%1 left").arg(
                      QTime(0, 0).addSecs(static_cast<int>(eta)).toString(eta >= 3600 ? "h:mm:ss" : "m:ss"))
                : QString());
    }
    void finish(bool ok, const QString& message) {
        m_bar->setRange(0, 1000);
        m_bar->setValue(ok ? 1000 : m_bar->value());
        m_eta->setText(ok ? JobsPanel::tr("done") : message);
        m_eta->setToolTip(message);
        m_eta->setStyleSheet(ok ? QString() : QStringLiteral("color: #d62728"));
        cancel->setEnabled(false);
    }
    QToolButton* cancel;

private:
    QLabel *m_title, *m_stage, *m_eta;
    QProgressBar* m_bar;
};

JobsPanel::JobsPanel(JobRunner* runner, QWidget* parent) : QWidget(parent), m_runner(runner) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    auto* inner = new QWidget(scroll);
    m_list = new QVBoxLayout(inner);
    m_empty = new QLabel(
        tr("No jobs yet. Scoring, training, sampling, evaluation and exports run here in the background, "
           "with progress, time left and a cancel button."),
        inner);
    m_empty->setWordWrap(true);
    m_empty->setEnabled(false);
    m_list->addWidget(m_empty);
    m_list->addStretch();
    scroll->setWidget(inner);
    outer->addWidget(scroll);
    connect(runner, &JobRunner::jobStarted, this, &JobsPanel::add);
    connect(runner, &JobRunner::jobProgress, this, &JobsPanel::progress);
    connect(runner, &JobRunner::jobFinished, this, &JobsPanel::finished);
}

void JobsPanel::add(int id, const QString& title) {
    m_empty->hide();
    auto* row = new JobRow(title, this);
    connect(row->cancel, &QToolButton::clicked, this, [this, id] { m_runner->cancel(id); });
    m_list->insertWidget(m_list->count() - 1, row);  // newest at the bottom: rows never move under the mouse
    m_rows[id] = row;
    ++m_running;
    // keep the 30 most recent rows
    while (m_rows.size() > 30) {
        auto oldest = m_rows.begin();
        if (oldest->second->cancel->isEnabled()) break;
        delete oldest->second;
        m_rows.erase(oldest);
    }
    Q_EMIT summaryChanged(tr("%n job(s) running", nullptr, m_running));
}

void JobsPanel::clearFinished() {
    for (auto it = m_rows.begin(); it != m_rows.end();) {
        if (it->second->cancel->isEnabled()) {
            ++it;
            continue;
        }
        delete it->second;
        it = m_rows.erase(it);
    }
    m_empty->setVisible(m_rows.empty());
}

void JobsPanel::progress(int id, qint64 done, qint64 total, const QString& stage, double eta) {
    if (auto it = m_rows.find(id); it != m_rows.end()) it->second->progress(done, total, stage, eta);
}

void JobsPanel::finished(int id, bool ok, const QString& message) {
    if (auto it = m_rows.find(id); it != m_rows.end()) it->second->finish(ok, message);
    m_running = std::max(0, m_running - 1);
    Q_EMIT summaryChanged(m_running ? tr("%n job(s) running", nullptr, m_running) : QString());
}

}  // namespace widgets
}  // namespace mlens
