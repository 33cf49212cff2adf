// The `evaluate` job end to end: feature matrices reproduce the reference metrics through the whole
// pipeline; image folders and samples .npz get ResNet-50 features; sets are named; bad inputs fail.
#include <torch/torch.h>
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "engine/api/error.h"
#include "engine/api/evaluation.h"
#include "engine/core/csv.h"
#include "engine/io/image_loader.h"
#include "engine/io/npy.h"
#include "engine/io/torch_tensors.h"
#include "engine/metrics/sample_sets.h"
#include "tests/support/test_support.h"
#include "tests/support/toy_data.h"

using namespace mlens;
namespace fs = std::filesystem;

namespace {

void writeMatrixNpy(const std::string& path, const torch::Tensor& t) {
    const torch::Tensor c = t.to(torch::kFloat64).contiguous();
    io::NpyArray a{"", io::DType::Float64, c.sizes().vec(),
                   std::vector<uint8_t>(static_cast<size_t>(c.numel() * 8))};
    std::memcpy(a.data.data(), c.data_ptr<double>(), a.data.size());
    io::writeNpy(path, a);
}

}  // namespace

class TestEvaluate : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string path(const char* n) const { return m_dir.filePath(n).toStdString(); }

private Q_SLOTS:
    void matricesReproduceTheReference() {
        const io::StateDict ref = io::loadTensorFile(mlens::test::fixture("adm/outlier_metrics_io.pt"));
        writeMatrixNpy(path("real.npy"), io::requireTensor(ref, "real"));
        io::saveSafetensors(path("fake.safetensors"), {{"features", io::requireTensor(ref, "fake")}});
        EvaluateRequest r;
        r.real.path = path("real.npy");
        r.fakes = {path("fake.safetensors")};
        r.outDir = path("out_matrix");
        NullProgress p;
        const EvaluateResult res = runEvaluate(r, p);
        QCOMPARE(res.featureDescription, std::string("user-supplied features"));
        QCOMPARE(res.sets.size(), size_t(2));
        QCOMPARE(res.sets[1].precision, io::requireTensor(ref, "precision3").item<double>());
        std::vector<std::string> header;
        const auto rows = readCsvFile(res.metricsCsv, &header);
        QCOMPARE(header, (std::vector<std::string>{"set", "index", "avgknn", "lof", "rarity"}));
        QCOMPARE(rows.size(), size_t(700));
        QVERIFY(rows[0][4].empty());  // no rarity for the real set
        const torch::Tensor lofOut = io::requireTensor(ref, "lof20_out"),
                            knnIn = io::requireTensor(ref, "avgknn5_in");
        QVERIFY(std::abs(std::stod(rows[500][3]) - lofOut[0].item<double>()) <
                1e-6 * lofOut[0].item<double>());
        QVERIFY(std::abs(std::stod(rows[7][2]) - knnIn[7].item<double>()) < 1e-6 * knnIn[7].item<double>());
        const auto summary = nlohmann::json::parse(std::ifstream(res.summaryJson));
        QVERIFY(summary.at("sets")[1].contains("lof"));
        QVERIFY(fs::exists(path("out_matrix/lof_density.png")) &&
                fs::exists(path("out_matrix/avgknn_density.png")));
    }

    void imagesAndNpzGetFeatures() {
        mlens::test::writeToyDataset(path("real_imgs"), 40, 32, 1, 1);
        mlens::test::writeToyDataset(path("fake_imgs"), 12, 32, 1, 2, 3);
        // a samples .npz as `sample` writes it: arr_0 uint8 NHWC
        io::NpyArray arr{"arr_0", io::DType::UInt8, {6, 32, 32, 1}, std::vector<uint8_t>(6 * 32 * 32, 128)};
        io::writeNpz(path("samples.npz"), {arr});
        EvaluateRequest r;
        r.real.path = path("real_imgs");
        r.fakes = {"noisy=" + path("fake_imgs"), path("samples.npz")};
        r.outDir = path("out_images");
        r.device = "cpu";
        NullProgress p;
        const EvaluateResult res = runEvaluate(r, p);
        QCOMPARE(res.sets[1].name, std::string("noisy"));
        QCOMPARE(res.sets[2].name, std::string("samples"));
        QCOMPARE(res.sets[2].count, int64_t(6));
        QVERIFY(res.featureDescription.find("random weights (seed 0)") != std::string::npos);
        QVERIFY(res.sets[1].precision >= 0 && res.sets[1].precision <= 1);
        // the noisy outliers (every third image) sit further from the reals than the reals from each other
        QVERIFY(res.sets[1].metrics.at("avgknn").mean > res.sets[0].metrics.at("avgknn").mean);
    }

    // An image folder is read batch by batch: nothing is held whole, batches equal the images decoded
    // one by one, and an image that changed after loading is a clear error, never a silent gap.
    void imageFoldersAreReadPerBatch() {
        mlens::test::writeToyDataset(path("stream"), 10, 32, 3, 4);
        std::ofstream(path("stream") + "/broken.png") << "x";
        const metrics::SampleSet s = metrics::loadSampleSet(path("stream"), 16, 3);
        QVERIFY(!s.images.defined());
        QVERIFY(s.hasImages());
        QCOMPARE(s.size(), int64_t(10));
        QCOMPARE(s.itemNames.size(), size_t(10));
        const torch::Tensor all = s.batch(0, 10);
        QCOMPARE(all.sizes().vec(), (std::vector<int64_t>{10, 3, 16, 16}));
        QVERIFY(torch::equal(s.batch(3, 4), all.narrow(0, 3, 4)));
        const DatasetReader reader(scanDataset(path("stream")));
        QVERIFY(torch::equal(all[7], io::admPreprocess(reader.read(s.readable[7]).display, 16, 3)));
        QVERIFY_THROWS_EXCEPTION(Error, s.batch(8, 3));
        std::ofstream(path("stream/") + s.itemNames[5], std::ios::trunc) << "now broken";
        try {
            s.batch(4, 2);
            QFAIL("a changed image was read");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("could be read before and now cannot") != std::string::npos,
                     e.what());
        }
    }

    // Feature extraction split over shards: a merge computes the same metrics from the shards'
    // features, extracting none again; a shard that has not run is named.
    void shardedFeaturesMergeToTheSameMetrics() {
        mlens::test::writeToyDataset(path("shard_real"), 30, 32, 3, 5);
        mlens::test::writeToyDataset(path("shard_fake"), 9, 32, 3, 6, 3);
        auto request = [&](const std::string& out, Shard shard = {}) {
            EvaluateRequest r;
            r.real.path = path("shard_real");
            r.fakes = {path("shard_fake")};
            r.outDir = path(out.c_str());
            r.features.classifier = mlens::test::fixture("adm/classifier_rgb32.pt");
            r.batchSize = 8;  // units: real 0..3, fake 4..5
            r.device = "cpu";
            r.shard = shard;
            return r;
        };
        NullProgress p;
        const EvaluateResult plain = runEvaluate(request("shard_plain"), p);
        QCOMPARE(plain.batchesExtracted, int64_t(6));
        const EvaluateResult s0 = runEvaluate(request("shard_out", {0, 2}), p);
        QCOMPARE(s0.batchesExtracted, int64_t(3));
        QVERIFY(s0.sets.empty() && !fs::exists(path("shard_out/metrics.csv")));
        EvaluateRequest merge = request("shard_out");
        merge.mergeOnly = true;
        try {
            runEvaluate(merge, p);
            QFAIL("a merge without shard 1/2 succeeded");
        } catch (const Error& e) {
            QVERIFY2(
                std::string(e.what()).find("3 feature batches are not extracted yet (first: batch 1): rerun "
                                           "shard 1/2 (never started)") != std::string::npos,
                e.what());
        }
        QCOMPARE(runEvaluate(request("shard_out", {1, 2}), p).batchesExtracted, int64_t(3));
        const EvaluateResult merged = runEvaluate(merge, p);
        QCOMPARE(merged.batchesExtracted, int64_t(0));
        QCOMPARE(merged.batchesReused, int64_t(6));
        std::ifstream a(plain.metricsCsv), b(merged.metricsCsv);
        const std::string ta((std::istreambuf_iterator<char>(a)), {}),
            tb((std::istreambuf_iterator<char>(b)), {});
        QVERIFY(ta.size() > 100);
        QCOMPARE(tb, ta);
    }

    void badInputsAreExplained() {
        const io::StateDict ref = io::loadTensorFile(mlens::test::fixture("adm/outlier_metrics_io.pt"));
        writeMatrixNpy(path("real.npy"), io::requireTensor(ref, "real"));
        writeMatrixNpy(path("wide.npy"), torch::rand({20, 8}, torch::kFloat64));
        EvaluateRequest r;
        r.real.path = path("real.npy");
        r.fakes = {path("wide.npy")};
        r.outDir = path("out_bad");
        NullProgress p;
        try {
            runEvaluate(r, p);
            QFAIL("mismatched feature sizes accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("8-d features, the real set 16-d") != std::string::npos,
                     e.what());
        }
        r.fakes = {path("nothing.npz")};
        QVERIFY_THROWS_EXCEPTION(Error, runEvaluate(r, p));
    }
};

QTEST_APPLESS_MAIN(TestEvaluate)
#include "test_evaluate.moc"
