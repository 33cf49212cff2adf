#include "engine/metrics/feature_extractor.h"

#include <torch/nn/functional.h>
#include <torch/torch.h>

#include "engine/api/error.h"
#include "engine/io/checkpoint.h"
#include "engine/models/state_dict.h"

namespace mlens::metrics {

FeatureExtractor::FeatureExtractor(const std::string& checkpoint, uint64_t seed, int inputSize,
                                   const torch::Device& device)
    : m_inputSize(inputSize), m_device(device) {
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

torch::Tensor FeatureExtractor::features(const torch::Tensor& images) {
    torch::InferenceMode inference;
    namespace F = torch::nn::functional;
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
