// Every request survives toJson -> fromJson with each of its fields (a field missing from the field
// list would come back as its default), an empty object gives the defaults, and a wrong type or an
// unknown choice is refused with the key named.
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include "engine/api/request_json.h"

using namespace mlens;

namespace {

template <class R>
R roundTrip(const R& r) {
    const std::string text = toJson(r);
    const R back = fromJson<R>(text);
    if (toJson(back) != text)
        throw std::runtime_error("JSON differs after a round trip: " + text + " vs " + toJson(back));
    return back;
}

DatasetSpec someDataset() {
    DatasetSpec d;
    d.path = "/data/mri";
    d.labels = LabelSource::Csv;
    d.labelsCsv = "/data/labels.csv";
    d.plane = Plane::Coronal;
    d.keepEmptySlices = true;
    d.longTail = {100, 6000, 3};
    d.window = {WindowMode::Fixed, 1, 98, 40, 400};
    d.fit = Fit::Pad;
    return d;
}

void checkDataset(const DatasetSpec& d) {
    QCOMPARE(d.path, std::string("/data/mri"));
    QCOMPARE(d.labels, LabelSource::Csv);
    QCOMPARE(d.labelsCsv, std::string("/data/labels.csv"));
    QCOMPARE(d.plane, Plane::Coronal);
    QVERIFY(d.keepEmptySlices);
    QCOMPARE(d.longTail.imbalance, 100.0);
    QCOMPARE(d.longTail.maxPerClass, int64_t(6000));
    QCOMPARE(d.longTail.seed, uint64_t(3));
    QCOMPARE(d.window.mode, WindowMode::Fixed);
    QCOMPARE(d.window.lowPercent, 1.0);
    QCOMPARE(d.window.highPercent, 98.0);
    QCOMPARE(d.window.center, 40.0);
    QCOMPARE(d.window.width, 400.0);
    QCOMPARE(d.fit, Fit::Pad);
}

BackboneSpec someBackbone() {
    BackboneSpec b;
    b.checkpoint = "/m/unet.pt";
    b.config = "/m/unet.json";
    b.imageSize = 64;
    b.schedule = Schedule::Cosine;
    b.diffusionSteps = 4000;
    b.sigmaSmall = true;
    return b;
}

void checkBackbone(const BackboneSpec& b) {
    QCOMPARE(b.checkpoint, std::string("/m/unet.pt"));
    QCOMPARE(b.config, std::string("/m/unet.json"));
    QCOMPARE(b.imageSize, 64);
    QVERIFY(b.schedule && *b.schedule == Schedule::Cosine);
    QCOMPARE(b.diffusionSteps, 4000);
    QVERIFY(b.sigmaSmall);
}

MinorityScoreParams someScore() {
    MinorityScoreParams s;
    s.t = -1;
    s.tIndex = 60;
    s.respacing = "100";
    s.draws = 9;
    s.distance = Distance::LpipsAlex;
    s.lpipsTrunk = "/w/alexnet.pth";
    s.lpipsHeads = "/w/alex.pth";
    s.seed = 42;
    return s;
}

void checkScore(const MinorityScoreParams& s) {
    QCOMPARE(s.tIndex, 60);
    QCOMPARE(s.respacing, std::string("100"));
    QCOMPARE(s.draws, 9);
    QCOMPARE(s.distance, Distance::LpipsAlex);
    QCOMPARE(s.lpipsTrunk, std::string("/w/alexnet.pth"));
    QCOMPARE(s.lpipsHeads, std::string("/w/alex.pth"));
    QCOMPARE(s.seed, uint64_t(42));
}

}  // namespace

