// `sample --shard K/N`: shards sample disjoint batches into files of their own, and a merge writes
// samples.npz, samples.safetensors and the PNGs byte for byte as an unsharded run into the same
// folder does, sampling nothing; a missing shard is named, rerunning it completes the set.
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>

#include "engine/api/error.h"
#include "engine/api/sampling.h"
#include "engine/io/png_text.h"
#include "tests/support/test_support.h"

using namespace mlens;
using mlens::test::fixture;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

std::string errorOf(const SampleRequest& r) {
    NullProgress p;
    try {
        runSample(r, p);
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

// Every file of a sample folder but the shards' own, with its bytes.
std::map<std::string, std::string> outputs(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        const std::string rel = fs::relative(e.path(), dir).string();
        if (e.is_regular_file() && rel.rfind("shards", 0) != 0) out[rel] = slurp(e.path());
    }
    return out;
}

}  // namespace

class TestSampleShards : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::map<std::string, std::string> m_unsharded;

    std::string out() const { return m_dir.filePath("out").toStdString(); }
    SampleRequest request(Shard shard = {}) const {
        SampleRequest r;
        r.backbone.checkpoint = fixture("adm/unet_rgb32.pt");
        r.backbone.config = fixture("adm/unet_rgb32.json");
        r.guidance.classifier = fixture("adm/classifier_rgb32.pt");
        r.guidance.classifierConfig = fixture("adm/classifier_rgb32.json");
        r.guidance.targetClass = 1;
        r.guidance.scale = 2.0;
        r.withBaseline = true;
        r.respacing = "4";
        r.numSamples = 5;  // batches of 2: 0, 1, 2 (one sample)
        r.batchSize = 2;
        r.seed = 3;
        r.device = "cpu";
        r.outDir = out();  // the same folder as the unsharded run: the PNGs record it
        r.shard = shard;
        return r;
    }
    static SampleRequest merge(SampleRequest r) {
        r.mergeOnly = true;
        return r;
    }

private Q_SLOTS:
    void initTestCase() {
        NullProgress p;
        const SampleResult r = runSample(request(), p);
        QCOMPARE(r.batchesSampled, int64_t(6));  // 3 batches, baseline and guided
        m_unsharded = outputs(out());
        QCOMPARE(m_unsharded.size(), size_t(14));  // per set: npz, safetensors, 5 PNGs
        fs::rename(out(), m_dir.filePath("unsharded").toStdString());
    }

    void shardsMergeToTheUnshardedFiles() {
        NullProgress p;
        const SampleResult s0 = runSample(request({0, 2}), p);  // batches 0 and 2
        QCOMPARE(s0.batchesSampled, int64_t(4));
        QVERIFY(s0.guided.empty());
        QVERIFY(!fs::exists(out() + "/guided/samples.npz"));  // no shared file written by a shard
        QString e = QString::fromStdString(errorOf(merge(request())));
        QVERIFY2(
            e.contains("2 batch runs are not sampled yet (first: batch 1): rerun shard 1/2 (never started)"),
            qPrintable(e));
        const SampleResult s1 = runSample(request({1, 2}), p);
        QCOMPARE(s1.batchesSampled, int64_t(2));
        QVERIFY(fs::exists(s1.shardStatusPath));

        const SampleResult merged = runSample(merge(request()), p);
        QCOMPARE(merged.batchesSampled, int64_t(0));
        QCOMPARE(merged.batchesReused, int64_t(6));
        QCOMPARE(merged.numSamples, int64_t(5));
        const auto files = outputs(out());
        QCOMPARE(files.size(), m_unsharded.size());
        for (const auto& [name, bytes] : m_unsharded)
            QVERIFY2(files.count(name) && files.at(name) == bytes, name.c_str());
        // what the PNGs record describes the images, not how they were split
        const auto text = io::readPngTextFile(out() + "/guided/sample_000004.png");
        bool recorded = false;
        for (const auto& [key, value] : text)
            if (key == "minoritylens") {
                recorded = true;
                QVERIFY(value.find("shard") == std::string::npos &&
                        value.find("\"seed\":3") != std::string::npos);
            }
        QVERIFY(recorded);

        // the same command without a shard, and a shard started again, sample nothing
        QCOMPARE(runSample(request(), p).batchesSampled, int64_t(0));
        QCOMPARE(runSample(request({1, 2}), p).batchesSampled, int64_t(0));
    }

    void shardedRequestsAreChecked() {
        SampleRequest r = request({0, 2});
        r.outDir.clear();
        QVERIFY(QString::fromStdString(errorOf(r)).contains("needs an output folder"));
        r = request({0, 2});
        r.replayNoise = fixture("adm/trajectory_io.pt");
        QVERIFY(QString::fromStdString(errorOf(r)).contains("recorded noise cannot be sharded"));
        r = merge(request({0, 2}));
        QVERIFY(QString::fromStdString(errorOf(r)).contains("drop --shard"));
        // another request (a different scale) does not take the shards' batches
        r = merge(request());
        r.guidance.scale = 3.0;
        QVERIFY(QString::fromStdString(errorOf(r)).contains("not sampled yet"));
    }
};

QTEST_APPLESS_MAIN(TestSampleShards)
#include "test_sample_shards.moc"
