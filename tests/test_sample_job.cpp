// The `sample` job end to end: outputs and their formats, determinism per sample, shared noise
// between baseline and guided runs, replay of recorded noise, and clear errors for bad requests.
#include <torch/torch.h>
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <opencv2/core.hpp>

#include "engine/api/error.h"
#include "engine/api/sampling.h"
#include "engine/io/npy.h"
#include "engine/io/png_text.h"
#include "engine/io/torch_tensors.h"
#include "tests/support/test_support.h"
#include "tests/support/torch_testing.h"

using namespace mlens;
namespace fs = std::filesystem;
using mlens::test::fixture;

namespace {

class CancelImmediately final : public ProgressSink {
public:
    void report(int64_t, int64_t, const std::string&) override {}
    bool cancelRequested() const override { return true; }
};

}  // namespace

class TestSampleJob : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    SampleRequest request(const std::string& out) const {
        SampleRequest r;
        r.backbone.checkpoint = fixture("adm/unet_rgb32.pt");
        r.backbone.config = fixture("adm/unet_rgb32.json");
        r.respacing = "5";
        r.numSamples = 3;
        r.batchSize = 2;
        r.seed = 7;
        r.device = "cpu";
        r.outDir = m_dir.filePath(QString::fromStdString(out)).toStdString();
        return r;
    }
    static torch::Tensor x0(const SampleResult& r) {
        return io::requireTensor(io::loadTensorFile(r.safetensorsPath), "x0");
    }

    static std::string errorOf(const SampleRequest& r) {
        NullProgress p;
        try {
            runSample(r, p);
        } catch (const Error& e) {
            return e.what();
        }
        return "(no error)";
    }

