#include "widgets/job_runner.h"

namespace mlens {
namespace widgets {

void InteractiveGate::enter() {
    std::lock_guard<std::mutex> lock(m_mutex);
    ++m_active;
}

void InteractiveGate::leave() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        --m_active;
    }
    m_idle.notify_all();
}

int InteractiveGate::active() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_active;
}

bool InteractiveGate::waitWhileBusy(const std::function<bool()>& cancelled) {
    std::unique_lock<std::mutex> lock(m_mutex);
    bool waited = false;
    while (m_active > 0 && !cancelled()) {  // woken by leave(), or every 50 ms to look at cancel
        waited = true;
        m_idle.wait_for(lock, std::chrono::milliseconds(50));
    }
    return waited;
}

void PromiseProgress::report(int64_t done, int64_t total, const std::string& stage) {
    if (m_gate && m_gate->waitWhileBusy([this] { return m_promise->isCanceled(); }) && m_pauses) ++*m_pauses;
    // Throttled: the engine may report thousands of times a second.
    if (m_last.isValid() && m_last.elapsed() < 100 && done < total) return;
    m_last.restart();
    if (m_forward) m_forward(done, total, stage);
}

QString JobRunner::cancelledText() {
    return tr("cancelled");
}

JobRunner::JobRunner(QObject* parent) : QObject(parent) {
    m_heavy.setMaxThreadCount(1);
    m_interactive.setMaxThreadCount(1);
    m_light.setMaxThreadCount(2);
}

JobRunner::~JobRunner() {
    shutdown();
}

void JobRunner::started(int id, const QString& title, std::function<void()> cancel) {
    Job job{title, std::move(cancel), {}, -1};
    m_jobs.emplace(id, std::move(job));
    Q_EMIT jobStarted(id, title);
}

void JobRunner::progressed(int id, qint64 done, qint64 total, const QString& stage) {
    auto it = m_jobs.find(id);
    if (it == m_jobs.end()) return;
    Job& job = it->second;
    if (job.firstDone < 0 || done < job.firstDone) {  // a new stage restarts the estimate
        job.firstDone = done;
        job.clock.start();
    }
    const double elapsed = job.clock.elapsed() / 1000.0;
    const qint64 progressed = done - job.firstDone;
    const double eta = progressed > 0 && total > done && elapsed > 1.0
                           ? elapsed / static_cast<double>(progressed) * static_cast<double>(total - done)
                           : -1.0;
    Q_EMIT jobProgress(id, done, total, stage, eta);
}

void JobRunner::finished(int id, bool ok, const QString& message) {
    m_jobs.erase(id);
    Q_EMIT jobFinished(id, ok, message);
}

void JobRunner::cancel(int id) {
    auto it = m_jobs.find(id);
    if (it != m_jobs.end() && it->second.cancel) it->second.cancel();
}

void JobRunner::cancelAll() {
    for (auto& [id, job] : m_jobs)
        if (job.cancel) job.cancel();
}

void JobRunner::shutdown() {
    cancelAll();
    m_heavy.waitForDone();
    m_interactive.waitForDone();
    m_light.waitForDone();
}

}  // namespace widgets
}  // namespace mlens
