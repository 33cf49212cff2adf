// One reverse step of each variance type matches guided-diffusion within 1e-5: p_mean_variance,
// guidance as a mean shift and as a score correction, ancestral and DDIM updates, q_sample, Tweedie.
#include <torch/torch.h>
#include <QtTest/QtTest>

#include "engine/diffusion/gaussian_diffusion.h"
#include "engine/io/torch_tensors.h"
#include "tests/support/test_support.h"
#include "tests/support/torch_testing.h"

using namespace mlens;
using namespace mlens::diffusion;

class TestGaussianDiffusion : public QObject {
    Q_OBJECT
    io::StateDict m_ref;

    torch::Tensor ref(const std::string& key) const { return io::requireTensor(m_ref, key); }
    void expectClose(const torch::Tensor& got, const std::string& key, double tol = 1e-5) {
        const double err = mlens::test::relError(got, ref(key));
        QVERIFY2(got.sizes() == ref(key).sizes(), key.c_str());
        QVERIFY2(err <= tol, qPrintable(QString::fromStdString(mlens::test::describeError(key, err, tol))));
    }

private Q_SLOTS:
    void initTestCase() { m_ref = io::loadTensorFile(mlens::test::fixture("adm/diffusion_steps.pt")); }

    void reverseStep_data() {
        QTest::addColumn<QString>("variance");
        QTest::newRow("learned_range") << "learned_range";
        QTest::newRow("fixed_small") << "fixed_small";
        QTest::newRow("fixed_large") << "fixed_large";
    }

    void reverseStep() {
        QFETCH(QString, variance);
        const std::string v = variance.toStdString();
        const VarianceType type = v == "learned_range" ? VarianceType::LearnedRange
                                  : v == "fixed_small" ? VarianceType::FixedSmall
                                                       : VarianceType::FixedLarge;
        const auto diff = GaussianDiffusion::create(ScheduleKind::Linear, 1000, "25", type);
        const torch::Tensor x = ref("x_t");
        const torch::Tensor t = ref(v + "/t");
        const torch::Tensor grad = ref(v + "/grad");
        const torch::Tensor noise = ref(v + "/noise");
        QCOMPARE(t[0].item<int64_t>(), int64_t(0));  // the last step (no noise added) and a middle one

        const MeanVariance mv = diff.pMeanVariance(ref(v + "/model_out"), x, t, true);
        expectClose(mv.mean, v + "/mean");
        expectClose(mv.variance, v + "/variance");
        expectClose(mv.logVariance, v + "/log_variance");
        expectClose(mv.predXstart, v + "/pred_xstart");
        MeanVariance shifted = mv;  // p_sample with cond_fn: the guided mean, the model's variance
        shifted.mean = diff.conditionMean(mv, grad);
        expectClose(shifted.mean, v + "/cond_mean");
        expectClose(diff.ancestralStep(shifted, t, noise), v + "/sample");
        expectClose(diff.ddimStep(mv, x, t, 0.0, noise), v + "/ddim_eta0_sample");
        expectClose(mv.predXstart, v + "/ddim_eta0_pred_xstart");
        expectClose(mv.predXstart, v + "/ddim_eta1_pred_xstart");
        const MeanVariance guided = diff.conditionScore(mv, x, t, grad);
        expectClose(diff.ddimStep(guided, x, t, 0.0, noise), v + "/ddim_eta0_guided_sample");
    }

    void forwardProcessAndTweedie() {
        const auto diff = GaussianDiffusion::create(ScheduleKind::Cosine, 1000, "", VarianceType::FixedSmall);
        const torch::Tensor t = ref("q/t");
        QCOMPARE(t[0].item<int64_t>(), int64_t(605));
        expectClose(diff.qSample(ref("q/x0"), t, ref("q/noise")), "q/x_t");
        expectClose(diff.predictXstartFromEps(ref("q/x_t"), t, ref("q/eps_model")),
                    "q/pred_xstart_unclipped");
    }

    void respacedNetworksSeeOriginalSteps() {
        const auto diff =
            GaussianDiffusion::create(ScheduleKind::Linear, 1000, "100", VarianceType::FixedSmall);
        QCOMPARE(diff.originalSteps(torch::tensor({60})).item<int64_t>(), int64_t(605));
        QCOMPARE(diff.originalSteps(torch::tensor({99})).item<int64_t>(), int64_t(999));
    }
};

QTEST_APPLESS_MAIN(TestGaussianDiffusion)
#include "test_gaussian_diffusion.moc"
