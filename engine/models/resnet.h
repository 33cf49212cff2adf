#pragma once
// torchvision's ResNet-50 (v1.5: stride on the 3x3 convolution) with its state-dict names, used as a
// feature network: the global-average-pooled 2048-d output of layer4 (the network without fc).
#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>

#include <string>
#include <vector>

namespace mlens::models {

class BottleneckImpl : public torch::nn::Module {
public:
    BottleneckImpl(int64_t inplanes, int64_t planes, int64_t stride, bool downsample);
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::Conv2d m_conv1{nullptr}, m_conv2{nullptr}, m_conv3{nullptr}, m_downConv{nullptr};
    torch::nn::BatchNorm2d m_bn1{nullptr}, m_bn2{nullptr}, m_bn3{nullptr}, m_downBn{nullptr};
};
TORCH_MODULE(Bottleneck);

class ResNet50Impl : public torch::nn::Module {
public:
    // Weights initialised as torchvision does (Kaiming normal, fan-out) from the global generator.
    ResNet50Impl();
    // x [N, 3, H, W] (ImageNet-normalised) -> [N, 2048]
    torch::Tensor features(const torch::Tensor& x);

private:
    torch::nn::Conv2d m_conv1{nullptr};
    torch::nn::BatchNorm2d m_bn1{nullptr};
    std::vector<std::vector<Bottleneck>> m_layers;
};
TORCH_MODULE(ResNet50);

}  // namespace mlens::models
