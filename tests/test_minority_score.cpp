// The minority score's ingredients reproduce the reference: q_sample at the official t, the clipped
// Tweedie reconstruction of unet_rgb32, and the L2, L1, LPIPS-Alex and LPIPS-VGG distances.
#include <torch/torch.h>
#include <QtTest/QtTest>

#include "engine/api/error.h"
#include "engine/diffusion/gaussian_diffusion.h"
#include "engine/io/torch_tensors.h"
#include "engine/minority/distance.h"
#include "engine/minority/minority_score.h"
#include "engine/models/model_loader.h"
#include "tests/support/test_support.h"
#include "tests/support/torch_testing.h"

using namespace mlens;
using mlens::test::fixture;

class TestMinorityScore : public QObject {
    Q_OBJECT
    io::StateDict m_ref;
    torch::Tensor ref(const std::string& k) const { return io::requireTensor(m_ref, k); }
    void expectClose(const torch::Tensor& got, const std::string& key, double tol) {
        const double err = mlens::test::relError(got, ref(key));
        qInfo("%s: relative error %.2e", key.c_str(), err);
        QVERIFY2(err <= tol, qPrintable(QString::fromStdString(mlens::test::describeError(key, err, tol))));
    }

private Q_SLOTS:
    void initTestCase() { m_ref = io::loadTensorFile(fixture("adm/minority_score_io.pt")); }

    void forwardAndTweedieAtTheOfficialStep() {
        const auto diff = diffusion::GaussianDiffusion::create(diffusion::ScheduleKind::Linear, 1000, "100",
                                                               diffusion::VarianceType::LearnedRange);
        const torch::Tensor t = ref("t_respaced_100");
        QCOMPARE(t[0].item<int64_t>(), int64_t(60));
        QVERIFY(diff.originalSteps(t).equal(ref("t_original")));
        QCOMPARE(ref("t_original")[0].item<int64_t>(), int64_t(605));
        const torch::Tensor xt = diff.qSample(ref("x0"), t, ref("noise"));
        expectClose(xt, "x_t", 1e-5);
        models::LoadedAdm m = models::loadAdm(fixture("adm/unet_rgb32.pt"), fixture("adm/unet_rgb32.json"),
                                              torch::kCPU, models::AdmKind::UNet, "backbone");
        torch::NoGradGuard g;
        const torch::Tensor eps = m.unet->forward(ref("x_t"), diff.originalSteps(t)).narrow(1, 0, 3);
        expectClose(diff.predictXstartFromEps(ref("x_t"), t, eps).clamp(-1, 1), "x0_hat", 1e-4);
    }

    void distances() {
        torch::NoGradGuard g;
        const torch::Tensor x0 = ref("x0"), rec = ref("x0_hat");
        expectClose(minority::makeDistance(Distance::L2, "", "", torch::kCPU)->distance(x0, rec), "l2", 1e-5);
        expectClose(minority::makeDistance(Distance::L1, "", "", torch::kCPU)->distance(x0, rec), "l1", 1e-5);
        expectClose(minority::makeDistance(Distance::LpipsAlex, fixture("adm/lpips_alex_trunk_random.pt"),
                                           fixture("lpips/alex.pth"), torch::kCPU)
                        ->distance(x0, rec),
                    "lpips_alex", 1e-4);
        expectClose(minority::makeDistance(Distance::LpipsVgg, fixture("adm/lpips_vgg_trunk_random.pt"),
                                           fixture("lpips/vgg.pth"), torch::kCPU)
                        ->distance(x0, rec),
                    "lpips_vgg", 1e-4);
    }

    void mapsAverageToTheDistance() {
        // L2's per-pixel map averages to the distance; LPIPS maps are non-negative and image-sized.
        torch::NoGradGuard g;
        const torch::Tensor x0 = ref("x0"), rec = ref("x0_hat");
        auto l2 = minority::makeDistance(Distance::L2, "", "", torch::kCPU);
        QVERIFY(mlens::test::relError(l2->map(x0, rec).mean({1, 2}), l2->distance(x0, rec)) < 1e-6);
        auto lp = minority::makeDistance(Distance::LpipsAlex, fixture("adm/lpips_alex_trunk_random.pt"),
                                         fixture("lpips/alex.pth"), torch::kCPU);
        const torch::Tensor map = lp->map(x0, rec);
        QCOMPARE(map.sizes().vec(), (std::vector<int64_t>{4, 32, 32}));
        QVERIFY(map.min().item<float>() >= 0);
        auto ssim = minority::makeDistance(Distance::Ssim, "", "", torch::kCPU);
        QVERIFY(ssim->distance(x0, x0).abs().max().item<float>() < 1e-5);  // identical images: SSIM 1
        QVERIFY(ssim->distance(x0, rec).min().item<float>() > 0.01f);
    }

    void lpipsNeedsBothFiles() {
        try {
            minority::makeDistance(Distance::LpipsVgg, "", "", torch::kCPU);
            QFAIL("LPIPS without weights");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("lpips_trunk") != std::string::npos, e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, parse<Distance>("cosine"));
    }

    void scorerIsDeterministicPerImage() {
        models::LoadedAdm m = models::loadAdm(fixture("adm/unet_rgb32.pt"), fixture("adm/unet_rgb32.json"),
                                              torch::kCPU, models::AdmKind::UNet, "backbone");
        const auto diff = diffusion::GaussianDiffusion::create(diffusion::ScheduleKind::Linear, 1000, "100",
                                                               diffusion::VarianceType::LearnedRange);
        auto l2 = minority::makeDistance(Distance::L2, "", "", torch::kCPU);
        minority::MinorityScorer scorer(m.unet, diff, 60, *l2, 3);
        QCOMPARE(scorer.originalStep(), int64_t(605));
        torch::NoGradGuard g;
        const torch::Tensor x0 = ref("x0");
        const std::vector<uint64_t> seeds = {minority::imageSeed(0, "a.png"), minority::imageSeed(0, "b.png"),
                                             minority::imageSeed(0, "c.png"),
                                             minority::imageSeed(0, "d.png")};
        const auto a = scorer.score(x0, seeds, true);
        QCOMPARE(a.distances.sizes().vec(), (std::vector<int64_t>{4, 3}));
        QVERIFY(a.distances.equal(scorer.score(x0, seeds, false).distances));
        // image 2 alone gets the same draws (up to batched-convolution rounding)
        const auto single = scorer.score(x0.narrow(0, 2, 1), {seeds[2]}, false);
        QVERIFY(mlens::test::relError(single.distances[0], a.distances[2]) < 1e-5);
        QCOMPARE(a.map.sizes().vec(), (std::vector<int64_t>{4, 32, 32}));
        QCOMPARE(a.reconstruction.sizes().vec(), (std::vector<int64_t>{4, 3, 32, 32}));
        QVERIFY(minority::imageSeed(0, "a.png") != minority::imageSeed(1, "a.png"));
    }
};

QTEST_APPLESS_MAIN(TestMinorityScore)
#include "test_minority_score.moc"
