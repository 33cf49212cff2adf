// fit-hardness / hardness / evaluate's hardness (api/hardness.h) on long-tailed labelled shapes with
// the fixture classifier: held-out images are assigned to their own class well above the majority
// share, an image under its label is never easier than under its best class, steps pick their
// Gaussians, reruns are identical, the real set is cross-fitted in `evaluate`, and bad input is
// refused with one line.
#include <QtTest/QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "engine/api/error.h"
#include "engine/api/evaluation.h"
#include "engine/api/hardness.h"
#include "engine/api/progress.h"
#include "engine/api/statistics.h"
#include "engine/api/synthetic.h"
#include "engine/core/csv.h"
#include "support/test_support.h"

using namespace mlens;
namespace fs = std::filesystem;

class TestHardnessJob : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string m_train, m_held, m_brain, m_model;
    std::map<std::string, std::string> m_heldLabels;
    std::string path(const std::string& name) const {
        return (fs::path(m_dir.path().toStdString()) / name).string();
    }
    static std::string classifier() { return test::fixture("adm/classifier_rgb32.pt"); }

    FitHardnessRequest fitRequest(const std::string& out) const {
        FitHardnessRequest req;
        req.data.path = m_train;
        req.data.labels = LabelSource::Csv;
        req.data.labelsCsv = m_train + "/labels.csv";
        req.classifier = classifier();
        req.classifierConfig = test::fixture("adm/classifier_rgb32.json");
        req.t = {0, 500};
        req.out = out;
        return req;
    }
    HardnessResult score(const std::string& data, bool labelled, int t = -1) const {
        HardnessRequest req;
        req.model = m_model;
        req.data = data;
        if (labelled) {
            req.images.labels = LabelSource::Csv;
            req.images.labelsCsv = data + "/labels.csv";
        }
        req.t = t;
        NullProgress none;
        return runHardness(req, none);
    }
    template <class F>
    static QString errorOf(F&& f) {
        try {
            f();
        } catch (const Error& e) {
            return QString::fromStdString(e.what());
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        NullProgress none;
        for (auto [dir, seed, kind, count] : {std::tuple{&m_train, 0, SyntheticKind::Shapes, 300},
                                              std::tuple{&m_held, 1, SyntheticKind::Shapes, 300},
                                              std::tuple{&m_brain, 0, SyntheticKind::Brain, 40}}) {
            SyntheticRequest s;
            s.kind = kind;
            s.count = count;
            s.seed = static_cast<uint64_t>(seed);
            *dir = s.outDir = path(kind == SyntheticKind::Brain ? "brain" : "shapes" + std::to_string(seed));
            runSynthetic(s, none);
        }
        std::vector<std::string> header;
        for (const auto& row : readCsvFile(m_held + "/labels.csv", &header))
            m_heldLabels[row.at(0)] = row.at(1);
        m_model = path("h.safetensors");
        const HardnessModelInfo info = runFitHardness(fitRequest(m_model), none);
        QCOMPARE(info.t, (std::vector<int>{0, 500}));
        QCOMPARE(info.classes.size(), size_t{10});
        QCOMPARE(info.shrinkageRule, std::string("oas"));
        QVERIFY(info.classes.back().pooled == (info.classes.back().count == 1));
        QCOMPARE(readHardnessModel(m_model).classifierSha256, info.classifierSha256);
    }

    void heldOutImagesFindTheirClass() {
        const HardnessResult best = score(m_held, false);
        QCOMPARE(best.hardness.size(), size_t{300});
        QCOMPARE(best.t, 0);
        std::map<std::string, int> perLabel;
        int right = 0;
        for (size_t i = 0; i < best.names.size(); ++i) {
            const std::string& label = m_heldLabels.at(best.names[i]);
            right += best.classes[i] == label;
            ++perLabel[label];
        }
        int majority = 0;
        for (const auto& [l, n] : perLabel)
            majority = std::max(majority, n);
        qInfo("held-out shapes under their best class: %d / 300 right (majority class: %d)", right, majority);
        QVERIFY(right > majority + 30);

        // Under its own label an image is at least as hard as under its best class, harder where they differ.
        const HardnessResult own = score(m_held, true);
        int harder = 0;
        for (size_t i = 0; i < own.names.size(); ++i) {
            QCOMPARE(own.names[i], best.names[i]);
            QCOMPARE(own.classes[i], m_heldLabels.at(own.names[i]));
            QVERIFY(own.hardness[i] >= best.hardness[i] - 1e-9);
            harder += own.hardness[i] > best.hardness[i] + 1e-9;
        }
        QCOMPARE(harder, 300 - right);
    }

    void stepsPickTheirGaussiansAndRerunsAgree() {
        const HardnessResult a = score(m_held, false, 480), b = score(m_held, false, 480),
                             c = score(m_held, false, 0);
        QCOMPARE(a.t, 500);
        QCOMPARE(a.hardness, b.hardness);  // the noise of x_t comes from each image's name
        QVERIFY(a.hardness != c.hardness);
    }

    void evaluateCrossFitsTheRealSet() {
        EvaluateRequest req;
        req.real.path = m_train;
        req.real.labels = LabelSource::Csv;
        req.real.labelsCsv = m_train + "/labels.csv";
        req.fakes = {"held=" + m_held, "brain=" + m_brain};
        req.features.classifier = classifier();
        req.outDir = path("eval");
        NullProgress none;
        const EvaluateResult r = runEvaluate(req, none);
        QVERIFY(fs::exists(req.outDir + "/hardness_density.png"));
        std::vector<std::string> header;
        const auto rows = readCsvFile(r.metricsCsv, &header);
        QCOMPARE(header.back(), std::string("hardness"));
        std::map<std::string, std::vector<double>> h;
        for (const auto& row : rows)
            h[row.at(0)].push_back(std::stod(row.back()));
        QCOMPARE(h["real"].size(), size_t{300});
        const double real = quantile(h["real"], 0.5), held = quantile(h["held"], 0.5),
                     brain = quantile(h["brain"], 0.5);
        qInfo("median hardness: real (cross-fitted) %.2f, held-out shapes %.2f, brain phantoms %.2f", real,
              held, brain);
        QVERIFY(brain > quantile(h["held"], 0.9));  // another kind of image is far out
        // Scored in-sample, the reals would lie below nearly every held-out image.
        QVERIFY(real > quantile(h["held"], 0.25));
        QVERIFY(r.sets[1].metrics.count("hardness"));
    }

    void badInputIsRefusedWithOneLine() {
        NullProgress none;
        FitHardnessRequest unlabelled = fitRequest(path("u.safetensors"));
        unlabelled.data.labels = LabelSource::None;
        QVERIFY(errorOf([&] { runFitHardness(unlabelled, none); }).contains("needs labels"));
        QVERIFY(errorOf([&] {
                    runFitHardness(fitRequest(m_train + "/h.safetensors"), none);
                }).contains("dataset"));
        FitHardnessRequest late = fitRequest(path("l.safetensors"));
        late.t = {0, 1000};
        QVERIFY(errorOf([&] { runFitHardness(late, none); }).contains("outside"));
        QVERIFY(!fs::exists(path("u.safetensors")) && !fs::exists(path("l.safetensors")));

        // A model whose classifier changed afterwards is refused, not silently misapplied.
        const std::string copy = path("clf.pt");
        fs::copy_file(classifier(), copy);
        FitHardnessRequest own = fitRequest(path("own.safetensors"));
        own.classifier = copy;
        own.t = {0};
        runFitHardness(own, none);
        std::ofstream(copy, std::ios::app) << "x";
        HardnessRequest req;
        req.model = own.out;
        req.data = m_held;
        const QString changed = errorOf([&] { runHardness(req, none); });
        QVERIFY2(changed.contains("changed since"), qPrintable(changed));
        req.model = m_held + "/labels.csv";
        QVERIFY(!errorOf([&] { runHardness(req, none); }).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHardnessJob)
#include "test_hardness_job.moc"
