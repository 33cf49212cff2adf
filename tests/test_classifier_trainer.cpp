// Training the minority classifier: it learns a learnable split, logs its metrics, writes loadable
// checkpoints, resumes bit for bit, and, used for guidance, steers samples towards its target class
// more often than the unguided baseline with the same noise.
#include <torch/torch.h>
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include <opencv2/imgcodecs.hpp>

#include "engine/api/error.h"
#include "engine/api/sampling.h"
#include "engine/api/training.h"
#include "engine/diffusion/sampler.h"
#include "engine/io/checkpoint.h"
#include "engine/io/torch_tensors.h"
#include "engine/minority/guidance.h"
#include "engine/minority/minority_classifier.h"
#include "tests/support/test_support.h"

using namespace mlens;
namespace fs = std::filesystem;

namespace {

// The toy data: 32x32 RGB images x0 = m + N(0, 0.05^2) per pixel with m = -0.6 (p = 3/4, class 0) or
// +0.6 (p = 1/4, the "rare" class 1). A Gaussian mixture, so its exact denoiser is known.
constexpr double kMu[2] = {-0.6, 0.6}, kPi[2] = {0.75, 0.25}, kSigma = 0.05;

void writeWorkspace(const std::string& data, const std::string& ws) {
    fs::create_directories(data);
    fs::create_directories(ws);
    std::mt19937 rng(4);
    std::normal_distribution<double> noise(0, kSigma);
    std::string csv = "path,score,class\n";
    for (int i = 0; i < 160; ++i) {
        const int k = i % 4 == 0 ? 1 : 0;
        cv::Mat img(32, 32, CV_8UC3);
        for (auto it = img.begin<cv::Vec3b>(); it != img.end<cv::Vec3b>(); ++it)
            for (int c = 0; c < 3; ++c)
                (*it)[c] = cv::saturate_cast<uchar>((kMu[k] + noise(rng) + 1) * 127.5);
        const std::string name = "img" + std::to_string(100 + i) + ".png";
        cv::imwrite(data + "/" + name, img);
        csv += name + "," + (k ? "2.0" : "1.0") + "," + std::to_string(k) + "\n";
    }
    std::ofstream(ws + "/classes.csv") << csv;
    std::ofstream(ws + "/scores.json") << nlohmann::json{
        {"data", data},
        {"schedule", "linear"},
        {"diffusion_steps", 1000},
        {"image_size", 32},
        {"channels", 3}}.dump();
}

// The exact epsilon-prediction of the mixture: E[x0 | x_t] by Bayes, then eps = (x_t - sqrt(abar) x0) /
// sqrt(1 - abar).
diffusion::ModelFn mixtureDenoiser(std::vector<double> abar) {
    return [abar](const torch::Tensor& x, const torch::Tensor& tOrig) {
        std::vector<torch::Tensor> eps;
        for (int64_t i = 0; i < x.size(0); ++i) {
            const double a = abar[static_cast<size_t>(tOrig[i].item<int64_t>())], sa = std::sqrt(a);
            const double var = a * kSigma * kSigma + 1 - a;
            const torch::Tensor xi = x[i].to(torch::kFloat64);
            std::vector<torch::Tensor> logR, mean;
            for (int k = 0; k < 2; ++k) {
                logR.push_back(std::log(kPi[k]) - (xi - sa * kMu[k]).pow(2).sum() / (2 * var));
                mean.push_back(kMu[k] + (sa * kSigma * kSigma / var) * (xi - sa * kMu[k]));
            }
            const torch::Tensor r = torch::softmax(torch::stack(logR), 0);
            const torch::Tensor x0 = r[0] * mean[0] + r[1] * mean[1];
            eps.push_back(((xi - sa * x0) / std::sqrt(1 - a)).to(torch::kFloat32));
        }
        return torch::stack(eps);
    };
}

}  // namespace

