// The classes x scales sweep: its typed syntax (and every refusal in one line), the distinct runs
// (a w = 0 row is one run), a sweep on the fixture models that equals the single runs it is made of,
// and the grid PNG with its parameters.
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/api/error.h"
#include "engine/api/sweep.h"
#include "engine/io/png_text.h"
#include "tests/support/test_support.h"

using namespace mlens;

namespace {

SampleRequest base() {
    SampleRequest r;
    r.backbone.checkpoint = test::fixture("adm/unet_rgb32.pt");
    r.guidance.classifier = test::fixture("adm/classifier_rgb32.pt");
    r.respacing = "4";
    r.seed = 11;
    r.device = "cpu";
    return r;
}

bool same(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

struct Count final : ProgressSink {
    int64_t last = -1, total = -1;
    bool monotone = true, oneTotal = true;
    void report(int64_t done, int64_t t, const std::string&) override {
        if (total >= 0 && t != total) oneTotal = false;
        if (done < last) monotone = false;
        total = t, last = done;
    }
    bool cancelRequested() const override { return false; }
};

}  // namespace

class TestSweep : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void parsesListsAndRoundTrips() {
        const SweepSpec s = parseSweepSpec("classes=0, 4,9,scales=0,1.5,3,per-cell=2", 10);
        QCOMPARE(s.classes, (std::vector<int>{0, 4, 9}));
        QCOMPARE(s.scales, (std::vector<double>{0, 1.5, 3}));
        QCOMPARE(s.perCell, 2);
        QCOMPARE(formatSweepSpec(s), std::string("classes=0,4,9,scales=0,1.5,3,per-cell=2"));
        const SweepSpec back = parseSweepSpec(formatSweepSpec(s), 10);
        QCOMPARE(back.classes, s.classes);
        QCOMPARE(back.scales, s.scales);
        QCOMPARE(parseSweepSpec("scales=2,classes=1").perCell, 1);  // any order, per-cell optional
    }

    void refusesBadSpecsInOneLine() {
        for (const char* bad :
             {"", "0,1", "classes=1", "scales=1", "classes=1,scales=", "classes=a,scales=1",
              "classes=-1,scales=1", "classes=10,scales=1", "classes=1,1,scales=1", "classes=1,scales=nan",
              "classes=1,scales=-2", "classes=1,scales=inf", "classes=1,scales=1,per-cell=0",
              "classes=1,scales=1,per-cell=17", "classes=1,scales=1,colour=2", "classes=1,scales=1,classes=2",
              "classes=1.5,scales=1"}) {
            try {
                parseSweepSpec(bad, 10);
                QFAIL(bad);
            } catch (const Error& e) {
                QCOMPARE(e.code(), ErrorCode::InvalidArgument);
                QVERIFY2(e.message().find('\n') == std::string::npos, e.message().c_str());
                QVERIFY2(e.message().rfind("sweep: ", 0) == 0, e.message().c_str());
            }
        }
        std::string many = "classes=";
        for (int c = 0; c < 20; ++c)
            many += std::to_string(c) + ",";
        many += "scales=0,1,2,3,4,5,6,7,8,9,10,11,12,13";  // 280 cells
        QVERIFY_THROWS_EXCEPTION(Error, parseSweepSpec(many));
        // A spec built in code gets the same checks.
        QVERIFY_THROWS_EXCEPTION(Error, validateSweepSpec(SweepSpec{{1, 1}, {0}, 1}));
        QVERIFY_THROWS_EXCEPTION(Error, validateSweepSpec(SweepSpec{{1}, {0}, 0}));
        QVERIFY_THROWS_EXCEPTION(Error, validateSweepSpec(SweepSpec{{4}, {0}, 1}, 4));
        validateSweepSpec(SweepSpec{{3}, {0, 2}, 2}, 4);
    }

