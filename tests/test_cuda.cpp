// On a CUDA device: the networks reproduce the fixtures there too, and sampling from the same noise
// gives the CPU's samples within float tolerance. Skipped cleanly (not passed) without a GPU.
#include <QtTest/QtTest>

#include <opencv2/core.hpp>

#include "engine/api/checkpoint_tools.h"
#include "engine/api/runtime.h"
#include "engine/api/sampling.h"
#include "tests/support/test_support.h"

using namespace mlens;
using mlens::test::fixture;

class TestCuda : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        try {
            resolveDevice("cuda");
        } catch (const Error& e) {
            QSKIP(qPrintable(QString("no CUDA device: ") + e.what()));
        }
    }

    void networksMatchTheFixturesOnTheGpu() {
        for (const char* name :
             {"unet_rgb32", "unet_gray32_cond", "classifier_rgb32", "classifier_gray32_adaptive"}) {
            VerifyRequest r;
            r.model = fixture(std::string("adm/") + name + ".pt");
            r.config = fixture(std::string("adm/") + name + ".json");
            r.io = fixture(std::string("adm/") + name + "_io.pt");
            r.device = "cuda";
            const VerifyResult v = verifyCheckpoint(r);
            QVERIFY2(v.passed, qPrintable(QString("%1 on %2: relative error %3")
                                              .arg(name)
                                              .arg(QString::fromStdString(v.device))
                                              .arg(v.relativeError)));
        }
    }

    void samplingMatchesTheCpu() {
        SampleRequest r;
        r.backbone.checkpoint = fixture("adm/unet_rgb32.pt");
        r.backbone.config = fixture("adm/unet_rgb32.json");
        r.respacing = "10";
        r.numSamples = 4;
        r.guidance.classifier = fixture("adm/classifier_rgb32.pt");
        r.guidance.classifierConfig = fixture("adm/classifier_rgb32.json");
        r.guidance.targetClass = 9;
        r.guidance.scale = 3;
        NullProgress p;
        r.device = "cpu";
        const SampleResult cpu = runSample(r, p);
        r.device = "cuda";
        const SampleResult gpu = runSample(r, p);
        double worst = 0;
        for (size_t i = 0; i < cpu.guided.x0.size(); ++i)
            worst = std::max(worst, cv::norm(cpu.guided.x0[i], gpu.guided.x0[i], cv::NORM_INF));
        QVERIFY2(worst < 5e-3, qPrintable(QString("largest CPU-GPU difference %1").arg(worst)));
    }
};

QTEST_APPLESS_MAIN(TestCuda)
#include "test_cuda.moc"
