// Synthetic data with ground truth: deterministic, with the promised long-tailed frequencies, and
// with atrophy that really changes the anatomy.
#include <QtTest/QtTest>

#include <filesystem>

#include <fstream>
#include <opencv2/core.hpp>

#include "engine/api/error.h"
#include "engine/api/synthetic.h"
#include "engine/data/phantom_probe.h"

using namespace mlens;

class TestSynthetic : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void phantomsAreDeterministic() {
        const PhantomParams a = drawPhantomParams(3, 17), b = drawPhantomParams(3, 17),
                            c = drawPhantomParams(4, 17);
        QCOMPARE(a.rotation, b.rotation);
        QVERIFY(a.rotation != c.rotation);
        const Phantom pa = renderPhantom(a, 32), pb = renderPhantom(b, 32);
        QCOMPARE(cv::norm(pa.image, pb.image, cv::NORM_L1), 0.0);
        QVERIFY(cv::norm(pa.image, renderPhantom(c, 32).image, cv::NORM_L1) > 0);
        QCOMPARE(renderPhantom(a, 64).image.size(), cv::Size(64, 64));
        QVERIFY_THROWS_EXCEPTION(Error, renderPhantom(a, 8));
    }

    void attributeFrequencies() {
        const int n = 20000;
        int mild = 0, severe = 0, lesion = 0;
        for (int i = 0; i < n; ++i) {
            const PhantomParams p = drawPhantomParams(0, i);
            mild += p.atrophy == Atrophy::Mild;
            severe += p.atrophy == Atrophy::Severe;
            lesion += p.lesion;
        }
        const double fm = double(mild) / n, fs = double(severe) / n, fl = double(lesion) / n;
        qInfo("mild %.4f, severe %.4f, lesion %.4f", fm, fs, fl);
        // binomial standard deviations at n = 20000: 0.0017, 0.0010, 0.0007
        QVERIFY(std::abs(fm - 0.06) < 0.006);
        QVERIFY(std::abs(fs - 0.02) < 0.004);
        QVERIFY(std::abs(fl - 0.01) < 0.003);
    }

    void atrophyEnlargesTheVentricles() {
        double sum[3] = {0, 0, 0};
        int count[3] = {0, 0, 0};
        for (int i = 0; i < 3000; ++i) {
            PhantomParams p = drawPhantomParams(1, i);
            const int k = static_cast<int>(p.atrophy);
            if (count[k] >= 40) continue;
            sum[k] += renderPhantom(p, 32).ventricleArea;
            ++count[k];
        }
        QVERIFY(count[2] >= 20);
        const double none = sum[0] / count[0], mild = sum[1] / count[1], severe = sum[2] / count[2];
        qInfo("ventricle area fraction: none %.3f, mild %.3f, severe %.3f", none, mild, severe);
        QVERIFY(mild > 1.3 * none);
        QVERIFY(severe > 1.3 * mild);
    }

    // The demo's judge of generated slices: calibrated on one set of phantoms, checked on another.
    // Lesions and severe atrophy are forced on a third and a fifth of the slices so that both classes have
    // enough examples.
    void probeJudgesAtrophyAndLesions() {
        auto measure = [](uint64_t seed, int n, std::vector<data::ProbeFeatures>& f,
                          std::vector<bool>& atrophic, std::vector<bool>& lesioned) {
            for (int i = 0; i < n; ++i) {
                PhantomParams p = drawPhantomParams(seed, i);
                if (i % 3 == 0) p.lesion = true;
                if (i % 5 == 0 && p.atrophy == Atrophy::None) {  // as drawPhantomParams draws a severe case
                    p.atrophy = Atrophy::Severe;
                    p.ventricleScale = 1.85 + 0.25 * (i % 7) / 6.0;
                    p.sulcusWidth = 3.0 + 0.6 * (i % 11) / 10.0;
                    p.brainScale = 0.9 + 0.03 * (i % 13) / 12.0;
                }
                f.push_back(data::measureSlice(renderPhantom(p, 32).image));
                atrophic.push_back(p.atrophy != Atrophy::None);
                lesioned.push_back(p.lesion);
            }
        };
        std::vector<data::ProbeFeatures> fa, fb;
        std::vector<bool> aa, la, ab, lb;
        measure(5, 900, fa, aa, la);
        measure(6, 900, fb, ab, lb);
        const data::ProbeCalibration c = data::calibrateProbe(fa, aa, la);
        QVERIFY(c.atrophySpecificity >= 0.98 && c.lesionSpecificity >= 0.98);
        double tpA = 0, posA = 0, fpA = 0, negA = 0, fpL = 0, negL = 0, tpL = 0, posL = 0;
        for (size_t i = 0; i < fb.size(); ++i) {
            const bool a = data::looksAtrophic(fb[i], c), l = data::looksLesioned(fb[i], c);
            (ab[i] ? posA : negA) += 1;
            (ab[i] ? tpA : fpA) += a;
            (lb[i] ? posL : negL) += 1;
            (lb[i] ? tpL : fpL) += l;
        }
        qInfo(
            "held out: atrophy sensitivity %.3f, false positives %.3f; lesion sensitivity %.3f, false "
            "positives %.3f",
            tpA / posA, fpA / negA, tpL / posL, fpL / negL);
        QVERIFY(tpA / posA > 0.9);
        QVERIFY(fpA / negA < 0.05);
        QVERIFY(fpL / negL < 0.05);
        QVERIFY(tpL / posL > 3 * (fpL / negL));  // weak at 32 px (a lesion is 2x2 pixels) but real
    }

    void datasetsOnDisk() {
        QTemporaryDir dir;
        NullProgress p;
        SyntheticRequest r;
        r.outDir = dir.filePath("brain").toStdString();
        r.count = 50;
        const SyntheticResult res = runSynthetic(r, p);
        QCOMPARE(res.images, int64_t(50));
        QVERIFY(std::filesystem::exists(r.outDir + "/phantom_000049.png"));
        std::ifstream in(res.attributesCsv);
        std::string header;
        std::getline(in, header);
        QCOMPARE(header, std::string("path,atrophy,lesion,ventricle_area,brain_area"));
        QVERIFY_THROWS_EXCEPTION(Error, runSynthetic(r, p));  // not empty any more: nothing is overwritten

        SyntheticRequest s;
        s.kind = SyntheticKind::Shapes;
        s.outDir = dir.filePath("shapes").toStdString();
        s.count = 1240;
        const SyntheticResult sres = runSynthetic(s, p);
        QCOMPARE(sres.classCounts.size(), size_t(10));
        int64_t total = 0;
        for (auto c : sres.classCounts)
            total += c;
        QCOMPARE(total, int64_t(1240));
        QVERIFY(sres.classCounts[0] >= 95 * sres.classCounts[9] &&
                sres.classCounts[0] <= 105 * sres.classCounts[9]);  // imbalance 0.01
        QVERIFY(std::filesystem::exists(sres.labelsCsv));
    }
};

QTEST_APPLESS_MAIN(TestSynthetic)
#include "test_synthetic.moc"