    void defaultSpreadsTheClasses() {
        const SweepSpec s = defaultSweep(10, 3.0);
        QCOMPARE(s.classes, (std::vector<int>{0, 2, 5, 7, 9}));  // round(k * 9 / 4)
        QCOMPARE(s.scales, (std::vector<double>{0, 1.5, 3, 6}));
        QCOMPARE(defaultSweep(2, 1.0).classes, (std::vector<int>{0, 1}));
    }

    void scaleZeroRowIsOneRun() {
        const auto runs = sweepRuns(parseSweepSpec("classes=1,3,5,scales=2,0,4"));
        QCOMPARE(runs.size(), size_t{7});  // 3 + 1 + 3
        QCOMPARE(runs[3].scale, 0.0);
        QCOMPARE(runs[3].cells, (std::vector<int>{3, 4, 5}));
        QCOMPARE(runs[4].cells, (std::vector<int>{6}));
        QCOMPARE(runs[4].targetClass, 1);
    }

    // Every cell is exactly the single run it stands for, the w = 0 row is the baseline in every
    // column, one progress covers the sweep, and a class the classifier lacks is refused first.
    void sweepEqualsItsRunsAndWritesTheGrid() {
        const SweepSpec spec = parseSweepSpec("classes=0,3,scales=0,2,per-cell=2");
        SamplingSession session;
        Count progress;
        int cellsSeen = 0;
        const SweepResult res =
            runSweep(session, base(), spec, progress,
                     [&](int, const std::vector<cv::Mat>& v) { cellsSeen += static_cast<int>(v.size()); });
        QCOMPARE(res.runs, 3);
        QCOMPARE(res.images.size(), size_t{8});
        QCOMPARE(cellsSeen, 8);
        QVERIFY(progress.monotone && progress.oneTotal);
        QCOMPARE(progress.total, int64_t{3 * 4});
        QCOMPARE(progress.last, progress.total);
        for (int k = 0; k < 2; ++k)
            QVERIFY(same(res.images[static_cast<size_t>(k)], res.images[static_cast<size_t>(2 + k)]));
        QVERIFY(!same(res.images[0], res.images[1]));  // seeds 11 and 12

        SampleRequest single = base();
        single.numSamples = 2;
        single.guidance.targetClass = 3;
        single.guidance.scale = 2.0;
        NullProgress none;
        const SampleResult one = runSample(single, none);
        for (int k = 0; k < 2; ++k)
            QVERIFY(same(res.images[static_cast<size_t>(6 + k)], one.guided.images[static_cast<size_t>(k)]));
        single.withBaseline = true;
        const SampleResult withBase = runSample(single, none);
        QVERIFY(same(res.images[0], withBase.baseline.images[0]));

        const std::string png = m_dir.filePath("grid.png").toStdString();
        writeSweepGrid(res, png);
        const cv::Mat grid = cv::imread(png, cv::IMREAD_UNCHANGED);
        QVERIFY(!grid.empty());
        QVERIFY(grid.cols > 4 * 64 && grid.rows > 2 * 64);
        std::string meta;
        for (const auto& [k, v] : io::readPngTextFile(png))
            if (k == "minoritylens") meta = v;
        const auto j = nlohmann::json::parse(meta);
        QCOMPARE(j.at("sweep").at("spec").get<std::string>(), formatSweepSpec(spec));
        QCOMPARE(j.at("sweep").at("runs").get<int>(), 3);
        QCOMPARE(j.at("seed").get<uint64_t>(), uint64_t{11});
        QVERIFY(!j.at("guidance").contains("target_class"));

        Count none2;
        const int64_t before = none2.last;
        QVERIFY_THROWS_EXCEPTION(Error,
                                 runSweep(session, base(), parseSweepSpec("classes=0,12,scales=1"), none2));
        QCOMPARE(none2.last, before);  // refused before the first run
        QVERIFY_THROWS_EXCEPTION(Error,
                                 writeSweepGrid(SweepResult{}, m_dir.filePath("empty.png").toStdString()));
        QVERIFY(!QFile::exists(m_dir.filePath("empty.png")));
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "test_sweep.moc"
