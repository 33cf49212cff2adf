// Ordinal classes follow the official construct_ms_dataset.py bit for bit (reference computed with
// torch.quantile and its labelling loop), the suggestion keeps enough images per class, and the
// per-label variant thresholds within each label.
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <fstream>

#include "engine/api/classes.h"
#include "engine/api/error.h"
#include "tests/support/test_support.h"

using namespace mlens;

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