class TestClassifierTrainer : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string m_ws, m_data;
    ClassifierTrainResult m_trained;  // 200 steps, shared by the tests below
    std::vector<TrainMetrics> m_seen;

    ClassifierTrainRequest request(const std::string& out, int iterations) const {
        ClassifierTrainRequest r;
        r.workspace = m_ws;
        r.outDir = m_dir.filePath(QString::fromStdString(out)).toStdString();
        r.iterations = iterations;
        r.batchSize = 16;
        r.evalEvery = 20;
        r.saveEvery = 1000;
        r.valFraction = 0.1;
        r.device = "cpu";
        return r;
    }

private Q_SLOTS:
    void initTestCase() {
        m_ws = m_dir.filePath("ws").toStdString();
        m_data = m_dir.filePath("data").toStdString();
        writeWorkspace(m_data, m_ws);
        NullProgress p;
        ClassifierTrainRequest r = request("learn", 200);
        r.onMetrics = [&](const TrainMetrics& m) { m_seen.push_back(m); };
        m_trained = runTrainClassifier(r, p);
    }

    void learnsALearnableSplit() {
        const ClassifierTrainResult& res = m_trained;
        const std::vector<TrainMetrics>& seen = m_seen;
        QCOMPARE(res.steps, int64_t(200));
        QCOMPARE(res.numClasses, 2);
        QCOMPARE(res.valImages, int64_t(16));  // 10% of each class: 12 + 4
        QCOMPARE(seen.size(), size_t(10));
        QVERIFY(seen.back().hasValidation);
        // low-noise quartile: brightness is plain to see; all t together: clearly above chance (0.75
        // majority)
        QVERIFY2(seen.back().valTop1ByQuartile[0] >= 0.9,
                 qPrintable(QString("q0 top-1 %1").arg(seen.back().valTop1ByQuartile[0])));
        QVERIFY2(seen.back().valLoss < seen.front().valLoss,
                 qPrintable(QString("val loss %1 -> %2").arg(seen.front().valLoss).arg(seen.back().valLoss)));
        QCOMPARE(readTrainMetrics(res.metricsLog).size(), size_t(10));
        // self-describing checkpoint, guided-diffusion layout beside it
        auto loaded = minority::MinorityClassifier::load(res.checkpoint, "", torch::kCPU);
        QCOMPARE(loaded->numClasses(), 2);
        QCOMPARE(loaded->imageSize(), 32);
        const io::Checkpoint pt = io::Checkpoint::open(res.torchCheckpoint);
        QCOMPARE(pt.format(), io::CheckpointFormat::TorchZip);
        QCOMPARE(pt.tensors().front().name, std::string("time_embed.0.weight"));
        minority::MinorityClassifier::load(res.torchCheckpoint, res.configJson, torch::kCPU);
    }

    void resumesBitForBit() {
        NullProgress p;
        const ClassifierTrainResult straight = runTrainClassifier(request("straight", 40), p);
        test::CancelAtStep cancel("training classifier", 25);  // between two metrics lines (every 20 steps)
        QVERIFY_THROWS_EXCEPTION(Cancelled, runTrainClassifier(request("resumed", 40), cancel));
        QVERIFY(fs::exists(m_dir.filePath("resumed/training_state.safetensors").toStdString()));
        QCOMPARE(readTrainMetrics(m_dir.filePath("resumed/metrics.jsonl").toStdString()).size(), size_t(1));
        ClassifierTrainRequest again = request("resumed", 40);
        again.resume = true;
        const ClassifierTrainResult resumed = runTrainClassifier(again, p);
        QCOMPARE(resumed.steps, int64_t(40));
        const io::StateDict a = io::loadTensorFile(straight.checkpoint),
                            b = io::loadTensorFile(resumed.checkpoint);
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i)
            QVERIFY2(a[i].second.equal(b[i].second), a[i].first.c_str());
        // The metrics continue exactly: the running means of steps 21-25 were kept in the state.
        const auto m0 = readTrainMetrics(straight.metricsLog), m1 = readTrainMetrics(resumed.metricsLog);
        QCOMPARE(m1.size(), size_t(2));
        QCOMPARE(m0.size(), m1.size());
        for (size_t i = 0; i < m0.size(); ++i) {
            QCOMPARE(m1[i].step, m0[i].step);
            QVERIFY2(m1[i].trainLoss == m0[i].trainLoss && m1[i].trainTop1 == m0[i].trainTop1 &&
                         m1[i].valLoss == m0[i].valLoss && m1[i].lr == m0[i].lr,
                     qPrintable(QString("step %1: train loss %2 vs %3")
                                    .arg(m0[i].step)
                                    .arg(m1[i].trainLoss, 0, 'g', 17)
                                    .arg(m0[i].trainLoss, 0, 'g', 17)));
        }
        QVERIFY(m1[1].seconds >= m1[0].seconds);  // time counts on across the resumption
        ClassifierTrainRequest changed = request("resumed", 40);
        changed.resume = true;
        changed.lr = 1e-3;
        QVERIFY_THROWS_EXCEPTION(Error, runTrainClassifier(changed, p));  // other settings: refused
    }

    void guidanceSteersTowardsTheTarget() {
        // With the data's exact denoiser as the backbone, a quarter of unguided samples are bright;
        // minority guidance towards class 1 with the trained classifier, from the same noise, gives more.
        NullProgress p;
        auto classifier = minority::MinorityClassifier::load(m_trained.checkpoint, "", torch::kCPU);
        const auto diff = diffusion::GaussianDiffusion::create(diffusion::ScheduleKind::Linear, 1000, "50",
                                                               diffusion::VarianceType::FixedLarge);
        const auto model = mixtureDenoiser(
            diffusion::cumulativeAlphas(diffusion::makeBetas(diffusion::ScheduleKind::Linear, 1000)));
        const int n = 48;
        torch::NoGradGuard g;
        auto brightFraction = [&](double scale, std::vector<double> mixture = {}) {
            diffusion::PerSampleNoise noise(7, 0, n);
            const diffusion::GuidanceFn guide =
                mixture.empty()
                    ? minority::classifierGuidance(classifier, torch::ones({n}, torch::kInt64), scale)
                    : minority::mixtureGuidance(classifier, mixture, scale);
            const torch::Tensor x = diffusion::sampleLoop(diff, model, scale > 0 ? &guide : nullptr, noise,
                                                          {n, 3, 32, 32}, {}, torch::kCPU, p);
            return x.mean({1, 2, 3}).gt(0).to(torch::kFloat64).mean().item<double>();
        };
        const double base = brightFraction(0), guided = brightFraction(4);
        qInfo("bright (class 1) samples: baseline %.3f, guided %.3f", base, guided);
        QVERIFY2(base > 0.05 && base < 0.5,
                 qPrintable(QString("baseline %1: the denoiser does not model the data").arg(base)));
        QVERIFY2(guided >= base + 0.25,
                 qPrintable(QString("guided %1 vs baseline %2").arg(guided).arg(base)));
        // The mixture sampler with tau = (1, 3): log(p0 + 3 p1) grows with p1, so it favours the rare class
        // too.
        const double mixed = brightFraction(4, {1.0, 3.0});
        qInfo("mixture sampler: %.3f", mixed);
        QVERIFY2(mixed > base, qPrintable(QString("mixture %1 vs baseline %2").arg(mixed).arg(base)));
    }

    void badWorkspacesAreExplained() {
        NullProgress p;
        ClassifierTrainRequest r = request("bad", 10);
        r.workspace = m_dir.filePath("nothing").toStdString();
        try {
            runTrainClassifier(r, p);
            QFAIL("trained without a workspace");
        } catch (const Error& e) {
            QVERIFY2(
                std::string(e.what()).find("score the dataset and build classes first") != std::string::npos,
                e.what());
        }
        ClassifierTrainRequest cond = request("bad", 10);
        cond.classConditional = true;
        QVERIFY_THROWS_EXCEPTION(Error, runTrainClassifier(cond, p));  // classes.csv has no labels
    }
};

QTEST_APPLESS_MAIN(TestClassifierTrainer)
#include "test_classifier_trainer.moc"
