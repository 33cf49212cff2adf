// Whole sampling runs replay guided-diffusion's recorded trajectories (ancestral and DDIM, with and
// without classifier guidance) within 1e-4; cancellation, previews and per-sample noise behave.
#include <torch/torch.h>
#include <QtTest/QtTest>

#include "engine/api/error.h"
#include "engine/diffusion/sampler.h"
#include "engine/io/torch_tensors.h"
#include "engine/minority/guidance.h"
#include "engine/models/model_loader.h"
#include "tests/support/test_support.h"
#include "tests/support/torch_testing.h"

using namespace mlens;
using namespace mlens::diffusion;

namespace {

class CancelAfter final : public ProgressSink {
public:
    explicit CancelAfter(int steps) : m_steps(steps) {}
    void report(int64_t done, int64_t, const std::string&) override { m_done = done; }
    bool cancelRequested() const override { return m_done >= m_steps; }

private:
    int m_steps;
    int64_t m_done = 0;
};

}  // namespace

class TestSampler : public QObject {
    Q_OBJECT
    io::StateDict m_ref;
    models::LoadedAdm m_unet;
    std::shared_ptr<minority::MinorityClassifier> m_classifier;

    torch::Tensor run(bool ddim, bool guided) {
        const auto diff =
            GaussianDiffusion::create(ScheduleKind::Linear, 1000, "10", VarianceType::LearnedRange);
        auto unet = m_unet.unet.ptr();
        const ModelFn model = [unet](const torch::Tensor& x, const torch::Tensor& t) {
            return unet->forward(x, t);
        };
        const GuidanceFn guidance = minority::classifierGuidance(
            m_classifier, io::requireTensor(m_ref, "y"), io::requireTensor(m_ref, "scale").item<double>());
        ReplayNoise noise(io::requireTensor(m_ref, "x_T"), io::requireTensor(m_ref, "noises"));
        SamplerOptions opts;
        opts.ddim = ddim;
        NullProgress progress;
        torch::NoGradGuard g;
        return sampleLoop(diff, model, guided ? &guidance : nullptr, noise,
                          io::requireTensor(m_ref, "x_T").sizes().vec(), opts, torch::kCPU, progress);
    }

private Q_SLOTS:
    void initTestCase() {
        m_ref = io::loadTensorFile(mlens::test::fixture("adm/trajectory_io.pt"));
        m_unet = models::loadAdm(mlens::test::fixture("adm/unet_rgb32.pt"),
                                 mlens::test::fixture("adm/unet_rgb32.json"), torch::kCPU,
                                 models::AdmKind::UNet, "backbone");
        m_classifier = minority::MinorityClassifier::load(mlens::test::fixture("adm/classifier_rgb32.pt"),
                                                          mlens::test::fixture("adm/classifier_rgb32.json"),
                                                          torch::kCPU);
    }

    void trajectories_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("ddim");
        QTest::addColumn<bool>("guided");
        QTest::newRow("ancestral_baseline") << "ancestral_baseline" << false << false;
        QTest::newRow("ancestral_guided") << "ancestral_guided" << false << true;
        QTest::newRow("ddim_baseline") << "ddim_baseline" << true << false;
        QTest::newRow("ddim_guided") << "ddim_guided" << true << true;
    }

    void trajectories() {
        QFETCH(QString, name);
        QFETCH(bool, ddim);
        QFETCH(bool, guided);
        const auto key = name.toStdString();
        const double err = mlens::test::relError(run(ddim, guided), io::requireTensor(m_ref, key));
        QVERIFY2(err <= 1e-4, qPrintable(QString::fromStdString(mlens::test::describeError(key, err, 1e-4))));
    }

    void guidanceChangesTheResult() {
        // The guided and the baseline trajectories share all noise; only the gradient differs.
        QVERIFY(mlens::test::relError(run(false, true), run(false, false)) > 1e-3);
    }

    void cancelStopsBetweenSteps() {
        const auto diff =
            GaussianDiffusion::create(ScheduleKind::Linear, 1000, "10", VarianceType::LearnedRange);
        int calls = 0;
        auto unet = m_unet.unet.ptr();
        const ModelFn model = [&calls, unet](const torch::Tensor& x, const torch::Tensor& t) {
            ++calls;
            return unet->forward(x, t);
        };
        PerSampleNoise noise(0, 0, 1);
        CancelAfter cancel(3);
        torch::NoGradGuard g;
        QVERIFY_THROWS_EXCEPTION(
            Cancelled, sampleLoop(diff, model, nullptr, noise, {1, 3, 32, 32}, {}, torch::kCPU, cancel));
        QCOMPARE(calls, 3);
    }

    void previewsArriveFirstAndEveryNSteps() {
        const auto diff =
            GaussianDiffusion::create(ScheduleKind::Linear, 1000, "10", VarianceType::LearnedRange);
        auto unet = m_unet.unet.ptr();
        const ModelFn model = [unet](const torch::Tensor& x, const torch::Tensor& t) {
            return unet->forward(x, t);
        };
        PerSampleNoise noise(0, 0, 1);
        SamplerOptions opts;
        opts.previewEvery = 4;
        std::vector<int> steps;
        NullProgress progress;
        torch::NoGradGuard g;
        sampleLoop(diff, model, nullptr, noise, {1, 3, 32, 32}, opts, torch::kCPU, progress,
                   [&](const StepView& v) {
                       steps.push_back(v.step);
                       QVERIFY(v.predXstart.abs().max().item<float>() <= 1.0f);  // clipped x0 estimate
                   });
        QCOMPARE(steps, (std::vector<int>{1, 4, 8, 10}));  // the first at once
    }

    void perSampleNoiseIgnoresBatching() {
        PerSampleNoise batch(42, 0, 3);
        PerSampleNoise single(42, 2, 1);
        const auto a = batch.initial({3, 1, 4, 4});
        const auto b = single.initial({1, 1, 4, 4});
        QVERIFY(a[2].equal(b[0]));
        QVERIFY(batch.step(0, {3, 1, 4, 4})[2].equal(single.step(0, {1, 1, 4, 4})[0]));
        QVERIFY(!a[0].equal(a[1]));
    }
};

QTEST_APPLESS_MAIN(TestSampler)
#include "test_sampler.moc"
