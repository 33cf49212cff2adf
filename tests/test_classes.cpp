// Ordinal classes follow the official construct_ms_dataset.py bit for bit (reference computed with
// torch.quantile and its labelling loop), the suggestion keeps enough images per class, and the
// per-label variant thresholds within each label.
#include <torch/torch.h>
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <random>

#include "engine/api/classes.h"
#include "engine/api/error.h"
#include "tests/support/test_support.h"

using namespace mlens;

namespace {

// The rule as the official code runs it: torch.quantile per level, then the labelling loop.
std::vector<float> torchThresholds(const std::vector<float>& scores, int L) {
    const torch::Tensor s = torch::tensor(scores, torch::kFloat32);
    std::vector<float> q;
    for (int i = 0; i < L; ++i)
        q.push_back(torch::quantile(s, 1.0 / L * (i + 1)).item<float>());
    return q;
}

// The suggestion as it was first written: torch.quantile (all levels in one call) for every L.
int bruteForceSuggestion(const std::vector<float>& scores, int minPerClass) {
    const torch::Tensor s = torch::tensor(scores, torch::kFloat32);
    const int upper = std::min<int>(100, static_cast<int>(scores.size() / static_cast<size_t>(minPerClass)));
    for (int l = upper; l >= 2; --l) {
        std::vector<float> levels;
        for (int i = 0; i < l; ++i)
            levels.push_back(static_cast<float>(1.0 / l * (i + 1)));
        const torch::Tensor qt = torch::quantile(s, torch::tensor(levels, torch::kFloat32)).contiguous();
        const std::vector<float> q(qt.data_ptr<float>(), qt.data_ptr<float>() + l);
        std::vector<int64_t> counts(static_cast<size_t>(l), 0);
        for (float v : scores)
            ++counts[static_cast<size_t>(ordinalClass(q, v))];
        if (*std::min_element(counts.begin(), counts.end()) >= minPerClass) return l;
    }
    return 2;
}

std::vector<float> randomScores(size_t n, int kind, uint32_t seed) {
    std::mt19937 gen(seed);
    std::exponential_distribution<float> heavy(0.5f);
    std::uniform_real_distribution<float> uniform(0.0f, 3.0f);
    std::uniform_int_distribution<int> few(0, 6);
    std::vector<float> s(n);
    for (float& v : s)
        v = kind == 0   ? uniform(gen)
            : kind == 1 ? heavy(gen) * heavy(gen)
                        : 0.25f * static_cast<float>(few(gen));
    return s;
}

}  // namespace

