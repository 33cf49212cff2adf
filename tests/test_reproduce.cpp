// `sample --from-png` (reproduceSamplePng): every sample PNG records what made it, and that record
// regenerates the same pixels; a changed checkpoint or a PNG without a record is refused.
#include <torch/torch.h>
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <opencv2/core.hpp>

#include "engine/api/error.h"
#include "engine/api/runtime.h"
#include "engine/api/sampling.h"
#include "engine/io/png_text.h"
#include "tests/support/test_support.h"

using namespace mlens;
namespace fs = std::filesystem;
using mlens::test::fixture;

class TestReproduce : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string m_classifier;  // a copy the tests may change

    std::string path(const char* name) const { return m_dir.filePath(name).toStdString(); }

    SampleRequest request(const std::string& out) const {
        SampleRequest r;
        r.backbone.checkpoint = fixture("adm/unet_rgb32.pt");
        r.backbone.config = fixture("adm/unet_rgb32.json");
        r.respacing = "5";
        r.numSamples = 3;
        r.batchSize = 2;
        r.seed = 7;
        r.device = "cpu";
        r.guidance.classifier = m_classifier;
        r.guidance.classifierConfig = fixture("adm/classifier_rgb32.json");
        r.guidance.targetClass = 3;
        r.guidance.scale = 10.0;
        r.withBaseline = true;
        r.outDir = path(out.c_str());
        return r;
    }

    static nlohmann::json recorded(const std::string& png) {
        for (const auto& [k, v] : io::readPngTextFile(png))
            if (k == "minoritylens") return nlohmann::json::parse(v);
        return {};
    }

    static std::string errorOf(const ReproduceRequest& r) {
        NullProgress p;
        try {
            reproduceSamplePng(r, p);
        } catch (const Error& e) {
            return e.what();
        }
        return "(no error)";
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_classifier = path("classifier.pt");
        fs::copy_file(fixture("adm/classifier_rgb32.pt"), m_classifier);
        NullProgress p;
        runSample(request("run"), p);
    }

    void recordsWhatMadeTheImage() {
        const nlohmann::json g = recorded(path("run/guided/sample_000002.png"));
        QCOMPARE(g.at("set").get<std::string>(), std::string("guided"));
        QCOMPARE(g.at("minoritylens_commit").get<std::string>(), std::string(engineCommit()));
        QCOMPARE(g.at("libtorch_version").get<std::string>(), std::string(torchVersion()));
        QCOMPARE(g.at("device").get<std::string>(), std::string("cpu"));
        QCOMPARE(g.at("backbone").at("diffusion_steps").get<int>(), 1000);  // resolved, not 0
        QCOMPARE(g.at("backbone").at("sha256").get<std::string>().size(), size_t{64});
        QCOMPARE(g.at("guidance").at("sha256").get<std::string>().size(), size_t{64});
        const nlohmann::json b = recorded(path("run/baseline/sample_000001.png"));
        QCOMPARE(b.at("set").get<std::string>(), std::string("baseline"));
        QCOMPARE(b.at("guidance").at("scale").get<double>(), 0.0);
    }

    void regeneratesGuidedAndBaselineImagesExactly() {
        NullProgress p;
        // Index 2 sits alone in the second batch; index 1 shares the first batch with index 0.
        const ReproduceResult g =
            reproduceSamplePng({path("run/guided/sample_000002.png"), path("again"), ""}, p);
        QCOMPARE(g.set, std::string("guided"));
        QCOMPARE(g.index, int64_t{2});
        QCOMPARE(g.request.seed, uint64_t{9});
        QCOMPARE(g.request.numSamples, 1);
        QVERIFY2(g.identical(), qPrintable(QString("%1 values differ").arg(g.differingValues)));
        QCOMPARE(cv::norm(g.original, g.regenerated, cv::NORM_INF), 0.0);
        QVERIFY(g.original.rows == 32 && g.original.channels() == 3);
        QCOMPARE(recorded(g.path), recorded(path("run/guided/sample_000002.png")));

        const ReproduceResult b = reproduceSamplePng({path("run/baseline/sample_000001.png"), "", "cpu"}, p);
        QCOMPARE(b.set, std::string("baseline"));
        QCOMPARE(b.request.numSamples, 2);  // the whole first batch, as it was sampled
        QVERIFY(b.request.guidance.classifier.empty());
        QVERIFY(b.identical());
        QVERIFY(b.path.empty());
        // The guided and the baseline image of one noise differ: the check can tell them apart.
        const ReproduceResult g1 = reproduceSamplePng({path("run/guided/sample_000001.png"), "", ""}, p);
        QVERIFY(g1.identical());
        QVERIFY(cv::norm(g1.regenerated, b.regenerated, cv::NORM_INF) > 0);
    }

    void refusesChangedCheckpointsAndUnrecordedImages() {
        NullProgress p;
        runSample(request("second"), p);
        {
            std::ofstream f(m_classifier, std::ios::app | std::ios::binary);
            f << 'x';
        }
        const std::string changed = errorOf({path("second/guided/sample_000000.png"), "", ""});
        QVERIFY2(changed.find("classifier") != std::string::npos &&
                     changed.find("has changed since the image was made") != std::string::npos,
                 changed.c_str());
        // The baseline needs only the backbone, which did not change.
        QVERIFY(reproduceSamplePng({path("second/baseline/sample_000000.png"), "", ""}, p).identical());

        cv::Mat plain(8, 8, CV_8UC3, cv::Scalar(1, 2, 3));
        io::writePng(path("plain.png"), plain, {});
        const std::string none = errorOf({path("plain.png"), "", ""});
        QVERIFY2(none.find("records no sample parameters") != std::string::npos, none.c_str());
        const std::string over =
            errorOf({path("second/baseline/sample_000000.png"), path("second/baseline"), ""});
        QVERIFY2(over.find("overwrite the original") != std::string::npos, over.c_str());
        QVERIFY(errorOf({path("missing.png"), "", ""}).find("missing.png") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestReproduce)
#include "test_reproduce.moc"
