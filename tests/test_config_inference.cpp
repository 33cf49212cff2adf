// Inferring constructor arguments from names and shapes: exact for the structure, honest about what
// the weights do not store.
#include <torch/torch.h>
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include "engine/api/error.h"
#include "engine/io/checkpoint.h"
#include "engine/io/torch_tensors.h"
#include "engine/models/adm_models.h"
#include "engine/models/config_inference.h"
#include "tests/support/test_support.h"

using namespace mlens;
using namespace mlens::models;

namespace {

void expectStructureMatches(const AdmConfig& inferred, const AdmConfig& truth) {
    QCOMPARE(inferred.kind, truth.kind);
    QCOMPARE(inferred.inChannels, truth.inChannels);
    QCOMPARE(inferred.modelChannels, truth.modelChannels);
    QCOMPARE(inferred.outChannels, truth.outChannels);
    QCOMPARE(inferred.numResBlocks, truth.numResBlocks);
    QCOMPARE(inferred.channelMult, truth.channelMult);
    // Only downsample rates the network reaches leave weights behind ([4] with two levels is none).
    std::vector<int> reachable;
    for (int ds : truth.attentionResolutions)
        if (ds <= truth.downsampleFactor()) reachable.push_back(ds);
    std::sort(reachable.begin(), reachable.end());
    QCOMPARE(inferred.attentionResolutions, reachable);
    QCOMPARE(inferred.useScaleShiftNorm, truth.useScaleShiftNorm);
    QCOMPARE(inferred.resblockUpdown, truth.resblockUpdown);
    QCOMPARE(inferred.numClasses, truth.numClasses);
    if (truth.kind == AdmKind::EncoderUNet) QCOMPARE(inferred.pool, truth.pool);
}

}  // namespace

class TestConfigInference : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fixturesInferTheirStructure_data() {
        QTest::addColumn<QString>("name");
        for (const char* n :
             {"unet_rgb32", "unet_gray32_cond", "classifier_rgb32", "classifier_gray32_adaptive"})
            QTest::newRow(n) << n;
    }

    void fixturesInferTheirStructure() {
        QFETCH(QString, name);
        const std::string base = "adm/" + name.toStdString();
        const AdmConfig truth = loadConfigFile(mlens::test::fixture(base + ".json"));
        const io::Checkpoint ckpt = io::Checkpoint::open(mlens::test::fixture(base + ".pt"));
        const InferredConfig inf = inferAdmConfig(ckpt.tensors(), name.toStdString() + ".pt");
        expectStructureMatches(inf.config, truth);
        QVERIFY(!inf.assumed.empty());  // heads are never in the weights: inference must say so
        if (truth.pool == "attention") QCOMPARE(inf.config.imageSize, truth.imageSize);
    }

    void inferredModelLoadsTheWeightsStrictly() {
        // The inferred structure is complete enough to build the module and load every tensor.
        const io::Checkpoint ckpt = io::Checkpoint::open(mlens::test::fixture("adm/unet_gray32_cond.pt"));
        const InferredConfig inf = inferAdmConfig(ckpt.tensors());
        UNetModel m(inf.config);
        QCOMPARE(m->named_parameters().size(), ckpt.tensors().size());
    }

    void imageSizeFromFileName() {
        const io::Checkpoint ckpt = io::Checkpoint::open(mlens::test::fixture("adm/unet_rgb32.pt"));
        QCOMPARE(inferAdmConfig(ckpt.tensors(), "256x256_diffusion.pt").config.imageSize, 256);
        QCOMPARE(inferAdmConfig(ckpt.tensors(), "model.pt").config.imageSize, 64);
    }

    void prefixedAndEmaWeights() {
        // A training checkpoint {"model": sd, "ema": sd}: EMA weights are preferred.
        const io::StateDict sd =
            io::loadTensorFile(mlens::test::fixture("adm/classifier_gray32_adaptive.pt"));
        io::StateDict both;
        for (const auto& [k, v] : sd)
            both.emplace_back("model." + k, v);
        for (const auto& [k, v] : sd)
            both.emplace_back("ema." + k, v);
        QTemporaryDir dir;
        const std::string path = dir.filePath("train.pt").toStdString();
        io::saveTorchCheckpoint(path, both);
        const InferredConfig inf = inferAdmConfig(io::Checkpoint::open(path).tensors());
        QCOMPARE(inf.prefix, std::string("ema."));
        QCOMPARE(inf.config.pool, std::string("adaptive"));
    }

    void otherNetworksAreNotMistakenForAdm() {
        const io::Checkpoint lpips = io::Checkpoint::open(mlens::test::fixture("lpips/vgg.pth"));
        QVERIFY(!detectAdmKind(lpips.tensors()));
        QVERIFY_THROWS_EXCEPTION(Error, inferAdmConfig(lpips.tensors()));
    }

    void jsonConfigForms() {
        // script_util style: strings, attention given as resolutions
        const auto c = configFromJson(nlohmann::json::parse(
            R"({"image_size": 64, "model_channels": 64, "num_res_blocks": 2, "attention_resolutions": "32,16",
                "channel_mult": "1,2,2", "in_channels": 3, "out_channels": 6})"));
        QCOMPARE(c.attentionResolutions, (std::vector<int>{2, 4}));
        QCOMPARE(c.channelMult, (std::vector<int>{1, 2, 2}));
        QVERIFY(c.learnSigma());
        const auto again = configFromJson(configToJson(c));
        QCOMPARE(again.attentionResolutions, c.attentionResolutions);
        QVERIFY_THROWS_EXCEPTION(Error,
                                 configFromJson(nlohmann::json::parse(R"({"model_channels": "many"})")));
        QVERIFY_THROWS_EXCEPTION(
            Error, configFromJson(nlohmann::json::parse(R"({"class": "SuperResModel", "kwargs": {}})")));
    }
};

QTEST_APPLESS_MAIN(TestConfigInference)
#include "test_config_inference.moc"
