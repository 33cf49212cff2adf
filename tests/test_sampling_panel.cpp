// The sampling panel the way a user drives it: a released slider regenerates after the debounce,
// progressive previews arrive, a newer request cancels the running one, baseline and guided come
// from the same noise (w = 0 makes them identical), and saved samples carry their parameters.
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QtTest/QtTest>

#include <unistd.h>

#include "engine/api/workspace.h"
#include "support/test_support.h"
#include "widgets/image_grid.h"
#include "widgets/job_runner.h"
#include "widgets/sample_lightbox.h"
#include "widgets/sampling_panel.h"
#include "widgets/sweep_dialog.h"

#include "engine/io/png_text.h"

using namespace mlens::widgets;

namespace {
QString fx(const char* name) {
    return QString::fromStdString(mlens::test::fixture(std::string("adm/") + name));
}

bool waitFor(const std::function<bool()>& done, int ms = 120000) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < mlens::test::waitMs(ms))
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return done();
}
}  // namespace

class TestSamplingPanel : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void sliderReleaseRegeneratesWithPreviews() {
        JobRunner runner;
        SamplingPanel panel(&runner);
        panel.setDebounceMs(50);
        // unet_rgb32.json and classifier_rgb32.json lie beside the checkpoints: their configs are used
        panel.setModels(fx("unet_rgb32.pt"), fx("classifier_rgb32.pt"), 10, QStringLiteral("cpu"));
        QCOMPARE(panel.classSlider()->maximum(), 9);
        QCOMPARE(panel.classSlider()->value(), 9);  // the rarest class first
        SamplingSettings s = panel.settings();
        s.steps = 25;
        s.samples = 2;
        s.scale = 4.0;
        s.seed = 3;
        panel.setSettings(s);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));

        QSignalSpy ready(&panel, &SamplingPanel::samplesReady);
        panel.scaleSlider()->setSliderDown(true);
        panel.scaleSlider()->setValue(50);  // w = 5.0 while dragging: nothing runs yet
        QTest::qWait(120);
        QVERIFY(!panel.busy());
        panel.scaleSlider()->setSliderDown(false);  // release: regenerate after the debounce
        QVERIFY(waitFor([&] { return ready.count() == 1; }));
        QCOMPARE(panel.settings().scale, 5.0);
        QVERIFY2(panel.previewsReceived() >= 2, "progressive x0 previews arrive while sampling");
        // A key (or a click on the track) moves the slider by a step: that value regenerates too.
        QTest::keyClick(panel.scaleSlider(), Qt::Key_PageUp);
        QVERIFY(waitFor([&] { return ready.count() == 2; }));
        QCOMPARE(panel.settings().scale, 6.0);
        QCOMPARE(panel.completedRuns(), 2);
        QCOMPARE(panel.baselineGrid()->count(), 2);
        QCOMPARE(panel.guidedGrid()->count(), 2);
        QVERIFY(panel.baselineGrid()->images()[0] != panel.guidedGrid()->images()[0]);  // guidance changed it
    }

    void newerRequestCancelsTheRunningOne() {
        JobRunner runner;
        SamplingPanel panel(&runner);
        panel.setModels(fx("unet_rgb32.pt"), fx("classifier_rgb32.pt"), 10, QStringLiteral("cpu"));
        SamplingSettings s = panel.settings();
        s.steps = 250;  // long enough to be interrupted
        s.samples = 4;
        panel.setSettings(s);
        QSignalSpy ready(&panel, &SamplingPanel::samplesReady);
        panel.regenerate();
        QVERIFY(waitFor([&] { return panel.previewsReceived() > 0; }));
        s.steps = 25;
        s.samples = 1;
        panel.setSettings(s);
        panel.regenerate();  // the slider moved again: the first run must stop
        QVERIFY(waitFor([&] { return ready.count() == 1; }));
        QCOMPARE(panel.cancelledRuns(), 1);
        QCOMPARE(panel.completedRuns(), 1);
        QCOMPARE(panel.guidedGrid()->count(), 1);  // the result is the newer request's
    }

    void zeroScaleGivesTheBaselineAndSavesParameters() {
        JobRunner runner;
        SamplingPanel panel(&runner);
        panel.setModels(fx("unet_rgb32.pt"), fx("classifier_rgb32.pt"), 10, QStringLiteral("cpu"));
        SamplingSettings s = panel.settings();
        s.steps = 25;
        s.samples = 2;
        s.scale = 0.0;
        s.seed = 11;
        panel.setSettings(s);
        QSignalSpy ready(&panel, &SamplingPanel::samplesReady);
        panel.regenerate();
        QVERIFY(waitFor([&] { return ready.count() == 1; }));
        QCOMPARE(panel.baselineGrid()->images()[1], panel.guidedGrid()->images()[1]);  // same noise per tile

        QTemporaryDir dir;
        QSignalSpy saved(&panel, &SamplingPanel::saved);
        QVERIFY(panel.saveTo(dir.path()));
        QVERIFY(waitFor([&] { return saved.count() == 1; }));
        const QString png = dir.filePath(QStringLiteral("guided/sample_000001.png"));
        QVERIFY(QFile::exists(png));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("guided/samples.npz"))));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("baseline/sample_000000.png"))));
        QFile f(png);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY2(bytes.contains("tEXt") || bytes.contains("iTXt"), "parameters travel in PNG text chunks");
        QVERIFY(bytes.contains("\"seed\":11"));
        QVERIFY(bytes.contains("classifier_rgb32.pt"));

        // Saved samples come back (a reopened workspace): the same tiles, the settings they were made with.
        SamplingPanel reopened(&runner);
        reopened.setModels(fx("unet_rgb32.pt"), fx("classifier_rgb32.pt"), 10, QStringLiteral("cpu"));
        reopened.showSaved(mlens::readSampleSet(dir.path().toStdString()), dir.path());
        QCOMPARE(reopened.guidedGrid()->images(), panel.guidedGrid()->images());
        QCOMPARE(reopened.baselineGrid()->images(), panel.baselineGrid()->images());
        QVERIFY2(panel.guidedGrid()->title().contains(QStringLiteral("class 9, w = 0.0")),
                 qPrintable(panel.guidedGrid()->title()));
        QCOMPARE(reopened.guidedGrid()->title(), panel.guidedGrid()->title());  // the class read back

        // A folder that cannot be written: the failure arrives as a message, the application lives on.
        QFile blocker(dir.filePath(QStringLiteral("not-a-folder")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QSignalSpy failed(&panel, &SamplingPanel::failed);
        QVERIFY(panel.saveTo(dir.filePath(QStringLiteral("not-a-folder/samples"))));
        QVERIFY(waitFor([&] { return failed.count() == 1; }));
        const auto error = failed.first().at(1).value<JobError>();
        QCOMPARE(error.code, mlens::ErrorCode::Io);
        QVERIFY2(error.text().contains(QStringLiteral("not-a-folder")), qPrintable(error.text()));
        if (geteuid() != 0) {  // permissions bind everyone but root
            QDir(dir.path()).mkdir(QStringLiteral("locked"));
            QFile::setPermissions(dir.filePath(QStringLiteral("locked")),
                                  QFileDevice::ReadOwner | QFileDevice::ExeOwner);
            QVERIFY(panel.saveTo(dir.filePath(QStringLiteral("locked"))));
            QVERIFY(waitFor([&] { return failed.count() == 2; }));
            QCOMPARE(failed.last().at(1).value<JobError>().code, mlens::ErrorCode::Io);
        }
    }

    // Only the guidance changed: the baseline on screen stays (the session reuses it), the guided
    // tiles are veiled and titled with the values they show until the new ones arrive; a click
    // enlarges a tile; the difference map is a third panel with a colour bar.
    void guidanceChangeKeepsTheBaselineAndVeilsOldTiles() {
        JobRunner runner;
        SamplingPanel panel(&runner);
        panel.resize(1000, 500);
        panel.setModels(fx("unet_rgb32.pt"), fx("classifier_rgb32.pt"), 10, QStringLiteral("cpu"));
        SamplingSettings s = panel.settings();
        s.steps = 25;
        s.samples = 2;
        s.scale = 2.0;
        s.seed = 5;
        panel.setSettings(s);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy ready(&panel, &SamplingPanel::samplesReady);
        panel.regenerate();
        QVERIFY(waitFor([&] { return ready.count() == 1; }));
        QVERIFY(!panel.lastBaselineReused());
        const std::vector<QImage> baseline = panel.baselineGrid()->images();

        s.scale = 6.0;
        panel.setSettings(s);
        panel.regenerate();
        QVERIFY(panel.guidedGrid()->isStale(0) && panel.guidedGrid()->isStale(1));
        QVERIFY(!panel.baselineGrid()->isStale(0));
        QCOMPARE(panel.guidedGrid()->count(), 2);  // the old images stay on screen
        QVERIFY(waitFor([&] { return ready.count() == 2; }));
        QVERIFY(panel.lastBaselineReused());
        QCOMPARE(panel.baselineGrid()->images(), baseline);
        QVERIFY(!panel.guidedGrid()->isStale(0));

        s.seed = 6;  // new noise: the baseline is out of date too
        panel.setSettings(s);
        panel.regenerate();
        QVERIFY(panel.baselineGrid()->isStale(0));
        QVERIFY(waitFor([&] { return ready.count() == 3; }));
        QVERIFY(!panel.lastBaselineReused());
        QVERIFY(panel.baselineGrid()->images() != baseline);

        ImageGrid* guided = panel.guidedGrid();
        QPoint onSecond;
        for (int x = 0; x < guided->width() && onSecond.isNull(); x += 4)
            for (int y = 0; y < guided->height(); y += 4)
                if (guided->indexAt({x, y}) == 1) {
                    onSecond = {x, y};
                    break;
                }
        QVERIFY(!onSecond.isNull());
        QTest::mouseClick(guided, Qt::LeftButton, {}, onSecond);
        auto* box = qobject_cast<SampleLightbox*>(panel.lightbox());
        QVERIFY(box && box->isVisible());
        QCOMPARE(box->index(), 1);
        QVERIFY2(box->parametersText().contains(QStringLiteral("noise seed 7")),
                 qPrintable(box->parametersText()));
        QVERIFY2(box->parametersText().contains(QStringLiteral("w = 6.0")),
                 qPrintable(box->parametersText()));
        box->close();

        QCheckBox* difference = nullptr;
        for (QCheckBox* c : panel.findChildren<QCheckBox*>())
            if (c->text().contains(QStringLiteral("Difference"))) difference = c;
        QVERIFY(difference);
        difference->setChecked(true);
        QVERIFY(panel.differenceGrid()->isVisible());
        QVERIFY(panel.guidedGrid()->isVisible());  // a third panel, not instead of the guided one
        QCOMPARE(panel.differenceGrid()->count(), 2);
        QVERIFY(panel.differenceGrid()->hasColourBar());
    }

    // The sweep samples each distinct cell once (the w = 0 row is one run shown in every column) and
    // reports one progress over the whole sweep.
    void sweepComputesEachDistinctCellOnce() {
        JobRunner runner;
        SamplingPanel panel(&runner);
        panel.setModels(fx("unet_rgb32.pt"), fx("classifier_rgb32.pt"), 4, QStringLiteral("cpu"));
        SamplingSettings s = panel.settings();
        s.steps = 25;
        s.scale = 2.0;
        panel.setSettings(s);
        QSignalSpy progress(&runner, &JobRunner::jobProgress);
        QSignalSpy finished(&runner, &JobRunner::jobFinished);
        panel.sweep();
        QVERIFY(waitFor([&] { return finished.count() >= 1; }, 600000));  // a hang's bound, not a speed limit
        QCOMPARE(finished.last().at(1).toBool(), true);
        QCoreApplication::processEvents();
        const auto& images = panel.sweepGrid()->images();
        // classes 0, 1, 2, 3 (five spread over four: duplicates dropped) x scales 0, 1, 2, 4
        QCOMPARE(images.size(), size_t{16});
        for (int c = 1; c < 4; ++c)
            QCOMPARE(images[static_cast<size_t>(c)], images[0]);    // w = 0: one run
        QVERIFY(images[4] != images[5] || images[5] != images[6]);  // guided cells differ by class
        qint64 last = -1, total = -1;
        for (const auto& args : progress) {
            const qint64 done = args.at(1).toLongLong(), t = args.at(2).toLongLong();
            if (total < 0) total = t;
            QCOMPARE(t, total);  // one total from the start
            QVERIFY(done >= last);
            last = done;
        }
        QCOMPARE(total, qint64{13} * panel.settings().steps);  // 1 + 3 x 4 runs of the sampling steps
        QCOMPARE(last, total);
    }

    // The sweep dialog checks what is typed with the engine's rule (OK only when valid, the reason
    // shown), its settings drive the sweep (two samples per cell, seeds s and s + 1), and the finished
    // grid saves as one PNG carrying the sweep's parameters.
    void sweepDialogConfiguresAndTheGridSaves() {
        mlens::SweepSpec initial;
        initial.classes = {0, 3};
        initial.scales = {0, 2};
        SweepDialog dialog(initial, 4);
        QPushButton* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QVERIFY(ok->isEnabled());
        dialog.classesEdit()->setText(QStringLiteral("1, 7"));
        QVERIFY(!ok->isEnabled());
        QVERIFY2(dialog.summary().contains(QStringLiteral("out of range")), qPrintable(dialog.summary()));
        dialog.classesEdit()->setText(QStringLiteral("1 3"));
        dialog.scalesEdit()->setText(QStringLiteral("0, 2.5"));
        dialog.perCellSpin()->setValue(2);
        QVERIFY(ok->isEnabled());
        QVERIFY2(dialog.summary().startsWith(QStringLiteral("2 x 2 cells, 3 sampling run")),
                 qPrintable(dialog.summary()));
        QCOMPARE(dialog.spec().classes, (std::vector<int>{1, 3}));

        JobRunner runner;
        SamplingPanel panel(&runner);
        panel.setModels(fx("unet_rgb32.pt"), fx("classifier_rgb32.pt"), 4, QStringLiteral("cpu"));
        SamplingSettings s = panel.settings();
        s.steps = 10;
        panel.setSettings(s);
        QVERIFY(!panel.saveSweepTo(QDir(m_dir.path()).filePath("none.png")));  // nothing to save yet
        panel.setSweepSpec(dialog.spec());
        QSignalSpy finished(&runner, &JobRunner::jobFinished);
        panel.sweep();
        QVERIFY(waitFor([&] { return finished.count() >= 1; }, 600000));
        QCOMPARE(finished.last().at(1).toBool(), true);
        QCoreApplication::processEvents();
        QVERIFY(panel.hasSweep());
        const auto& images = panel.sweepGrid()->images();
        QCOMPARE(images.size(), size_t{8});  // 2 x 2 cells x 2 samples
        QCOMPARE(images[2], images[0]);      // w = 0: the same seed in both columns
        QCOMPARE(images[3], images[1]);
        QVERIFY(images[0] != images[1]);  // seeds s and s + 1
        const QString png = QDir(m_dir.path()).filePath("sweep.png");
        QVERIFY(panel.saveSweepTo(png));
        QVERIFY(waitFor([&] { return finished.count() >= 2; }));
        QCOMPARE(finished.last().at(1).toBool(), true);
        bool found = false;
        for (const auto& [key, value] : mlens::io::readPngTextFile(png.toStdString()))
            found |= key == "minoritylens" &&
                     value.find("classes=1,3,scales=0,2.5,per-cell=2") != std::string::npos;
        QVERIFY(found);
    }

    void withoutClassifierOnlyUnguided() {
        JobRunner runner;
        SamplingPanel panel(&runner);
        panel.setModels(fx("unet_rgb32.pt"), {}, 0, QStringLiteral("cpu"));
        QVERIFY(!panel.classSlider()->isEnabled());
        QVERIFY(!panel.scaleSlider()->isEnabled());
        SamplingSettings s = panel.settings();
        s.steps = 25;
        s.samples = 1;
        panel.setSettings(s);
        QSignalSpy ready(&panel, &SamplingPanel::samplesReady);
        QSignalSpy started(&runner, &JobRunner::jobStarted);
        panel.regenerate();
        QVERIFY(waitFor([&] { return ready.count() == 1; }));
        QCOMPARE(started.count(), 1);  // the jobs panel names what runs, not "class -1"
        QCOMPARE(started.at(0).at(1).toString(),
                 QStringLiteral("Sampling the backbone alone (no classifier)"));
        QCOMPARE(panel.baselineGrid()->count(), 0);
        QCOMPARE(panel.guidedGrid()->count(), 1);
    }
};

QTEST_MAIN(TestSamplingPanel)
#include "test_sampling_panel.moc"