class TestClasses : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesTheOfficialRule() {
        std::ifstream in(mlens::test::testData("classes_reference.json"));
        const auto ref = nlohmann::json::parse(in);
        const auto scores = ref.at("scores").get<std::vector<float>>();
        int cases = 0;
        for (const auto& c : ref.at("cases")) {
            const int L = c.at("L");
            const auto q = quantileThresholds(scores, L);
            QCOMPARE(q, c.at("thresholds").get<std::vector<float>>());
            const auto labels = c.at("labels").get<std::vector<int>>();
            for (size_t i = 0; i < scores.size(); ++i)
                QVERIFY2(ordinalClass(q, scores[i]) == labels[i],
                         qPrintable(QString("L=%1 image %2").arg(L).arg(i)));
            ++cases;
        }
        QCOMPARE(cases, 5);
    }

    // One sort for every L, torch's float32 arithmetic by hand: the same thresholds as torch.quantile,
    // bit for bit, on uniform, heavy-tailed and heavily tied scores of many sizes.
    void thresholdsEqualTorchQuantile() {
        int cases = 0;
        for (size_t n :
             {size_t(1), size_t(2), size_t(3), size_t(7), size_t(100), size_t(1001), size_t(65537)})
            for (int kind = 0; kind < 3; ++kind) {
                const auto s =
                    randomScores(n, kind, static_cast<uint32_t>(n * 3 + static_cast<size_t>(kind)));
                for (int L : {1, 2, 3, 7, 10, 33, 64, 100}) {
                    const auto mine = quantileThresholds(s, L), ref = torchThresholds(s, L);
                    for (size_t i = 0; i < ref.size(); ++i)
                        QVERIFY2(mine[i] == ref[i] || (std::isnan(mine[i]) && std::isnan(ref[i])),
                                 qPrintable(QString("n=%1 kind=%2 L=%3 i=%4: %5 vs %6")
                                                .arg(n)
                                                .arg(kind)
                                                .arg(L)
                                                .arg(i)
                                                .arg(double(mine[i]), 0, 'g', 9)
                                                .arg(double(ref[i]), 0, 'g', 9)));
                    ++cases;
                }
            }
        QCOMPARE(cases, 7 * 3 * 8);
        QVERIFY_THROWS_EXCEPTION(Error, quantileThresholds({1.0f, NAN, 2.0f}, 2));
    }

    void suggestionEqualsTheLabellingLoop() {
        for (int kind = 0; kind < 3; ++kind)
            for (int minPerClass : {1, 30, 100, 500})
                for (size_t n : {size_t(90), size_t(2500), size_t(20011)}) {
                    const auto s = randomScores(
                        n, kind, static_cast<uint32_t>(n + 17 * static_cast<size_t>(minPerClass)));
                    QCOMPARE(suggestNumClasses(s, minPerClass), bruteForceSuggestion(s, minPerClass));
                }
    }

    void rarestIsTheLastClass() {
        const std::vector<float> s = {0.1f, 0.2f, 0.3f, 0.4f, 5.0f};
        const auto q = quantileThresholds(s, 4);
        QCOMPARE(ordinalClass(q, 5.0f), 3);
        QCOMPARE(ordinalClass(q, 0.1f), 0);
        QCOMPARE(ordinalClass(q, 99.0f), 3);  // above every threshold: still the rarest class
    }

    void suggestionKeepsAHundredPerClass() {
        std::vector<float> s;
        for (int i = 0; i < 1000; ++i)
            s.push_back(static_cast<float>(i));
        QCOMPARE(suggestNumClasses(s), 10);
        QCOMPARE(suggestNumClasses(std::vector<float>(s.begin(), s.begin() + 250)), 2);
        QCOMPARE(suggestNumClasses(std::vector<float>(s.begin(), s.begin() + 150)),
                 2);  // too few: the minimum
        s.resize(20000);
        for (int i = 1000; i < 20000; ++i)
            s[static_cast<size_t>(i)] = static_cast<float>(i);
        QCOMPARE(suggestNumClasses(s), 100);  // capped at the official default
    }

    void workspaceRoundTripAndPerLabel() {
        QTemporaryDir dir;
        const std::string ws = dir.path().toStdString();
        std::ofstream(ws + "/scores.csv") << "path,score,d0,label\n"
                                             "a.png,1,1,x\nb.png,2,2,x\nc.png,3,3,x\nd.png,4,4,x\n"
                                             "e.png,10,10,y\nf.png,20,20,y\ng.png,30,30,y\nh.png,40,40,y\n";
        ClassesRequest r;
        r.workspace = ws;
        r.numClasses = 2;
        ClassesResult global = runClasses(r);
        QCOMPARE(global.counts, (std::vector<int64_t>{4, 4}));
        r.perLabel = true;
        ClassesResult local = runClasses(r);
        QCOMPARE(local.labelThresholds.at("x"), (std::vector<double>{2.5, 4}));
        QCOMPARE(local.labelThresholds.at("y"), (std::vector<double>{25, 40}));
        std::ifstream in(ws + "/classes.csv");
        std::string line, all;
        while (std::getline(in, line))
            all += line + "\n";
        QVERIFY2(
            all.find("a.png,1,0,x\n") != std::string::npos && all.find("h.png,40,1,y\n") != std::string::npos,
            all.c_str());
        r.numClasses = 9;
        QVERIFY_THROWS_EXCEPTION(Error, runClasses(r));
    }
};

QTEST_APPLESS_MAIN(TestClasses)
#include "test_classes.moc"
