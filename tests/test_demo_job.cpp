// The offline demo job, shrunk by its overrides: it writes the promised report and summary with
// sane values, applies its plan (t = 150, ten classes) unless told otherwise, reports calibrate-t's
// choice against the ground truth, and refuses bad input without touching anything.
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>

#include "engine/api/demo.h"
#include "engine/api/error.h"
#include "engine/api/progress.h"
#include "engine/core/csv.h"
#include "support/test_support.h"

using namespace mlens;
namespace fs = std::filesystem;

namespace {
std::string bundledBackbone() {
    const std::string path = test::sourceDir() + "/resources/demo/phantom_backbone.safetensors";
    if (!fs::exists(path)) throw std::runtime_error("the bundled demo backbone is missing: " + path);
    return path;
}
}  // namespace

class TestDemoJob : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    DemoRequest small(const std::string& folder) const {
        DemoRequest req;
        req.outDir = (fs::path(m_dir.path().toStdString()) / folder).string();
        req.backbone = bundledBackbone();
        req.phantoms = 300;
        req.iterations = 30;
        req.samples = 8;
        req.respacing = "10";
        req.draws = 2;  // scoring and choosing t dominate this test's time
        return req;
    }
    nlohmann::json m_straight;  // the uninterrupted run's summary

private Q_SLOTS:
    void writesReportAndSummary() {
        const DemoRequest req = small("demo");
        NullProgress progress;
        const DemoResult res = runDemo(req, progress);
        QCOMPARE(res.phantoms, int64_t{300});
        QCOMPARE(res.samples, int64_t{8});
        QCOMPARE(res.numClasses, 10);  // the plan's L, not the suggested one (3 for 300 images)
        QCOMPARE(res.targetClass, 9);
        for (const char* f :
             {"report/ranked_gallery.png", "report/baseline_vs_guided.png", "report/score_histogram.png",
              "workspace/scores.csv", "workspace/classes.csv", "workspace/classifier/classifier.safetensors",
              "workspace/evaluation/metrics.csv", "phantoms/attributes.csv"})
            QVERIFY2(fs::exists(fs::path(req.outDir) / f), f);
        std::ifstream in(res.summaryJson);
        const nlohmann::json s = nlohmann::json::parse(in);
        m_straight = s;
        // The probe's verdicts (report/probe.csv) and the evaluation's per-sample rarity
        // (workspace/evaluation/metrics.csv) add up to the summary's fractions: on the manifold means
        // inside some real k-NN ball (rarity > 0), and every rare-looking sample is on it or counted off it.
        std::map<std::string, std::vector<bool>> inside;
        std::vector<std::string> header;
        for (const auto& r :
             readCsvFile((fs::path(req.outDir) / "workspace/evaluation/metrics.csv").string(), &header))
            if (r.at(0) != "real") inside[r.at(0)].push_back(!r.at(4).empty() && std::stod(r.at(4)) > 0);
        std::map<std::string, int> rare, on, rareOn, rareOff;
        for (const auto& r : readCsvFile((fs::path(req.outDir) / "report/probe.csv").string(), &header)) {
            const bool isRare = r.at(2) == "1", isOn = r.at(3) == "1";
            QCOMPARE(isOn, bool(inside.at(r.at(0)).at(std::stoul(r.at(1)))));
            rare[r.at(0)] += isRare;
            on[r.at(0)] += isOn;
            rareOn[r.at(0)] += isRare && isOn;
            rareOff[r.at(0)] += isRare && !isOn;
        }
        for (const std::string set : {"baseline", "guided"}) {
            QCOMPARE(s.at("rare_fraction_" + set).get<double>(), rare[set] / 8.0);
            QCOMPARE(s.at("on_manifold_" + set).get<int>(), on[set]);
            QCOMPARE(s.at("rare_off_manifold_" + set).get<int>(), rareOff[set]);
            QCOMPARE(s.at("rare_fraction_on_manifold_" + set).get<double>(),
                     on[set] > 0 ? static_cast<double>(rareOn[set]) / on[set] : 0.0);
        }
        QCOMPARE(s.at("score_t").get<int>(), 150);
        QCOMPARE(res.scoreT, 150);
        // calibrate-t's table, each candidate with its AUROC on the ground truth; it recommends the
        // candidate whose top 10 % shares most with AvgkNN's.
        const auto& table = s.at("t_calibration").at("candidates");
        QCOMPARE(table.size(), size_t{6});
        QCOMPARE(table.size(), res.tCalibration.size());
        int best = 0;
        double bestTail = -1;
        for (const auto& row : table) {
            if (row.at("tail").get<double>() > bestTail) {
                bestTail = row.at("tail").get<double>();
                best = row.at("t").get<int>();
            }
            QVERIFY(row.at("auroc").get<double>() >
                    0.5);  // every candidate ranks the ground truth above chance
        }
        QCOMPARE(s.at("t_calibration").at("recommended").get<int>(), best);
        {  // the calibration used the demo's score settings: at t = 150 its scores are the workspace's
            std::ifstream calIn((fs::path(req.outDir) / "workspace/calibration/calibration.json").string());
            const nlohmann::json cal = nlohmann::json::parse(calIn);
            std::map<std::string, double> ws;
            std::vector<std::string> h;
            for (const auto& row : readCsvFile((fs::path(req.outDir) / "workspace/scores.csv").string(), &h))
                ws[row.at(0)] = std::stod(row.at(1));
            const auto items = cal.at("items").get<std::vector<std::string>>();
            const auto at150 = cal.at("scores").at("150").get<std::vector<double>>();
            QCOMPARE(items.size(), size_t{300});
            for (size_t i = 0; i < items.size(); ++i)
                QVERIFY2(std::abs(at150[i] - ws.at(items[i])) <= 1e-5 * ws.at(items[i]), items[i].c_str());
        }
        QVERIFY(fs::exists(fs::path(req.outDir) / "report/t_calibration.png"));
        // Even this small run ranks atrophy high: the score separates the ground truth far above chance.
        QVERIFY2(s.at("auroc_minority_score").get<double>() > 0.85, s.dump().c_str());
        QCOMPARE(s.at("probe").at("atrophy_specificity").get<double>() >= 0.98, true);
        // The evaluation scores the sets at the demo's t: the real set's mean minority score there
        // matches the workspace's (other noise draws); at the official t = 605 it would be ~10x larger.
        std::ifstream evalIn((fs::path(req.outDir) / "workspace/evaluation/summary.json").string());
        const nlohmann::json eval = nlohmann::json::parse(evalIn);
        double evalMean = -1;
        for (const auto& set : eval.at("sets"))
            if (set.at("name") == "real") evalMean = set.at("minority").at("mean").get<double>();
        double sum = 0;
        int n = 0;
        for (const auto& row :
             readCsvFile((fs::path(req.outDir) / "workspace/scores.csv").string(), &header)) {
            sum += std::stod(row.at(1));  // path,score,d0,...
            ++n;
        }
        const double wsMean = sum / n;
        qInfo("real minority score mean: workspace %.5f, evaluation %.5f", wsMean, evalMean);
        QVERIFY(evalMean > 0.8 * wsMean && evalMean < 1.25 * wsMean);
    }

    // Interrupted in the middle of the classifier's training (as the GUI is by SIGTERM) and started
    // again with resume: the finished stages are kept and the results equal the uninterrupted run's.
    void anInterruptedDemoResumes() {
        QVERIFY2(!m_straight.is_null(), "needs writesReportAndSummary");
        DemoRequest req = small("interrupted");
        test::CancelAtStep cancel("training classifier", 12);
        QVERIFY_THROWS_EXCEPTION(Cancelled, runDemo(req, cancel));
        const fs::path out(req.outDir);
        QVERIFY(fs::exists(out / "workspace/classifier/training_state.safetensors"));
        QVERIFY_THROWS_EXCEPTION(Error, runDemo(req, cancel));  // not empty, no resume: refused
        const auto phantomTime = fs::last_write_time(out / "phantoms/phantom_000000.png");
        DemoRequest other = req;
        other.resume = true;
        other.scale = 5;  // other settings: refused, nothing touched
        QVERIFY_THROWS_EXCEPTION(Error, runDemo(other, cancel));
        req.resume = true;
        NullProgress progress;
        const DemoResult res = runDemo(req, progress);
        QCOMPARE(fs::last_write_time(out / "phantoms/phantom_000000.png"), phantomTime);  // kept
        std::ifstream in(res.summaryJson);
        const nlohmann::json s = nlohmann::json::parse(in);
        for (const char* key : {"auroc_minority_score", "classifier_val_loss", "classifier_val_top1",
                                "rare_fraction_baseline", "rare_fraction_guided", "phantoms", "lesions"})
            QVERIFY2(s.at(key) == m_straight.at(key),
                     qPrintable(QString("%1: %2 resumed vs %3 straight")
                                    .arg(key, QString::fromStdString(s.at(key).dump()),
                                         QString::fromStdString(m_straight.at(key).dump()))));
        // a folder that holds no demo is not "resumed" into
        const fs::path used = fs::path(m_dir.path().toStdString()) / "not_a_demo";
        fs::create_directories(used);
        std::ofstream(used / "keep.txt") << "user data";
        DemoRequest wrong = small("not_a_demo");
        wrong.resume = true;
        QVERIFY_THROWS_EXCEPTION(Error, runDemo(wrong, progress));
        QCOMPARE(static_cast<int>(std::distance(fs::directory_iterator(used), fs::directory_iterator())), 1);
    }

    void refusesBadInput() {
        NullProgress progress;
        DemoRequest req;
        req.backbone = bundledBackbone();
        QVERIFY_THROWS_EXCEPTION(Error, runDemo(req, progress));  // no output folder
        const fs::path used = fs::path(m_dir.path().toStdString()) / "used";
        fs::create_directories(used);
        std::ofstream(used / "keep.txt") << "user data";
        req.outDir = used.string();
        QVERIFY_THROWS_EXCEPTION(Error, runDemo(req, progress));  // not empty
        QCOMPARE(static_cast<int>(std::distance(fs::directory_iterator(used), fs::directory_iterator())), 1);
        req.outDir = (fs::path(m_dir.path().toStdString()) / "fresh").string();
        req.backbone = (fs::path(m_dir.path().toStdString()) / "missing.safetensors").string();
        QVERIFY_THROWS_EXCEPTION(Error, runDemo(req, progress));
        QVERIFY(!fs::exists(req.outDir));
    }
};

QTEST_GUILESS_MAIN(TestDemoJob)
#include "test_demo_job.moc"
