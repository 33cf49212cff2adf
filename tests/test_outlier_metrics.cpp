// Outlier metrics reproduce scikit-learn / PyOD / the reference implementations on
// outlier_metrics_io.pt (float64, within 1e-6 relative), and the blockwise kNN is exact.
#include <torch/torch.h>
#include <QtTest/QtTest>

#include "engine/io/checkpoint.h"
#include "engine/io/torch_tensors.h"
#include "engine/metrics/feature_extractor.h"
#include "engine/metrics/knn.h"
#include "engine/metrics/outliers.h"
#include "engine/models/resnet.h"
#include "engine/models/state_dict.h"
#include "tests/support/test_support.h"
#include "tests/support/torch_testing.h"

using namespace mlens;

class TestOutlierMetrics : public QObject {
    Q_OBJECT
    io::StateDict m_ref;
    torch::Tensor ref(const std::string& k) const { return io::requireTensor(m_ref, k); }
    void expectClose(const torch::Tensor& got, const std::string& key) {
        const torch::Tensor want = ref(key).to(torch::kFloat64);
        const double err = ((got - want).abs() / want.abs().clamp_min(1e-300)).max().item<double>();
        qInfo("%s: max relative error %.2e", key.c_str(), err);
        QVERIFY2(err <= 1e-6, qPrintable(QString("%1: %2").arg(QString::fromStdString(key)).arg(err)));
    }

private Q_SLOTS:
    void initTestCase() { m_ref = io::loadTensorFile(mlens::test::fixture("adm/outlier_metrics_io.pt")); }

    void matchesTheReference() {
        const metrics::RealReference real(ref("real"), 20);
        expectClose(real.avgKnn(5), "avgknn5_in");
        expectClose(real.lof(20), "lof20_in");
        expectClose(real.avgKnn(ref("fake"), 5), "avgknn5_out");
        expectClose(real.lof(ref("fake"), 20), "lof20_out");
        const torch::Tensor rarity = real.rarity(ref("fake"), 3);
        const torch::Tensor want = ref("rarity3");
        QVERIFY(rarity.eq(0).equal(want.eq(0)));  // the same samples lie outside every ball
        QVERIFY((rarity - want).abs().max().item<double>() <= 1e-6 * want.abs().max().item<double>());
        const metrics::PrecisionRecall pr = metrics::precisionRecall(ref("real"), ref("fake"), 3);
        QCOMPARE(pr.precision, ref("precision3").item<double>());
        QCOMPARE(pr.recall, ref("recall3").item<double>());
    }

    void blocksDoNotChangeTheAnswer() {
        const torch::Tensor real = ref("real"), fake = ref("fake");
        const auto whole = metrics::kNearest(fake, real, 7, false, nullptr, 4096, 4096);
        const auto small = metrics::kNearest(fake, real, 7, false, nullptr, 13, 37);
        QVERIFY(whole.indices.equal(small.indices));
        QVERIFY((whole.distances - small.distances).abs().max().item<double>() < 1e-12);
        // brute force check of one row
        const torch::Tensor d = (real - fake[5]).pow(2).sum(1).sqrt();
        QVERIFY(std::get<1>(d.sort()).narrow(0, 0, 7).equal(whole.indices[5]));
    }

    void resnet50Features() {
        // torchvision names, float16 weights into float32, global-average-pooled layer4 output
        models::ResNet50 net;
        const auto report = models::loadWeights(
            *net, io::Checkpoint::open(mlens::test::fixture("adm/resnet50_random_fp16.pt")), true, true);
        QVERIFY(report.converted > 0);
        net->eval();
        torch::NoGradGuard g;
        const io::StateDict io = io::loadTensorFile(mlens::test::fixture("adm/resnet50_io.pt"));
        const double err = mlens::test::relError(net->features(io::requireTensor(io, "x")),
                                                 io::requireTensor(io, "features"));
        qInfo("resnet50 features: relative error %.2e", err);
        QVERIFY2(err < 1e-4, qPrintable(QString("relative error %1").arg(err)));
        // the extractor with random weights is deterministic in its seed
        metrics::FeatureExtractor a("", 0, 64, torch::kCPU), b("", 0, 64, torch::kCPU),
            c("", 1, 64, torch::kCPU);
        const torch::Tensor img = torch::rand({2, 1, 32, 32}) * 2 - 1;
        QVERIFY(a.features(img).equal(b.features(img)));
        QVERIFY(!a.features(img).equal(c.features(img)));
        QCOMPARE(a.features(img).sizes().vec(), (std::vector<int64_t>{2, 2048}));
    }

    void duplicatesAndTies() {
        // Duplicate reals are each other's neighbours at distance 0; a point is never its own.
        torch::Tensor x = torch::tensor({0.0, 0.0, 1.0, 3.0, 7.0}, torch::kFloat64).view({5, 1});
        const auto nn = metrics::kNearest(x, x, 2, true);
        QCOMPARE(nn.indices[0][0].item<int64_t>(), int64_t(1));
        QCOMPARE(nn.indices[1][0].item<int64_t>(), int64_t(0));
        QCOMPARE(nn.distances[0][0].item<double>(), 0.0);
        // ties are broken by the lower index: 1.0 is 1 away from both 0.0 duplicates
        QVERIFY(nn.indices[2].equal(torch::tensor({0, 1}, torch::kInt64)));
    }
};

QTEST_APPLESS_MAIN(TestOutlierMetrics)
#include "test_outlier_metrics.moc"
