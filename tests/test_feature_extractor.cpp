// FeatureExtractor with an image classifier (the Fashion-MNIST judge): its features are the input of
// the judge's last linear map, they are the judge's own evidence (the map reproduces its labels), and
// they separate the real test classes far better than random ResNet-50 features.
#include <torch/torch.h>
#include <QtTest/QtTest>

#include <filesystem>

#include "engine/api/benchmark.h"
#include "engine/api/dataset.h"
#include "engine/api/evaluation.h"
#include "engine/io/image_loader.h"
#include "engine/metrics/feature_extractor.h"
#include "engine/metrics/knn.h"
#include "engine/minority/minority_classifier.h"
#include "tests/support/test_support.h"

using namespace mlens;

namespace {

// The first `n` test images in [-1, 1] at 32 px (padded, as the judge was trained) and their labels.
std::pair<torch::Tensor, std::vector<int>> testImages(int n) {
    DatasetSpec spec;
    spec.path = defaultFmnistDataDir() + "/t10k-images-idx3-ubyte.gz";
    if (!std::filesystem::exists(spec.path))
        throw std::runtime_error(spec.path +
                                 " is missing: install dataset-fashion-mnist (packaging/install-deps.sh)");
    spec.labels = LabelSource::Idx;
    spec.fit = Fit::Pad;
    const DatasetReader reader(scanDataset(spec));
    std::vector<torch::Tensor> xs;
    std::vector<int> labels;
    for (int i = 0; i < n; ++i) {
        const ItemImage img = reader.read(static_cast<size_t>(i));
        xs.push_back(io::admPreprocess(img.display, 32, 1, Fit::Pad));
        labels.push_back(reader.listing().items[static_cast<size_t>(i)].label);
    }
    return {torch::stack(xs), labels};
}

// Leave-one-out 5-NN majority vote accuracy in a feature space.
double knnAccuracy(const torch::Tensor& f, const std::vector<int>& labels) {
    const torch::Tensor d = torch::cdist(f, f).fill_diagonal_(std::numeric_limits<double>::infinity());
    const torch::Tensor idx = std::get<1>(d.topk(5, 1, /*largest=*/false));
    int correct = 0;
    for (int64_t i = 0; i < f.size(0); ++i) {
        std::vector<int> votes(10, 0);
        for (int64_t k = 0; k < 5; ++k)
            ++votes[static_cast<size_t>(labels[static_cast<size_t>(idx[i][k].item<int64_t>())])];
        correct +=
            std::max_element(votes.begin(), votes.end()) - votes.begin() == labels[static_cast<size_t>(i)];
    }
    return static_cast<double>(correct) / static_cast<double>(f.size(0));
}

}  // namespace

class TestFeatureExtractor : public QObject {
    Q_OBJECT
    std::string m_judge;

private Q_SLOTS:
    void initTestCase() {
        m_judge = findFmnistModel("judge");
        QVERIFY2(!m_judge.empty(), "resources/fmnist/judge.safetensors is missing");
    }

    void classifierFeaturesAreTheJudgesEvidence() {
        torch::manual_seed(0);
        const auto [x, labels] = testImages(1000);
        FeatureSpec spec;
        spec.classifier = m_judge;
        metrics::FeatureExtractor extractor(spec, torch::kCPU);
        const torch::Tensor f = extractor.features(x);
        QCOMPARE(f.size(0), int64_t{1000});
        QCOMPARE(f.scalar_type(), torch::kFloat64);
        QVERIFY(QString::fromStdString(extractor.description()).contains("classifier"));

        // The judge's last linear map on these features gives exactly the judge's logits at t = 0.
        auto judge = minority::MinorityClassifier::load(m_judge, "", torch::kCPU);
        torch::InferenceMode inference;
        const torch::Tensor t = torch::zeros({x.size(0)}, torch::kLong);
        const torch::Tensor logits = judge->logits(x, t);
        const torch::Tensor viaFeatures = judge->head()->classify(f.to(torch::kFloat32));
        const double err = ((viaFeatures - logits).abs().max() / logits.abs().max()).item<double>();
        qInfo("classify(features) vs logits: max relative error %.2e", err);
        QVERIFY(err < 1e-5);
        // ... and those labels are right on the real test images (the judge's accuracy, >= 0.85 here)
        const torch::Tensor pred = logits.argmax(1);
        int correct = 0;
        for (int64_t i = 0; i < pred.size(0); ++i)
            correct += pred[i].item<int64_t>() == labels[static_cast<size_t>(i)];
        qInfo("judge top-1 on the first 1000 test images: %.3f", correct / 1000.0);
        QVERIFY(correct >= 850);

        // Nearest neighbours in the judge's space share their class; random ResNet-50 features much less.
        const double judgeKnn = knnAccuracy(f, labels);
        metrics::FeatureExtractor resnet(FeatureSpec{}, torch::kCPU);
        const double resnetKnn = knnAccuracy(resnet.features(x), labels);
        qInfo("5-NN accuracy: judge features %.3f, random ResNet-50 %.3f", judgeKnn, resnetKnn);
        QVERIFY(judgeKnn >= 0.85);
        QVERIFY(judgeKnn > resnetKnn + 0.05);
    }

    void differentImagesSizesAreResizedToTheClassifiers() {
        FeatureSpec spec;
        spec.classifier = m_judge;
        metrics::FeatureExtractor extractor(spec, torch::kCPU);
        QCOMPARE(extractor.inputSize(), 32);
        const torch::Tensor x = torch::rand({2, 3, 64, 64}) * 2 - 1;  // colour, twice the size
        const torch::Tensor f = extractor.features(x);
        QCOMPARE(f.size(0), int64_t{2});
        const torch::Tensor grey32 = torch::nn::functional::interpolate(
            x.mean(1, true), torch::nn::functional::InterpolateFuncOptions()
                                 .size(std::vector<int64_t>{32, 32})
                                 .mode(torch::kBilinear)
                                 .align_corners(false));
        QVERIFY(torch::allclose(f, extractor.features(grey32), 1e-6, 1e-6));
    }
};

QTEST_GUILESS_MAIN(TestFeatureExtractor)
#include "test_feature_extractor.moc"
