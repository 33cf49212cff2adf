// Training a backbone: the loss is finite and recorded, the checkpoint describes itself (config,
// schedule) so sampling needs nothing else, resuming is bit for bit, and the class-conditional
// long-tail options run and transfer targets.
#include <torch/torch.h>
#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

#include <fstream>

#include "engine/api/backbone.h"
#include "engine/api/error.h"
#include "engine/api/progress.h"
#include "engine/api/sampling.h"
#include "engine/api/synthetic.h"
#include "engine/io/torch_tensors.h"
#include "engine/models/model_loader.h"
#include "support/test_support.h"

using namespace mlens;

namespace {

// metrics.jsonl without the wall-clock seconds, one JSON object per line.
std::vector<nlohmann::json> metricLines(const std::string& path) {
    std::vector<nlohmann::json> out;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        nlohmann::json j = nlohmann::json::parse(line);
        j.erase("seconds");
        out.push_back(j);
    }
    return out;
}

}  // namespace

class TestBackboneTrainer : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string m_brain, m_shapes;

    BackboneTrainRequest request(const std::string& out, int iterations) const {
        BackboneTrainRequest r;
        r.dataset.path = m_brain;
        r.outDir = m_dir.filePath(QString::fromStdString(out)).toStdString();
        r.imageSize = 16;
        r.iterations = iterations;
        r.batchSize = 8;
        r.logEvery = 5;
        r.saveEvery = 1000;
        r.warmup = 5;
        r.device = "cpu";
        return r;
    }

private Q_SLOTS:
    void initTestCase() {
        NullProgress p;
        SyntheticRequest b;
        b.outDir = m_brain = m_dir.filePath("brain").toStdString();
        b.count = 40;
        b.size = 16;
        runSynthetic(b, p);
        SyntheticRequest s;
        s.kind = SyntheticKind::Shapes;
        s.outDir = m_shapes = m_dir.filePath("shapes").toStdString();
        s.count = 120;
        s.size = 16;
        runSynthetic(s, p);
    }

    void trainsAndSamplesFromItsCheckpointAlone() {
        NullProgress p;
        std::vector<BackboneMetrics> seen;
        BackboneTrainRequest r = request("plain", 20);
        r.onMetrics = [&](const BackboneMetrics& m) { seen.push_back(m); };
        const BackboneTrainResult res = runTrainBackbone(r, p);
        QCOMPARE(res.steps, int64_t(20));
        QCOMPARE(seen.size(), size_t(4));
        QVERIFY(std::isfinite(seen.back().loss) &&
                seen.back().vb > 0);  // learned sigma: the bound is trained
        const models::LoadedAdm m =
            models::loadAdm(res.checkpoint, "", torch::kCPU, models::AdmKind::UNet, "backbone");
        QCOMPARE(m.configSource, std::string("the checkpoint's metadata"));
        QCOMPARE(m.schedule, std::string("linear"));
        QCOMPARE(m.config.inChannels, 1);
        QVERIFY(m.config.learnSigma());
        SampleRequest s;
        s.backbone.checkpoint = res.checkpoint;  // no config, no schedule: all from the metadata
        s.respacing = "5";
        s.numSamples = 2;
        s.device = "cpu";
        s.outDir = m_dir.filePath("plain_samples").toStdString();
        QCOMPARE(runSample(s, p).numSamples, int64_t(2));
    }

    void resumesBitForBit() {
        NullProgress p;
        const BackboneTrainResult straight = runTrainBackbone(request("straight", 12), p);
        runTrainBackbone(request("resumed", 6), p);
        BackboneTrainRequest more = request("resumed", 12);
        more.resume = true;
        const BackboneTrainResult resumed = runTrainBackbone(more, p);
        const io::StateDict a = io::loadTensorFile(straight.checkpoint),
                            b = io::loadTensorFile(resumed.checkpoint);
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i)
            QVERIFY2(a[i].second.equal(b[i].second), a[i].first.c_str());
        // Cancelled between two metrics lines (every 5 steps): the resumed run's lines are the
        // uninterrupted run's, number for number (the running means travel in the state).
        test::CancelAtStep cancel("training backbone", 7);
        QVERIFY_THROWS_EXCEPTION(Cancelled, runTrainBackbone(request("cancelled", 12), cancel));
        BackboneTrainRequest rest = request("cancelled", 12);
        rest.resume = true;
        const BackboneTrainResult continued = runTrainBackbone(rest, p);
        const auto x = metricLines(straight.metricsLog), y = metricLines(continued.metricsLog);
        QCOMPARE(y.size(), size_t(3));  // steps 5, 10, 12
        QCOMPARE(y, x);
    }

    void classConditionalLongTailOptions() {
        NullProgress p;
        BackboneTrainRequest r = request("lt", 10);
        r.dataset.path = m_shapes;
        r.dataset.labels = LabelSource::Csv;
        r.dataset.labelsCsv = m_shapes + "/labels.csv";
        r.transfer = Transfer::T2H;
        r.balancedBatches = true;
        double transferred = 0;
        r.onMetrics = [&](const BackboneMetrics& m) { transferred += m.transferred; };
        const BackboneTrainResult res = runTrainBackbone(r, p);
        QCOMPARE(res.numClasses, 11);  // 10 shapes + the "no label" class of label drop
        QVERIFY2(transferred > 0, "no target was ever transferred");
        BackboneTrainRequest bad = request("bad", 5);
        bad.transfer = Transfer::T2H;  // unlabelled data
        QVERIFY_THROWS_EXCEPTION(Error, runTrainBackbone(bad, p));
    }
};

QTEST_APPLESS_MAIN(TestBackboneTrainer)
#include "test_backbone_trainer.moc"