class TestRequestJson : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void scoreRequest() {
        ScoreRequest r;
        r.backbone = someBackbone();
        r.score = someScore();
        r.dataset = someDataset();
        r.workspace = "/ws";
        r.batchSize = 7;
        r.spatialMaps = true;
        r.device = "cuda:1";
        const ScoreRequest b = roundTrip(r);
        checkBackbone(b.backbone);
        checkScore(b.score);
        checkDataset(b.dataset);
        QCOMPARE(b.workspace, std::string("/ws"));
        QCOMPARE(b.batchSize, 7);
        QVERIFY(b.spatialMaps);
        QCOMPARE(b.device, std::string("cuda:1"));
    }

    void sampleRequest() {
        SampleRequest r;
        r.backbone = someBackbone();
        r.respacing = "ddim50";
        r.sampler = Sampler::Ddim;
        r.eta = 0.5;
        r.clipDenoised = false;
        r.classLabel = 3;
        r.guidance = {"/c.safetensors", "/c.json", 9, 2.5, {0.1, 0.2}};
        r.withBaseline = true;
        r.numSamples = 11;
        r.seed = 5;
        r.batchSize = 3;
        r.replayNoise = "/noise.pt";
        r.device = "cpu";
        r.outDir = "/out";
        r.writePngs = false;
        r.previewEvery = 4;
        const SampleRequest b = roundTrip(r);
        checkBackbone(b.backbone);
        QCOMPARE(b.respacing, std::string("ddim50"));
        QCOMPARE(b.sampler, Sampler::Ddim);
        QCOMPARE(b.eta, 0.5);
        QVERIFY(!b.clipDenoised);
        QCOMPARE(b.classLabel, 3);
        QCOMPARE(b.guidance.classifier, std::string("/c.safetensors"));
        QCOMPARE(b.guidance.classifierConfig, std::string("/c.json"));
        QCOMPARE(b.guidance.targetClass, 9);
        QCOMPARE(b.guidance.scale, 2.5);
        QCOMPARE(b.guidance.mixtureWeights, (std::vector<double>{0.1, 0.2}));
        QVERIFY(b.withBaseline);
        QCOMPARE(b.numSamples, 11);
        QCOMPARE(b.seed, uint64_t(5));
        QCOMPARE(b.batchSize, 3);
        QCOMPARE(b.replayNoise, std::string("/noise.pt"));
        QCOMPARE(b.outDir, std::string("/out"));
        QVERIFY(!b.writePngs);
        QCOMPARE(b.previewEvery, 4);
    }

    void evaluateRequest() {
        EvaluateRequest r;
        r.real = someDataset();
        r.realName = "reals";
        r.fakes = {"a=/a.npz", "/b.npz"};
        r.outDir = "/eval";
        r.features = {"/resnet.pth", "/judge.safetensors", 3, 128};
        r.knnK = 6;
        r.lofK = 21;
        r.rarityK = 4;
        r.prK = 5;
        r.backbone = someBackbone();
        r.score = someScore();
        r.batchSize = 9;
        r.device = "cpu";
        const EvaluateRequest b = roundTrip(r);
        checkDataset(b.real);
        QCOMPARE(b.realName, std::string("reals"));
        QCOMPARE(b.fakes, (std::vector<std::string>{"a=/a.npz", "/b.npz"}));
        QCOMPARE(b.outDir, std::string("/eval"));
        QCOMPARE(b.features.network, std::string("/resnet.pth"));
        QCOMPARE(b.features.classifier, std::string("/judge.safetensors"));
        QCOMPARE(b.features.seed, uint64_t(3));
        QCOMPARE(b.features.size, 128);
        QCOMPARE(b.knnK + b.lofK + b.rarityK + b.prK, 6 + 21 + 4 + 5);
        checkBackbone(b.backbone);
        checkScore(b.score);
        QCOMPARE(b.batchSize, 9);
    }

    void trainingRequests() {
        ClassifierTrainRequest c;
        c.target = ClassifierTarget::DatasetLabels;
        c.workspace = "/ws";
        c.dataset = someDataset();
        c.outDir = "/clf";
        c.schedule = Schedule::Cosine;
        c.diffusionSteps = 4000;
        c.imageSize = 28;
        c.channels = 1;
        c.noisy = false;
        c.classifierConfig = "/cfg.json";
        c.featureClassifier = "/feat.pt";
        c.featureClassifierConfig = "/feat.json";
        c.classConditional = true;
        c.iterations = 77;
        c.batchSize = 5;
        c.lr = 1e-3;
        c.weightDecay = 0.1;
        c.anneal = false;
        c.flip = false;
        c.valFraction = 0.2;
        c.evalEvery = 3;
        c.saveEvery = 4;
        c.seed = 8;
        c.resume = true;
        c.device = "cpu";
        const ClassifierTrainRequest cb = roundTrip(c);
        QCOMPARE(cb.target, ClassifierTarget::DatasetLabels);
        checkDataset(cb.dataset);
        QVERIFY(cb.schedule && *cb.schedule == Schedule::Cosine);
        QCOMPARE(cb.diffusionSteps + cb.imageSize + cb.channels, 4000 + 28 + 1);
        QVERIFY(!cb.noisy && cb.classConditional && !cb.anneal && !cb.flip && cb.resume);
        QCOMPARE(cb.featureClassifierConfig, std::string("/feat.json"));
        QCOMPARE(cb.iterations + cb.batchSize + cb.evalEvery + cb.saveEvery, 77 + 5 + 3 + 4);
        QCOMPARE(cb.lr + cb.weightDecay + cb.valFraction, 1e-3 + 0.1 + 0.2);

        BackboneTrainRequest t;
        t.dataset = someDataset();
        t.unconditional = true;
        t.outDir = "/bb";
        t.modelConfig = "/unet.json";
        t.imageSize = 28;
        t.channels = 1;
        t.learnSigma = false;
        t.schedule = Schedule::Cosine;
        t.diffusionSteps = 500;
        t.iterations = 9;
        t.batchSize = 4;
        t.lr = 1e-4;
        t.warmup = 3;
        t.gradClip = 2;
        t.emaRate = 0.99;
        t.transfer = Transfer::H2T;
        t.balancedBatches = true;
        t.labelDrop = 0.2;
        t.flip = false;
        t.logEvery = 2;
        t.saveEvery = 3;
        t.seed = 4;
        t.resume = true;
        t.device = "cpu";
        const BackboneTrainRequest tb = roundTrip(t);
        checkDataset(tb.dataset);
        QVERIFY(tb.unconditional && !tb.learnSigma && tb.balancedBatches && !tb.flip && tb.resume);
        QCOMPARE(tb.schedule, Schedule::Cosine);
        QCOMPARE(tb.transfer, Transfer::H2T);
        QCOMPARE(tb.modelConfig, std::string("/unet.json"));
        QCOMPARE(tb.diffusionSteps + tb.iterations + tb.batchSize + tb.warmup + tb.logEvery + tb.saveEvery,
                 500 + 9 + 4 + 3 + 2 + 3);
        QCOMPARE(tb.lr + tb.gradClip + tb.emaRate + tb.labelDrop, 1e-4 + 2 + 0.99 + 0.2);
    }

    void smallRequests() {
        ClassesRequest c{"/ws", 12, true, 50};
        const ClassesRequest cb = roundTrip(c);
        QCOMPARE(cb.numClasses, 12);
        QVERIFY(cb.perLabel);
        QCOMPARE(cb.minPerClass, 50);

        SyntheticRequest s;
        s.kind = SyntheticKind::Shapes;
        s.outDir = "/p";
        s.count = 9;
        s.size = 64;
        s.seed = 2;
        const SyntheticRequest sb = roundTrip(s);
        QCOMPARE(sb.kind, SyntheticKind::Shapes);
        QCOMPARE(sb.count + sb.size, 9 + 64);

        DemoRequest d;
        d.outDir = "/demo";
        d.backbone = "/b.safetensors";
        d.quick = true;
        d.seed = 3;
        d.phantoms = 10;
        d.iterations = 11;
        d.samples = 12;
        d.numClasses = 13;
        d.draws = 14;
        d.t = 15;
        d.respacing = "25";
        d.scale = 1.5;
        d.device = "cpu";
        const DemoRequest db = roundTrip(d);
        QVERIFY(db.quick);
        QCOMPARE(db.phantoms + db.iterations + db.samples + db.numClasses + db.draws + db.t,
                 10 + 11 + 12 + 13 + 14 + 15);
        QCOMPARE(db.respacing, std::string("25"));
        QCOMPARE(db.scale, 1.5);

        FmnistBenchmarkRequest fb;
        fb.outDir = "/bench";
        fb.dataDir = "/fmnist";
        fb.backbone = "/b.safetensors";
        fb.judge = "/j.safetensors";
        fb.quick = true;
        fb.seed = 4;
        fb.samples = 20;
        fb.iterations = 21;
        fb.numClasses = 22;
        fb.draws = 23;
        fb.t = 24;
        fb.respacing = "ddim9";
        fb.scale = 2.5;
        fb.device = "cpu";
        const FmnistBenchmarkRequest fbb = roundTrip(fb);
        QVERIFY(fbb.quick);
        QCOMPARE(fbb.dataDir + fbb.judge + fbb.respacing, std::string("/fmnist/j.safetensorsddim9"));
        QCOMPARE(fbb.samples + fbb.iterations + fbb.numClasses + fbb.draws + fbb.t, 20 + 21 + 22 + 23 + 24);
        QCOMPARE(fbb.seed + static_cast<uint64_t>(fbb.scale * 2), uint64_t{4 + 5});

        VerifyRequest v{"/m.pt", "/m.json", "/io.pt", 1e-3, "cpu"};
        const VerifyRequest vb = roundTrip(v);
        QCOMPARE(vb.io, std::string("/io.pt"));
        QCOMPARE(vb.tolerance, 1e-3);
    }

    void emptyObjectGivesTheDefaults() {
        QCOMPARE(toJson(fromJson<ScoreRequest>("{}")), toJson(ScoreRequest{}));
        QCOMPARE(toJson(fromJson<SampleRequest>("{}")), toJson(SampleRequest{}));
        QCOMPARE(toJson(fromJson<BackboneTrainRequest>("{}")), toJson(BackboneTrainRequest{}));
        // unset optional: the checkpoint's schedule
        QVERIFY(!fromJson<ScoreRequest>(R"({"backbone": {"schedule": null}})").backbone.schedule);
    }

    void badJsonNamesTheKey() {
        auto message = [](const std::string& text) {
            try {
                fromJson<ScoreRequest>(text);
            } catch (const Error& e) {
                return std::string(e.what());
            }
            return std::string("(accepted)");
        };
        QVERIFY2(message(R"({"batch_size": "many"})").find("'batch_size'") != std::string::npos,
                 message(R"({"batch_size": "many"})").c_str());
        QVERIFY(message(R"({"score": {"distance": "cosine"}})").find("score.distance") != std::string::npos);
        QVERIFY(
            message(R"({"score": {"distance": "cosine"}})").find("lpips-vgg, lpips-alex, l2, l1 or ssim") !=
            std::string::npos);
        QVERIFY(message("[1, 2]").find("must be an object") != std::string::npos);
        QVERIFY(message("{not json").find("not valid JSON") != std::string::npos);
    }

    void choicesRoundTripTheirNames() {
        for (const Distance d : values<Distance>())
            QCOMPARE(parse<Distance>(name(d)), d);
        for (const Plane p : values<Plane>())
            QCOMPARE(parse<Plane>(name(p)), p);
        QCOMPARE(std::string(name(Transfer::T2H)), std::string("t2h"));
        QVERIFY_THROWS_EXCEPTION(Error, parse<Schedule>("Linear"));  // names are exact
    }
};

QTEST_APPLESS_MAIN(TestRequestJson)
#include "test_request_json.moc"