private Q_SLOTS:
    void writesEveryOutput() {
        NullProgress p;
        const SampleResult r = runSample(request("basic"), p);
        QCOMPARE(r.numSamples, int64_t(3));
        const torch::Tensor x = x0(r);
        QCOMPARE(x.sizes().vec(), (std::vector<int64_t>{3, 3, 32, 32}));
        QVERIFY(x.abs().max().item<float>() <= 1.0f);
        const auto npz = io::readNpz(r.npzPath);
        QCOMPARE(npz.size(), size_t(2));
        QCOMPARE(npz[0].shape, (std::vector<int64_t>{3, 32, 32, 3}));
        QCOMPARE(npz[0].dtype, io::DType::UInt8);
        // arr_0 = ((x + 1) * 127.5).clamp(0, 255) truncated, NHWC
        const float v = x[1][2][5][7].item<float>();
        QCOMPARE(int(npz[0].data[((1 * 32 + 5) * 32 + 7) * 3 + 2]),
                 int(std::clamp((v + 1) * 127.5f, 0.0f, 255.0f)));
        QCOMPARE(r.pngPaths.size(), size_t(3));
        const auto text = io::readPngTextFile(r.pngPaths[2]);
        nlohmann::json params;
        for (const auto& [k, val] : text)
            if (k == "minoritylens") params = nlohmann::json::parse(val);
        QCOMPARE(params.at("index").get<int>(), 2);
        QCOMPARE(params.at("sample_seed").get<int>(), 9);
        QCOMPARE(params.at("respacing").get<std::string>(), std::string("5"));
    }

    void sameSeedSameSamplesWhateverTheBatch() {
        NullProgress p;
        SampleRequest a = request("det_a");
        SampleRequest b = request("det_b");
        b.batchSize = 1;
        const torch::Tensor xa = x0(runSample(a, p));
        QVERIFY(xa.equal(x0(runSample(a, p))));  // the same request: bit for bit
        const torch::Tensor xb = x0(runSample(b, p));
        // Other batch sizes change only the float rounding inside batched convolutions.
        QVERIFY2(mlens::test::relError(xb, xa) < 1e-5,
                 qPrintable(QString("batch 2 vs 1: %1").arg(mlens::test::relError(xb, xa))));
        SampleRequest c = request("det_c");
        c.seed = 8;  // sample i of seed 8 is sample i+1 of seed 7
        QVERIFY(mlens::test::relError(x0(runSample(c, p))[0], xa[1]) < 1e-5);
    }

    void guidanceSharesTheBaselineNoise() {
        NullProgress p;
        SampleRequest base = request("g_base");
        SampleRequest zero = request("g_zero");
        zero.guidance.classifier = fixture("adm/classifier_rgb32.pt");
        zero.guidance.classifierConfig = fixture("adm/classifier_rgb32.json");
        zero.guidance.targetClass = 3;
        zero.guidance.scale = 0.0;
        SampleRequest guided = zero;
        guided.outDir = m_dir.filePath("g_guided").toStdString();
        guided.guidance.scale = 10.0;
        const torch::Tensor xb = x0(runSample(base, p));
        QVERIFY(x0(runSample(zero, p)).equal(xb));  // scale 0 is the baseline, bit for bit
        QVERIFY(mlens::test::relError(x0(runSample(guided, p)), xb) > 1e-3);  // the gradient alone moves it
    }

    // What was written reads back as it was made: baseline and guided images byte for byte, the class
    // value and the parameters; a folder without samples and a damaged .npz are refused by name.
    void readsAWrittenSetBack() {
        NullProgress p;
        SampleRequest r = request("readback");
        r.withBaseline = true;
        r.guidance.classifier = fixture("adm/classifier_rgb32.pt");
        r.guidance.classifierConfig = fixture("adm/classifier_rgb32.json");
        r.guidance.targetClass = 3;
        r.guidance.scale = 10.0;
        const SampleResult made = runSample(r, p);
        const SampleResult back = readSampleSet(r.outDir);
        QCOMPARE(back.numSamples, int64_t{3});
        QCOMPARE(back.guided.images.size(), size_t{3});
        QCOMPARE(back.baseline.images.size(), size_t{3});
        for (size_t i = 0; i < 3; ++i) {
            QVERIFY(cv::norm(back.guided.images[i], made.guided.images[i], cv::NORM_INF) == 0.0);
            QVERIFY(cv::norm(back.baseline.images[i], made.baseline.images[i], cv::NORM_INF) == 0.0);
        }
        QCOMPARE(back.guided.classValue, int64_t{3});
        QCOMPARE(back.guided.parameters, made.guided.parameters);
        QVERIFY(back.guided.x0.empty());
        const std::string empty = m_dir.filePath("no_samples").toStdString();
        fs::create_directories(empty);
        QVERIFY_THROWS_EXCEPTION(Error, readSampleSet(empty));
        const std::string cut = m_dir.filePath("cut").toStdString();
        fs::create_directories(cut);
        const std::string npz = r.outDir + "/guided/samples.npz";
        std::ifstream in(npz, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::ofstream(cut + "/samples.npz", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
        try {
            readSampleSet(cut);
            QFAIL("a damaged .npz was read");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("samples.npz") != std::string::npos, e.what());
        }
    }

    // A session reuses its last baseline when only the guidance changed, and only then; the guided
    // samples and the reused baseline equal fresh runs bit for bit.
    void sessionReusesTheBaselineWhenOnlyGuidanceChanges() {
        NullProgress p;
        SampleRequest r = request("");
        r.outDir.clear();
        r.withBaseline = true;
        r.guidance.classifier = fixture("adm/classifier_rgb32.pt");
        r.guidance.classifierConfig = fixture("adm/classifier_rgb32.json");
        r.guidance.targetClass = 3;
        r.guidance.scale = 10.0;
        SamplingSession session;
        const SampleResult first = session.run(r, p);
        QVERIFY(!first.baselineReused);
        SampleRequest other = r;
        other.guidance.targetClass = 1;
        other.guidance.scale = 4.0;
        const SampleResult second = session.run(other, p);
        QVERIFY(second.baselineReused);
        QCOMPARE(second.baselineSeconds, 0.0);
        const SampleResult fresh = runSample(other, p);
        QVERIFY(!fresh.baselineReused);
        for (size_t i = 0; i < fresh.guided.x0.size(); ++i) {
            QVERIFY(cv::norm(second.baseline.x0[i], fresh.baseline.x0[i], cv::NORM_INF) == 0.0);
            QVERIFY(cv::norm(second.guided.x0[i], fresh.guided.x0[i], cv::NORM_INF) == 0.0);
        }
        for (auto change : std::vector<std::function<void(SampleRequest&)>>{
                 [](SampleRequest& q) { q.seed = 8; }, [](SampleRequest& q) { q.respacing = "4"; },
                 [](SampleRequest& q) { q.numSamples = 2; },
                 [](SampleRequest& q) { q.sampler = Sampler::Ddim; }}) {
            SampleRequest q = other;
            change(q);
            QVERIFY(!session.run(q, p).baselineReused);
            QVERIFY(session.run(q, p).baselineReused);  // and then cached for the new settings
        }
    }

    void replaysRecordedNoise() {
        NullProgress p;
        SampleRequest r = request("replay");
        r.respacing = "10";
        r.replayNoise = fixture("adm/trajectory_io.pt");
        const io::StateDict ref = io::loadTensorFile(fixture("adm/trajectory_io.pt"));
        const double err = mlens::test::relError(x0(runSample(r, p)),
                                                 io::requireTensor(ref, "ancestral_baseline").clamp(-1, 1));
        QVERIFY2(err < 1e-4, qPrintable(QString("replayed baseline: relative error %1").arg(err)));
    }

    void cancelWritesNothing() {
        CancelImmediately cancel;
        const SampleRequest r = request("cancelled");
        QVERIFY_THROWS_EXCEPTION(Cancelled, runSample(r, cancel));
        QVERIFY(!std::filesystem::exists(std::filesystem::path(r.outDir) / "samples.safetensors"));
    }

    void badRequestsExplainThemselves() {
        SampleRequest r = request("bad");
        r.guidance.classifier = fixture("adm/classifier_rgb32.pt");
        r.guidance.classifierConfig = fixture("adm/classifier_rgb32.json");
        r.guidance.targetClass = 10;
        r.guidance.scale = 1;
        QVERIFY2(errorOf(r).find("target class 10 is out of range: the classifier has 10 classes") !=
                     std::string::npos,
                 errorOf(r).c_str());

        SampleRequest cond = request("bad");
        cond.backbone.checkpoint = fixture("adm/unet_gray32_cond.pt");
        cond.backbone.config = fixture("adm/unet_gray32_cond.json");
        QVERIFY2(errorOf(cond).find("the class label must be in 0..2") != std::string::npos,
                 errorOf(cond).c_str());

        cond.classLabel = 1;
        cond.guidance.classifier = fixture("adm/classifier_rgb32.pt");
        cond.guidance.classifierConfig = fixture("adm/classifier_rgb32.json");
        cond.guidance.targetClass = 0;
        QVERIFY2(
            errorOf(cond).find("the classifier takes 3 channels, the backbone makes 1") != std::string::npos,
            errorOf(cond).c_str());

        SampleRequest swapped = request("bad");
        swapped.backbone.checkpoint = fixture("adm/classifier_rgb32.pt");
        swapped.backbone.config = fixture("adm/classifier_rgb32.json");
        QVERIFY2(errorOf(swapped).find("must be a UNetModel") != std::string::npos, errorOf(swapped).c_str());
    }
};

QTEST_APPLESS_MAIN(TestSampleJob)
#include "test_sample_job.moc"
