#pragma once
// Image -> feature vector for the outlier metrics: ResNet-50 global-pooled features, from a user's
// torchvision checkpoint or randomly initialised from a fixed seed (random embeddings, as the brain-
// MRI study used; they suit modalities far from ImageNet).
#include <torch/types.h>

#include <cstdint>
#include <string>

#include "engine/models/resnet.h"

namespace mlens::metrics {

class FeatureExtractor {
public:
    // checkpoint empty: random init from `seed`. inputSize: images are resized to it (>= 32).
    FeatureExtractor(const std::string& checkpoint, uint64_t seed, int inputSize,
                     const torch::Device& device);
    // images [N, 1 or 3, H, W] in [-1, 1] -> [N, 2048] float64 on the CPU
    torch::Tensor features(const torch::Tensor& images);
    const std::string& description() const { return m_description; }
    int inputSize() const { return m_inputSize; }

private:
    models::ResNet50 m_net;
    std::string m_description;
    int m_inputSize;
    torch::Device m_device;
};

}  // namespace mlens::metrics
