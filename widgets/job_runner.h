#pragma once
// Runs engine jobs off the GUI thread (QtConcurrent + QPromise), reports their progress, cancels them.
// Three lanes: heavy tensor jobs (scoring, training) share a one-thread pool and run in order;
// interactive ones (sampling previews) have their own thread, so they never queue behind a training
// run, and while one runs every heavy job pauses at its next progress report (between steps or
// batches) so that the two do not split the cores; light jobs (file scans, exports) use a third.
// Results come back on the GUI thread.
#include <atomic>
#include <condition_variable>
#include <mutex>

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrent>

#include <functional>
#include <map>
#include <memory>

#include "engine/api/error.h"
#include "engine/api/progress.h"
#include "widgets/job_error.h"

namespace mlens {
namespace widgets {

enum class JobPool { Heavy, Interactive, Light };

// How many interactive jobs run; heavy jobs wait in their progress reports while any does.
class InteractiveGate {
public:
    void enter();
    void leave();
    // Blocks while an interactive job runs, until `cancelled` says so. True when it waited.
    bool waitWhileBusy(const std::function<bool()>& cancelled);
    int active() const;

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_idle;
    int m_active = 0;
};

// The ProgressSink an engine job sees: progress goes to the promise (throttled), cancel comes from it.
// With a gate (heavy jobs), a report waits while an interactive job runs.
class PromiseProgress final : public ProgressSink {
public:
    explicit PromiseProgress(QPromise<void>* promise,
                             std::function<void(int64_t, int64_t, const std::string&)> forward,
                             InteractiveGate* yieldTo = nullptr, std::atomic<int>* pauses = nullptr)
        : m_promise(promise), m_forward(std::move(forward)), m_gate(yieldTo), m_pauses(pauses) {}
    void report(int64_t done, int64_t total, const std::string& stage) override;
    bool cancelRequested() const override { return m_promise->isCanceled(); }

private:
    QPromise<void>* m_promise;
    std::function<void(int64_t, int64_t, const std::string&)> m_forward;
    InteractiveGate* m_gate;
    std::atomic<int>* m_pauses;
    QElapsedTimer m_last;
};

class JobRunner final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobRunner)

public:
    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override;

    // Runs `work` on a pool thread; exactly one of onSuccess / onError / onCancelled runs afterwards on
    // the GUI thread (unless `context` is gone). Returns the job id.
    template <class R>
    int run(const QString& title, JobPool pool, std::function<R(ProgressSink&)> work, QObject* context,
            std::function<void(R)> onSuccess, std::function<void(const JobError&)> onError = {},
            std::function<void()> onCancelled = {});

    void cancel(int id);
    void cancelAll();
    // Cancels everything and waits for the pools (on quit).
    void shutdown();
    int activeCount() const { return static_cast<int>(m_jobs.size()); }
    // The message of jobFinished for a cancelled job.
    static QString cancelledText();
    bool isRunning(int id) const { return m_jobs.count(id) > 0; }
    // Interactive jobs running now (heavy jobs are paused while this is above 0).
    int interactiveRunning() const { return m_gate->active(); }
    // Progress reports of heavy jobs that waited for an interactive job (for tests and the log).
    int heavyPauses() const { return m_pauses->load(); }

Q_SIGNALS:
    void jobStarted(int id, const QString& title);
    void jobProgress(int id, qint64 done, qint64 total, const QString& stage, double etaSeconds);
    void jobFinished(int id, bool ok, const QString& message);

private:
    struct Job {
        QString title;
        std::function<void()> cancel;
        QElapsedTimer clock;  // from the first progress report (a queued job has not started yet)
        qint64 firstDone = -1;
    };
    void started(int id, const QString& title, std::function<void()> cancel);
    void progressed(int id, qint64 done, qint64 total, const QString& stage);
    void finished(int id, bool ok, const QString& message);
    QThreadPool* pool(JobPool p) {
        return p == JobPool::Heavy ? &m_heavy : p == JobPool::Interactive ? &m_interactive : &m_light;
    }

    QThreadPool m_heavy, m_interactive, m_light;
    std::shared_ptr<InteractiveGate> m_gate = std::make_shared<InteractiveGate>();
    std::shared_ptr<std::atomic<int>> m_pauses = std::make_shared<std::atomic<int>>(0);
    std::map<int, Job> m_jobs;
    int m_next = 1;
};

template <class R>
int JobRunner::run(const QString& title, JobPool p, std::function<R(ProgressSink&)> work, QObject* context,
                   std::function<void(R)> onSuccess, std::function<void(const JobError&)> onError,
                   std::function<void()> onCancelled) {
    const int id = m_next++;
    auto result = std::make_shared<R>();
    auto failure = std::make_shared<std::exception_ptr>();
    auto cancelled = std::make_shared<bool>(false);
    QPointer<JobRunner> self(this);
    auto forward = [self, id](int64_t done, int64_t total, const std::string& stage) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, id, done, total, s = QString::fromStdString(stage)] {
                if (self) self->progressed(id, done, total, s);
            },
            Qt::QueuedConnection);
    };
    std::shared_ptr<InteractiveGate> gate = m_gate;
    QFuture<void> future = QtConcurrent::run(pool(p), [work = std::move(work), result, failure, cancelled,
                                                       forward, gate, p,
                                                       pauses = m_pauses](QPromise<void>& promise) {
        PromiseProgress progress(&promise, forward, p == JobPool::Heavy ? gate.get() : nullptr, pauses.get());
        struct Lane {  // an interactive job holds the gate while it runs
            InteractiveGate* g;
            ~Lane() {
                if (g) g->leave();
            }
        } lane{p == JobPool::Interactive ? gate.get() : nullptr};
        if (lane.g) lane.g->enter();
        try {
            *result = work(progress);
        } catch (const Cancelled&) {
            *cancelled = true;
        } catch (...) {
            *failure = std::current_exception();
        }
    });
    auto* watcher = new QFutureWatcher<void>(this);
    QPointer<QObject> ctx(context);
    connect(watcher, &QFutureWatcher<void>::finished, this,
            [this, watcher, id, result, failure, cancelled, ctx, onSuccess, onError, onCancelled,
             future]() mutable {
                watcher->deleteLater();
                // First a stored exception, then cancellation, then the result.
                if (*failure) {
                    const JobError error = jobErrorFrom(*failure);
                    finished(id, false, error.text());
                    if (ctx && onError) onError(error);
                } else if (*cancelled || future.isCanceled()) {
                    finished(id, false, cancelledText());
                    if (ctx && onCancelled) onCancelled();
                } else {
                    finished(id, true, {});
                    if (ctx && onSuccess) onSuccess(std::move(*result));
                }
            });
    watcher->setFuture(future);
    started(id, title, [future]() mutable { future.cancel(); });
    return id;
}

}  // namespace widgets
}  // namespace mlens
