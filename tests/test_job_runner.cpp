// The job lanes: an interactive job never waits behind a heavy one, heavy jobs stand still in their
// progress reports while it runs and carry on after it, and a paused heavy job still cancels.
#include <QtTest/QtTest>

#include <atomic>
#include <chrono>
#include <thread>

#include "support/test_support.h"
#include "widgets/job_runner.h"

using namespace mlens;
using namespace mlens::widgets;

namespace {
bool waitFor(const std::function<bool()>& done, int ms = 120000) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < mlens::test::waitMs(ms))
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    return done();
}

// A heavy job of many short steps, each reporting progress (as training does between steps).
std::function<int(ProgressSink&)> steps(std::atomic<int>* done, int total) {
    return [done, total](ProgressSink& p) {
        for (int i = 0; i < total; ++i) {
            if (p.cancelRequested()) throw Cancelled();
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            ++*done;
            p.report(i + 1, total, "step");
        }
        return total;
    };
}
}  // namespace

class TestJobRunner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void heavyJobsPauseWhileAnInteractiveOneRuns() {
        JobRunner runner;
        std::atomic<int> heavySteps{0};
        int heavyResult = 0;
        runner.run<int>(QStringLiteral("training"), JobPool::Heavy, steps(&heavySteps, 2000), this,
                        [&](int r) { heavyResult = r; });
        QVERIFY(waitFor([&] { return heavySteps.load() > 5; }));
        std::atomic<int> atStart{-1}, atEnd{-1};
        bool interactiveDone = false;
        runner.run<int>(
            QStringLiteral("preview"), JobPool::Interactive,
            [&](ProgressSink&) {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the heavy job reaches its gate
                atStart = heavySteps.load();
                std::this_thread::sleep_for(
                    std::chrono::milliseconds(300));  // ~100+ heavy steps if it ran on
                atEnd = heavySteps.load();
                return 0;
            },
            this, [&](int) { interactiveDone = true; });
        QVERIFY(waitFor([&] { return interactiveDone; }));
        QVERIFY2(atEnd.load() - atStart.load() <= 1,
                 qPrintable(QStringLiteral("the heavy job ran %1 steps during the preview")
                                .arg(atEnd.load() - atStart.load())));
        QVERIFY(runner.heavyPauses() >= 1);
        QCOMPARE(runner.interactiveRunning(), 0);
        QVERIFY(waitFor([&] { return heavyResult == 2000; }));  // and it finishes afterwards
    }

    void interactiveJobsDoNotQueueBehindHeavyOnes() {
        JobRunner runner;
        std::atomic<bool> release{false};
        bool heavyDone = false, interactiveDone = false;
        runner.run<int>(
            QStringLiteral("long training"), JobPool::Heavy,
            [&](ProgressSink&) {
                while (!release)
                    std::this_thread::sleep_for(std::chrono::milliseconds(5));
                return 1;
            },
            this, [&](int) { heavyDone = true; });
        runner.run<int>(
            QStringLiteral("preview"), JobPool::Interactive, [](ProgressSink&) { return 2; }, this,
            [&](int) { interactiveDone = true; });
        QVERIFY(waitFor([&] { return interactiveDone; }));
        QVERIFY(!heavyDone);  // the preview finished while the heavy lane was still busy
        release = true;
        QVERIFY(waitFor([&] { return heavyDone; }));
    }

    void aPausedHeavyJobStillCancels() {
        JobRunner runner;
        std::atomic<int> heavySteps{0};
        std::atomic<bool> release{false};
        bool cancelled = false, interactiveDone = false;
        const int heavy = runner.run<int>(
            QStringLiteral("training"), JobPool::Heavy, steps(&heavySteps, 100000), this, [](int) {}, {},
            [&] { cancelled = true; });
        QVERIFY(waitFor([&] { return heavySteps.load() > 2; }));
        runner.run<int>(
            QStringLiteral("preview"), JobPool::Interactive,
            [&](ProgressSink&) {
                while (!release)
                    std::this_thread::sleep_for(std::chrono::milliseconds(5));
                return 0;
            },
            this, [&](int) { interactiveDone = true; });
        QVERIFY(waitFor([&] { return runner.interactiveRunning() == 1; }));
        runner.cancel(heavy);
        QVERIFY(waitFor([&] { return cancelled; }));  // while the preview still holds the lane
        QVERIFY(!interactiveDone);
        release = true;
        QVERIFY(waitFor([&] { return interactiveDone; }));
    }
};

QTEST_MAIN(TestJobRunner)
#include "test_job_runner.moc"
