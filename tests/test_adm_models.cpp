// The ported networks reproduce guided-diffusion's outputs, and loading is strict and explains
// every mismatch.
#include <torch/torch.h>
#include <QtTest/QtTest>

#include "engine/api/error.h"
#include "engine/io/checkpoint.h"
#include "engine/io/torch_tensors.h"
#include "engine/models/adm_models.h"
#include "engine/models/model_loader.h"
#include "engine/models/state_dict.h"
#include "tests/support/test_support.h"
#include "tests/support/torch_testing.h"

using namespace mlens;
using namespace mlens::models;

namespace {

torch::Tensor run(LoadedAdm& m, const io::StateDict& io) {
    torch::NoGradGuard g;
    const auto x = io::requireTensor(io, "x");
    const auto t = io::requireTensor(io, "t");
    if (m.unet) {
        std::optional<torch::Tensor> y;
        if (const auto* yt = io::findTensor(io, "y")) y = *yt;
        return m.unet->forward(x, t, y);
    }
    return m.encoder->forward(x, t);
}

Error loadError(torch::nn::Module& m, const std::string& path) {
    try {
        loadWeights(m, io::Checkpoint::open(path));
    } catch (const Error& e) {
        return e;
    }
    return Error(ErrorCode::Runtime, "(loaded)");
}

}  // namespace

class TestAdmModels : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void fixturesReproduce_data() {
        QTest::addColumn<QString>("name");
        for (const char* n :
             {"unet_rgb32", "unet_gray32_cond", "classifier_rgb32", "classifier_gray32_adaptive"})
            QTest::newRow(n) << n;
    }

    void fixturesReproduce() {
        QFETCH(QString, name);
        const std::string base = "adm/" + name.toStdString();
        LoadedAdm m = loadAdm(mlens::test::fixture(base + ".pt"), mlens::test::fixture(base + ".json"),
                              torch::kCPU, std::nullopt, "model");
        const io::StateDict io = io::loadTensorFile(mlens::test::fixture(base + "_io.pt"));
        const double err = mlens::test::relError(run(m, io), io::requireTensor(io, "out"));
        QVERIFY2(err < 1e-4, qPrintable(QString::fromStdString(mlens::test::describeError(base, err, 1e-4))));
    }

    void halfPrecisionCheckpointsLoadIntoFloat32() {
        const std::string base = "adm/unet_gray32_cond";
        io::StateDict half;
        for (const auto& [k, v] : io::loadTensorFile(mlens::test::fixture(base + ".pt")))
            half.emplace_back(k, v.to(torch::kFloat16));
        io::StateDict bf16;
        for (const auto& [k, v] : half)
            bf16.emplace_back(k, v.to(torch::kBFloat16));
        const std::string halfPath = m_dir.filePath("half.pt").toStdString();
        const std::string bf16Path = m_dir.filePath("bf16.safetensors").toStdString();
        io::saveTorchCheckpoint(halfPath, half);
        io::saveSafetensors(bf16Path, bf16);
        const io::StateDict io = io::loadTensorFile(mlens::test::fixture(base + "_io.pt"));
        for (const auto& path : {halfPath, bf16Path}) {
            LoadedAdm m =
                loadAdm(path, mlens::test::fixture(base + ".json"), torch::kCPU, std::nullopt, "model");
            QCOMPARE(m.converted, half.size());
            QCOMPARE(m.unet->parameters().front().scalar_type(), torch::kFloat32);
            // rounded weights: close to the float32 reference, not equal
            const double err = mlens::test::relError(run(m, io), io::requireTensor(io, "out"));
            QVERIFY2(err < 5e-2 && err > 0,
                     qPrintable(QString("%1: relative error %2").arg(QString::fromStdString(path)).arg(err)));
        }
    }

    void shapeMismatchNamesKeyAndShapes() {
        AdmConfig c = loadConfigFile(mlens::test::fixture("adm/classifier_rgb32.json"));
        c.outChannels = 7;
        EncoderUNetModel m(c);
        const Error e = loadError(*m, mlens::test::fixture("adm/classifier_rgb32.pt"));
        QCOMPARE(e.code(), ErrorCode::ShapeMismatch);
        QCOMPARE(std::string(e.what()),
                 std::string(
                     "shape mismatch for out.2.c_proj.weight: checkpoint [10, 64, 1] vs model [7, 64, 1]"));
    }

    void missingAndUnexpectedKeysAreListed() {
        AdmConfig c = loadConfigFile(mlens::test::fixture("adm/classifier_gray32_adaptive.json"));
        c.pool = "spatial";  // a different head: out.2 (linear) missing, out.3 (conv) unexpected
        EncoderUNetModel m(c);
        const Error e = loadError(*m, mlens::test::fixture("adm/classifier_gray32_adaptive.pt"));
        const std::string what = e.what();
        QVERIFY2(
            what.find("missing keys: out.2.weight, out.2.bias; unexpected keys: out.3.bias, out.3.weight") !=
                std::string::npos,
            what.c_str());
    }

    void wrongModelTypeIsRefused() {
        try {
            loadAdm(mlens::test::fixture("adm/classifier_rgb32.pt"),
                    mlens::test::fixture("adm/classifier_rgb32.json"), torch::kCPU, AdmKind::UNet,
                    "backbone");
            QFAIL("a classifier loaded as a backbone");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("must be a UNetModel") != std::string::npos, e.what());
        }
    }

    void nanWeightsAreRefused() {
        io::StateDict sd = io::loadTensorFile(mlens::test::fixture("adm/classifier_gray32_adaptive.pt"));
        sd[3].second = sd[3].second.clone();
        sd[3].second.view(-1)[0] = std::numeric_limits<float>::quiet_NaN();
        const std::string path = m_dir.filePath("nan.safetensors").toStdString();
        io::saveSafetensors(path, sd);
        try {
            loadAdm(path, mlens::test::fixture("adm/classifier_gray32_adaptive.json"), torch::kCPU,
                    std::nullopt, "classifier");
            QFAIL("NaN weights loaded");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Numerical);
            QVERIFY2(std::string(e.what()).find(sd[3].first) != std::string::npos, e.what());
        }
    }

    void timestepEmbeddingMatchesFormula() {
        const auto emb = timestepEmbedding(torch::tensor({0, 605}), 6);
        // half = 3, freqs = exp(-ln(10000) k / 3): [cos(t f), sin(t f)]
        for (int k = 0; k < 3; ++k) {
            const double f = std::exp(-std::log(10000.0) * k / 3);
            QVERIFY(std::abs(emb[1][k].item<double>() - std::cos(605 * f)) < 1e-4);
            QVERIFY(std::abs(emb[1][k + 3].item<double>() - std::sin(605 * f)) < 1e-4);
        }
        QCOMPARE(emb[0][0].item<float>(), 1.0f);
    }
};

QTEST_APPLESS_MAIN(TestAdmModels)
#include "test_adm_models.moc"
