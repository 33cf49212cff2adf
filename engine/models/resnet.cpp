#include "engine/models/resnet.h"

#include <torch/torch.h>

namespace mlens::models {

namespace {

torch::nn::Conv2d conv(int64_t in, int64_t out, int64_t k, int64_t stride = 1) {
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, k).stride(stride).padding(k / 2).bias(false));
}

}  // namespace

BottleneckImpl::BottleneckImpl(int64_t inplanes, int64_t planes, int64_t stride, bool downsample) {
    // torchvision.models.resnet.Bottleneck (expansion 4)
    m_conv1 = register_module("conv1", conv(inplanes, planes, 1));
    m_bn1 = register_module("bn1", torch::nn::BatchNorm2d(planes));
    m_conv2 = register_module("conv2", conv(planes, planes, 3, stride));
    m_bn2 = register_module("bn2", torch::nn::BatchNorm2d(planes));
    m_conv3 = register_module("conv3", conv(planes, planes * 4, 1));
    m_bn3 = register_module("bn3", torch::nn::BatchNorm2d(planes * 4));
    if (downsample) {
        auto d = register_module("downsample", std::make_shared<torch::nn::Module>());
        m_downConv = d->register_module("0", conv(inplanes, planes * 4, 1, stride));
        m_downBn = d->register_module("1", torch::nn::BatchNorm2d(planes * 4));
    }
}

torch::Tensor BottleneckImpl::forward(const torch::Tensor& x) {
    torch::Tensor out = torch::relu(m_bn1(m_conv1(x)));
    out = torch::relu(m_bn2(m_conv2(out)));
    out = m_bn3(m_conv3(out));
    return torch::relu(out + (m_downConv ? m_downBn(m_downConv(x)) : x));
}

ResNet50Impl::ResNet50Impl() {
    m_conv1 = register_module(
        "conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 64, 7).stride(2).padding(3).bias(false)));
    m_bn1 = register_module("bn1", torch::nn::BatchNorm2d(64));
    const int64_t blocks[4] = {3, 4, 6, 3}, planes[4] = {64, 128, 256, 512};
    int64_t inplanes = 64;
    for (int l = 0; l < 4; ++l) {
        auto layer = register_module("layer" + std::to_string(l + 1), std::make_shared<torch::nn::Module>());
        std::vector<Bottleneck> list;
        for (int64_t b = 0; b < blocks[l]; ++b) {
            const int64_t stride = (b == 0 && l > 0) ? 2 : 1;
            list.push_back(
                layer->register_module(std::to_string(b), Bottleneck(inplanes, planes[l], stride, b == 0)));
            inplanes = planes[l] * 4;
        }
        m_layers.push_back(list);
    }
    torch::NoGradGuard noGrad;
    for (auto& m : modules(false)) {
        if (auto* c = m->as<torch::nn::Conv2d>())
            torch::nn::init::kaiming_normal_(c->weight, 0.0, torch::kFanOut, torch::kReLU);
    }
}

torch::Tensor ResNet50Impl::features(const torch::Tensor& x) {
    torch::Tensor h = torch::relu(m_bn1(m_conv1(x)));
    h = torch::max_pool2d(h, {3, 3}, {2, 2}, {1, 1});
    for (auto& layer : m_layers)
        for (auto& block : layer)
            h = block(h);
    return torch::adaptive_avg_pool2d(h, {1, 1}).flatten(1);  // [N, 2048]
}

}  // namespace mlens::models
