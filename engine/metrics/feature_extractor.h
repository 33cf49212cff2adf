#pragma once
// Image -> feature vector for the outlier metrics: ResNet-50 global-pooled features, from a user's
// torchvision checkpoint or randomly initialised from a fixed seed (random embeddings, as the brain-
// MRI study used; they suit modalities far from ImageNet).
#include <torch/types.h>

#include <cstdint>
#include <memory>
#include <string>

#include "engine/models/resnet.h"

namespace mlens {
struct FeatureSpec;
}
namespace mlens::minority {
class MinorityClassifier;
}

namespace mlens::metrics {

class FeatureExtractor {
public:
    // checkpoint empty: random init from `seed`. inputSize: images are resized to it (>= 32).
    FeatureExtractor(const std::string& checkpoint, uint64_t seed, int inputSize,
                     const torch::Device& device);
    // spec.classifier set: that classifier's penultimate features at t = 0 (images resized to its
    // size, grey <-> colour matched to its channels); else ResNet-50 as above.
    FeatureExtractor(const FeatureSpec& spec, const torch::Device& device);
    ~FeatureExtractor();
    // images [N, 1 or 3, H, W] in [-1, 1] -> [N, D] float64 on the CPU (D = 2048 for ResNet-50)
    torch::Tensor features(const torch::Tensor& images);
    const std::string& description() const { return m_description; }
    int inputSize() const { return m_inputSize; }

private:
    void initResNet(const std::string& checkpoint, uint64_t seed);

    models::ResNet50 m_net{nullptr};
    std::shared_ptr<minority::MinorityClassifier> m_classifier;
    std::string m_description;
    int m_inputSize;
    torch::Device m_device;
};

}  // namespace mlens::metrics
