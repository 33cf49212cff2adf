#include "engine/metrics/feature_extractor.h"

#include <torch/nn/functional.h>
#include <torch/torch.h>

#include "engine/api/error.h"
#include "engine/api/evaluation.h"
#include "engine/io/checkpoint.h"
#include "engine/minority/minority_classifier.h"
#include "engine/models/state_dict.h"

namespace mlens::metrics {

FeatureExtractor::FeatureExtractor(const std::string& checkpoint, uint64_t seed, int inputSize,
                                   const torch::Device& device)
    : m_inputSize(inputSize), m_device(device) {
    initResNet(checkpoint, seed);
}

void FeatureExtractor::initResNet(const std::string& checkpoint, uint64_t seed) {
    const int inputSize = m_inputSize;
    const torch::Device& device = m_device;
    if (inputSize < 32)
        throw Error(ErrorCode::InvalidArgument, "the feature network needs images of at least 32 pixels");
    torch::manual_seed(seed);
    m_net = models::ResNet50();
    if (checkpoint.empty()) {
        m_description = "ResNet-50, random weights (seed " + std::to_string(seed) + ")";
    } else {
        withContext("loading feature network " + checkpoint, [&] {
            models::loadWeights(*m_net, io::Checkpoint::open(checkpoint), true, /*allowExtra=*/true);
        });
        m_description = "ResNet-50 from " + checkpoint;
    }
    m_net->to(device);
    m_net->eval();
}

FeatureExtractor::FeatureExtractor(const FeatureSpec& spec, const torch::Device& device)
    : m_inputSize(spec.size), m_device(device) {
    if (spec.classifier.empty()) {
        initResNet(spec.network, spec.seed);
        m_description += ", inputs " + std::to_string(spec.size) + " px";
        return;
    }
    m_classifier = minority::MinorityClassifier::load(spec.classifier, "", device);
    if (m_classifier->classConditional())
        throw Error(ErrorCode::InvalidArgument, "the feature classifier " + spec.classifier +
                                                    " is class-conditional; features need one that is not");
    m_classifier->head()->eval();
    m_inputSize = m_classifier->imageSize();
    m_description = "penultimate features of the classifier " + spec.classifier + " (t = 0, " +
                    std::to_string(m_inputSize) + " px)";
}

FeatureExtractor::~FeatureExtractor() = default;

torch::Tensor FeatureExtractor::features(const torch::Tensor& images) {
    torch::InferenceMode inference;
    namespace F = torch::nn::functional;
    if (m_classifier) {
        torch::Tensor x = images.to(m_device, torch::kFloat32);
        const int64_t c = m_classifier->inChannels();
        if (x.size(1) != c) x = c == 1 ? x.mean(1, true) : x.repeat({1, c, 1, 1});
        if (x.size(2) != m_inputSize || x.size(3) != m_inputSize)
            x = F::interpolate(x, F::InterpolateFuncOptions()
                                      .size(std::vector<int64_t>{m_inputSize, m_inputSize})
                                      .mode(torch::kBilinear)
                                      .align_corners(false));
        const torch::Tensor t =
            torch::zeros({x.size(0)}, torch::TensorOptions().dtype(torch::kLong).device(m_device));
        return m_classifier->penultimate(x, t).to(torch::kCPU, torch::kFloat64);
    }
    torch::Tensor x = (images.to(m_device, torch::kFloat32) + 1) / 2;  // [0, 1]
    if (x.size(1) == 1) x = x.repeat({1, 3, 1, 1});
    if (x.size(2) != m_inputSize || x.size(3) != m_inputSize)
        x = F::interpolate(x, F::InterpolateFuncOptions()
                                  .size(std::vector<int64_t>{m_inputSize, m_inputSize})
                                  .mode(torch::kBilinear)
                                  .align_corners(false));
    const auto opts = torch::TensorOptions().dtype(torch::kFloat32).device(m_device);
    x = (x - torch::tensor({0.485f, 0.456f, 0.406f}, opts).view({1, 3, 1, 1})) /
        torch::tensor({0.229f, 0.224f, 0.225f}, opts).view({1, 3, 1, 1});
    return m_net->features(x).to(torch::kCPU, torch::kFloat64);
}

}  // namespace mlens::metrics
