// The architecture plan predicts every parameter name and shape the torch modules register, for
// every option the constructors take; configuration inference depends on it.
#include <torch/torch.h>
#include <QtTest/QtTest>

#include "engine/api/error.h"
#include "engine/models/adm_models.h"
#include "engine/models/adm_plan.h"

using namespace mlens;
using namespace mlens::models;

namespace {

std::map<std::string, std::vector<int64_t>> moduleShapes(torch::nn::Module& m) {
    std::map<std::string, std::vector<int64_t>> s;
    for (const auto& p : m.named_parameters(true))
        s[p.key()] = p.value().sizes().vec();
    for (const auto& b : m.named_buffers(true))
        s[b.key()] = b.value().sizes().vec();
    return s;
}

AdmConfig base(AdmKind kind) {
    AdmConfig c;
    c.kind = kind;
    c.imageSize = 32;
    c.inChannels = 3;
    c.modelChannels = 32;
    c.outChannels = kind == AdmKind::UNet ? 6 : 10;
    c.numResBlocks = 2;
    c.channelMult = {1, 2, 2};
    c.attentionResolutions = {2, 4};
    c.numHeadChannels = 16;
    return c;
}

}  // namespace

class TestAdmPlan : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shapesMatchModules_data() {
        QTest::addColumn<int>("variant");
        for (int v = 0; v < 12; ++v)
            QTest::newRow(qPrintable(QString("variant %1").arg(v))) << v;
    }

    void shapesMatchModules() {
        QFETCH(int, variant);
        const AdmKind kind = variant < 6 ? AdmKind::UNet : AdmKind::EncoderUNet;
        AdmConfig c = base(kind);
        switch (variant % 6) {
            case 0:
                break;
            case 1:
                c.resblockUpdown = true;
                c.useScaleShiftNorm = true;
                break;
            case 2:
                c.convResample = false;
                c.numResBlocks = 1;
                c.attentionResolutions = {1};
                break;
            case 3:
                c.useNewAttentionOrder = true;
                c.channelMult = {1, 2, 3, 4};
                c.inChannels = 1;
                break;
            case 4:
                c.numHeadChannels = -1;
                c.numHeads = 4;
                c.numHeadsUpsample = 2;
                c.attentionResolutions = {};
                break;
            case 5:
                c.resblockUpdown = true;
                c.numResBlocks = 3;
                c.channelMult = {2, 2};
                break;
        }
        if (kind == AdmKind::UNet && variant % 2) c.numClasses = 7;
        if (kind == AdmKind::EncoderUNet)
            c.pool = std::vector<std::string>{"adaptive",   "attention", "spatial",
                                              "spatial_v2", "attention", "adaptive"}[variant % 6];
        if (c.pool == "attention" && c.numHeadChannels == -1) c.numHeadChannels = 16;
        torch::NoGradGuard g;
        std::map<std::string, std::vector<int64_t>> actual;
        if (kind == AdmKind::UNet) {
            UNetModel m(c);
            actual = moduleShapes(*m);
        } else {
            EncoderUNetModel m(c);
            actual = moduleShapes(*m);
        }
        const auto predicted = expectedShapes(c);
        for (const auto& [k, v] : actual)
            QVERIFY2(predicted.count(k) && predicted.at(k) == v, k.c_str());
        for (const auto& [k, v] : predicted)
            QVERIFY2(actual.count(k), k.c_str());
    }

    void modelsRunOnTheirPlannedShapes() {
        torch::NoGradGuard g;
        AdmConfig c = base(AdmKind::UNet);
        c.resblockUpdown = true;
        UNetModel unet(c);
        const auto out = unet->forward(torch::randn({2, 3, 32, 32}), torch::tensor({0, 999}));
        QCOMPARE(out.sizes().vec(), (std::vector<int64_t>{2, 6, 32, 32}));
        for (const char* pool : {"adaptive", "attention", "spatial", "spatial_v2"}) {
            AdmConfig e = base(AdmKind::EncoderUNet);
            e.pool = pool;
            EncoderUNetModel enc(e);
            QCOMPARE(enc->forward(torch::randn({2, 3, 32, 32}), torch::tensor({5, 500})).sizes().vec(),
                     (std::vector<int64_t>{2, 10}));
            QCOMPARE(enc->middleFeatures(torch::randn({1, 3, 32, 32}), torch::tensor({5})).sizes().vec(),
                     (std::vector<int64_t>{1, 64, 8, 8}));
        }
    }

    void invalidConfigurationsAreRefused() {
        AdmConfig c = base(AdmKind::UNet);
        c.numHeadChannels = 24;  // 32 channels do not split into heads of 24
        QVERIFY_THROWS_EXCEPTION(Error, planAdm(c));
        c = base(AdmKind::UNet);
        c.modelChannels = 20;  // GroupNorm(32) needs multiples of 32
        QVERIFY_THROWS_EXCEPTION(Error, planAdm(c));
        c = base(AdmKind::EncoderUNet);
        c.pool = "max";
        QVERIFY_THROWS_EXCEPTION(Error, planAdm(c));
        c = base(AdmKind::UNet);
        c.dims = 3;
        QVERIFY_THROWS_EXCEPTION(Error, planAdm(c));
    }
};

QTEST_APPLESS_MAIN(TestAdmPlan)
#include "test_adm_plan.moc"
