// Sehwag et al.'s low-density sampler (minority/sehwag.h): the guidance is alpha times the unit
// gradient of L_g1 per sample (checked against the gradient taken here), beta adds a unit
// discriminator gradient, nothing at the last step; sampling with alpha = beta = 0 is the baseline bit
// for bit, alpha > 0 raises the hardness of same-noise samples of the trained phantom backbone, and
// the run records its models.
#include <torch/torch.h>
#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include <opencv2/core.hpp>
#include "engine/api/error.h"
#include "engine/api/hardness.h"
#include "engine/api/progress.h"
#include "engine/api/sampling.h"
#include "engine/api/synthetic.h"
#include "engine/core/csv.h"
#include "engine/core/device.h"
#include "engine/core/image_tensor.h"
#include "engine/io/png_text.h"
#include "engine/metrics/class_gaussians.h"
#include "engine/minority/hardness_model.h"
#include "engine/minority/minority_classifier.h"
#include "engine/minority/sehwag.h"
#include "tests/support/test_support.h"

using namespace mlens;
namespace fs = std::filesystem;

class TestSehwag : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string m_model;
    std::shared_ptr<minority::HardnessModel> m_hardness;

    // L_g1 of each sample, as eq. 4 defines it, under its best class.
    torch::Tensor lossG1(const torch::Tensor& x, const torch::Tensor& t, double tau) {
        const torch::Tensor h =
            metrics::classHardness(m_hardness->gaussians(m_hardness->binFor(int(t[0].item<int64_t>()))),
                                   m_hardness->embedNoisy(x, t).to(torch::kFloat64));
        return torch::log_softmax(h / tau, 1).gather(1, h.detach().argmin(1).view({-1, 1})).squeeze(1);
    }
    SampleRequest sampleRequest(double alpha) const {
        SampleRequest req;
        req.backbone.checkpoint = test::sourceDir() + "/resources/demo/phantom_backbone.safetensors";
        req.respacing = "10";
        req.numSamples = 12;
        req.batchSize = 12;
        req.guidance.sehwag = m_model;
        req.guidance.alpha = alpha;
        req.withBaseline = true;
        return req;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        NullProgress none;
        // Brain phantoms labelled by their ground truth: normal, atrophy (mild or severe), lesion.
        SyntheticRequest s;
        s.kind = SyntheticKind::Brain;
        s.count = 400;
        s.outDir = m_dir.filePath("phantoms").toStdString();
        runSynthetic(s, none);
        std::vector<std::string> header;
        std::string labels = "path,label\n";
        for (const auto& row : readCsvFile(s.outDir + "/attributes.csv", &header))
            labels += row.at(0) + "," +
                      (row.at(2) != "0"      ? "lesion"
                       : row.at(1) != "none" ? "atrophy"
                                             : "normal") +
                      "\n";
        const std::string labelsCsv = m_dir.filePath("labels.csv").toStdString();
        std::ofstream(labelsCsv) << labels;
        FitHardnessRequest f;
        f.data.path = s.outDir;
        f.data.labels = LabelSource::Csv;
        f.data.labelsCsv = labelsCsv;
        f.classifier = test::fixture("adm/classifier_gray32_adaptive.pt");
        f.classifierConfig = test::fixture("adm/classifier_gray32_adaptive.json");
        f.t = {0, 300, 600};
        m_model = f.out = m_dir.filePath("h.safetensors").toStdString();
        runFitHardness(f, none);
        m_hardness = std::make_shared<minority::HardnessModel>(m_model, torch::Device(torch::kCPU));
    }

    void normalisesEachSample() {
        const torch::Tensor u = torch::tensor({3.0f, 4.0f, 0.0f, 0.0f, 1.0f, 0.0f}).view({3, 1, 1, 2});
        const torch::Tensor n = minority::normalizePerSample(u);
        QVERIFY(torch::allclose(n, torch::tensor({0.6f, 0.8f, 0.0f, 0.0f, 1.0f, 0.0f}).view({3, 1, 1, 2})));
    }

    void stepIsTheUnitGradientTimesAlpha() {
        torch::manual_seed(5);
        const torch::Tensor x = torch::randn({3, 1, 32, 32});
        const torch::Tensor t = torch::full({3}, 400, torch::kInt64);
        minority::SehwagTerms terms;
        terms.hardness = m_hardness;
        terms.alpha = 0.7;
        terms.tau = 2.0;
        const torch::Tensor g = minority::sehwagGuidance(terms)(x, t);
        // By hand: u = d L_g1 / dx per sample, g = alpha u / ||u||.
        const torch::Tensor xIn = x.clone().requires_grad_(true);
        const torch::Tensor u = torch::autograd::grad({lossG1(xIn, t, 2.0).sum()}, {xIn})[0];
        for (int64_t i = 0; i < 3; ++i) {
            const torch::Tensor want = u[i] / u[i].norm() * 0.7;
            QVERIFY2(torch::allclose(g[i], want, 1e-4, 1e-6), qPrintable(QString::number(i)));
            QVERIFY(std::abs(g[i].norm().item<double>() - 0.7) < 1e-4);
        }
        // An ascent step: a small move along g raises every sample's L_g1.
        torch::NoGradGuard noGrad;
        const torch::Tensor before = lossG1(x, t, 2.0), after = lossG1(x + g * 0.05, t, 2.0);
        QVERIFY2((after > before).all().item<bool>(),
                 qPrintable(QString::number((after - before).min().item<double>())));
        // No guidance at the last step.
        QVERIFY(
            minority::sehwagGuidance(terms)(x, torch::zeros({3}, torch::kInt64)).eq(0).all().item<bool>());
    }

    void betaAddsAUnitDiscriminatorGradient() {
        torch::manual_seed(6);
        const torch::Tensor x = torch::randn({2, 1, 32, 32});
        const torch::Tensor t = torch::full({2}, 250, torch::kInt64);
        minority::SehwagTerms terms;
        terms.hardness = m_hardness;
        terms.alpha = 0.5;
        terms.beta = 0.3;
        terms.discriminator = minority::MinorityClassifier::load(
            test::fixture("adm/classifier_gray32_adaptive.pt"),
            test::fixture("adm/classifier_gray32_adaptive.json"), torch::Device(torch::kCPU));
        const torch::Tensor both = minority::sehwagGuidance(terms)(x, t);
        terms.beta = 0;
        const torch::Tensor alphaOnly = minority::sehwagGuidance(terms)(x, t);
        const torch::Tensor disc = both - alphaOnly;
        // By hand: d log p_D(real | x_t) / dx, normalised, times beta.
        const torch::Tensor xIn = x.clone().requires_grad_(true);
        const torch::Tensor l2 = torch::log_softmax(terms.discriminator->logits(xIn, t), 1).select(1, 1);
        const torch::Tensor u = torch::autograd::grad({l2.sum()}, {xIn})[0];
        for (int64_t i = 0; i < 2; ++i)
            QVERIFY(torch::allclose(disc[i], u[i] / u[i].norm() * 0.3, 1e-4, 1e-6));
        terms.beta = 0.3;
        terms.discriminator.reset();
        try {
            minority::sehwagGuidance(terms);
            QFAIL("beta > 0 without a discriminator was accepted");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("discriminator"));
        }
    }

    void zeroWeightsAreTheBaselineAndAlphaRaisesHardness() {
        NullProgress none;
        SampleRequest zero = sampleRequest(0);
        const SampleResult z = runSample(zero, none);
        QCOMPARE(z.guided.x0.size(), z.baseline.x0.size());
        for (size_t i = 0; i < z.guided.x0.size(); ++i)
            QVERIFY(cv::norm(z.guided.x0[i], z.baseline.x0[i], cv::NORM_INF) == 0);

        // The trained phantom backbone, 10 steps: each step moves by alpha * variance along a unit
        // vector over 1,024 pixels, so alpha = 20 here (250 steps move further with less).
        SampleRequest req = sampleRequest(20.0);
        req.classLabel = 2;  // "normal"; an unconditional backbone: the class whose hardness is raised
        req.outDir = m_dir.filePath("sehwag").toStdString();
        const SampleResult r = runSample(req, none);
        QVERIFY(cv::norm(r.guided.x0[0], r.baseline.x0[0], cv::NORM_INF) > 0);
        for (size_t i = 0; i < r.baseline.x0.size(); ++i)  // the same noise: the same baseline
            QVERIFY(cv::norm(r.baseline.x0[i], z.baseline.x0[i], cv::NORM_INF) == 0);
        // Hardness at t = 0 of each sample under the class it was guided for.
        auto hardnessOf = [&](const std::vector<cv::Mat>& x0) {
            torch::NoGradGuard noGrad;
            const torch::Tensor f =
                m_hardness->embed(floatImagesToTensor(x0), 0, std::vector<uint64_t>(x0.size(), 0));
            return metrics::classHardness(m_hardness->gaussians(0), f.to(torch::kFloat64))
                .select(1, req.classLabel);
        };
        const torch::Tensor guided = hardnessOf(r.guided.x0), baseline = hardnessOf(r.baseline.x0);
        const double dg = (guided - baseline).mean().item<double>();
        const int64_t raised = (guided > baseline).sum().item<int64_t>();
        qInfo(
            "alpha = 20: mean hardness under class %d %+.3f over the same-noise baseline; %lld of %lld "
            "samples harder",
            req.classLabel, dg, static_cast<long long>(raised), static_cast<long long>(guided.size(0)));
        QVERIFY(dg > 0);
        QVERIFY(raised >= guided.size(0) * 2 / 3);
        // The PNG records the hardness model and its classifier.
        const auto text = io::readPngTextFile(req.outDir + "/guided/sample_000000.png");
        std::string meta;
        for (const auto& [k, v] : text)
            if (k == "minoritylens") meta = v;
        const nlohmann::json p = nlohmann::json::parse(meta);
        QCOMPARE(p["guidance"]["sehwag"].get<std::string>(), m_model);
        QCOMPARE(p["guidance"]["sehwag_sha256"].get<std::string>().size(), size_t{64});
        QCOMPARE(p["guidance"]["alpha"].get<double>(), 20.0);
    }
};

QTEST_GUILESS_MAIN(TestSehwag)
#include "test_sehwag.moc"
