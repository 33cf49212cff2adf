#pragma once
// LPIPS v0.1 (Zhang et al.; the lpips project): a torchvision VGG16 or AlexNet `features` trunk,
// unit-normalised activations, learned 1x1 linear heads. State-dict names follow the two files
// users have: the trunk as torchvision names it (features.N.weight), the heads as lpips ships them
// (linK.model.1.weight).
#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>

#include <string>
#include <vector>

namespace mlens::models {

enum class LpipsNet { Vgg16, Alex };

class LpipsTrunkImpl : public torch::nn::Module {
public:
    explicit LpipsTrunkImpl(LpipsNet net);
    // x [N, 3, H, W] already shift/scale-normalised -> the five tapped ReLU outputs
    std::vector<torch::Tensor> forward(const torch::Tensor& x);
    std::vector<int64_t> tapChannels() const;

private:
    struct Layer {
        enum Kind { Conv, Relu, MaxPool } kind;
        torch::nn::Conv2d conv{nullptr};
        int kernel = 0, stride = 0;
    };
    std::vector<Layer> m_layers;
    std::vector<size_t> m_taps;  // indices after which an output is taken
    LpipsNet m_net;
};
TORCH_MODULE(LpipsTrunk);

class LpipsHeadsImpl : public torch::nn::Module {
public:
    explicit LpipsHeadsImpl(const std::vector<int64_t>& channels);
    torch::nn::Conv2d head(size_t k) const { return m_heads[k]; }
    size_t size() const { return m_heads.size(); }

private:
    std::vector<torch::nn::Conv2d> m_heads;
};
TORCH_MODULE(LpipsHeads);

class Lpips {
public:
    explicit Lpips(LpipsNet net);
    // Loads the user's torchvision trunk (extra classifier.* weights are ignored) and LPIPS heads.
    void load(const std::string& trunkPath, const std::string& headsPath);
    void to(const torch::Device& device);

    // x, y in [-1, 1], [N, 1 or 3, H, W] (gray is repeated to RGB) -> [N] distances
    torch::Tensor distance(const torch::Tensor& x, const torch::Tensor& y);
    // per-pixel distances [N, H, W]: each layer's map upsampled bilinearly and summed (spatial=True)
    torch::Tensor spatial(const torch::Tensor& x, const torch::Tensor& y);

private:
    std::vector<torch::Tensor> layerDiffs(const torch::Tensor& x, const torch::Tensor& y);

    LpipsNet m_net;
    LpipsTrunk m_trunk;
    LpipsHeads m_heads;
};

}  // namespace mlens::models
