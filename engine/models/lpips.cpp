#include "engine/models/lpips.h"

#include <torch/nn/functional.h>
#include <torch/torch.h>

#include "engine/api/error.h"
#include "engine/io/checkpoint.h"
#include "engine/models/state_dict.h"

namespace mlens::models {

namespace F = torch::nn::functional;

LpipsTrunkImpl::LpipsTrunkImpl(LpipsNet net) : m_net(net) {
    auto features = register_module("features", std::make_shared<torch::nn::Module>());
    auto conv = [&](int64_t in, int64_t out, int64_t k, int64_t stride, int64_t pad) {
        Layer l{Layer::Conv};
        l.conv = torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, k).stride(stride).padding(pad));
        features->register_module(std::to_string(m_layers.size()), l.conv);
        m_layers.push_back(l);
    };
    auto relu = [&] { m_layers.push_back(Layer{Layer::Relu}); };
    auto pool = [&](int k, int s) {
        Layer l{Layer::MaxPool};
        l.kernel = k;
        l.stride = s;
        m_layers.push_back(l);
    };
    if (net == LpipsNet::Vgg16) {
        // torchvision vgg16().features; taps relu1_2, relu2_2, relu3_3, relu4_3, relu5_3
        const int cfg[] = {64, 64, -1, 128, 128, -1, 256, 256, 256, -1, 512, 512, 512, -1, 512, 512, 512};
        int64_t in = 3;
        for (int c : cfg) {
            if (c < 0) {
                pool(2, 2);
                continue;
            }
            conv(in, c, 3, 1, 1);
            relu();
            in = c;
        }
        m_taps = {3, 8, 15, 22, 29};
    } else {
        // torchvision alexnet().features; taps relu1 .. relu5
        conv(3, 64, 11, 4, 2);
        relu();
        pool(3, 2);
        conv(64, 192, 5, 1, 2);
        relu();
        pool(3, 2);
        conv(192, 384, 3, 1, 1);
        relu();
        conv(384, 256, 3, 1, 1);
        relu();
        conv(256, 256, 3, 1, 1);
        relu();
        m_taps = {1, 4, 7, 9, 11};
    }
}

std::vector<int64_t> LpipsTrunkImpl::tapChannels() const {
    return m_net == LpipsNet::Vgg16 ? std::vector<int64_t>{64, 128, 256, 512, 512}
                                    : std::vector<int64_t>{64, 192, 384, 256, 256};
}

std::vector<torch::Tensor> LpipsTrunkImpl::forward(const torch::Tensor& x) {
    std::vector<torch::Tensor> out;
    torch::Tensor h = x;
    size_t tap = 0;
    for (size_t i = 0; i < m_layers.size() && tap < m_taps.size(); ++i) {
        Layer& l = m_layers[i];
        if (l.kind == Layer::Conv)
            h = l.conv->forward(h);
        else if (l.kind == Layer::Relu)
            h = torch::relu(h);
        else
            h = torch::max_pool2d(h, {l.kernel, l.kernel}, {l.stride, l.stride});
        if (i == m_taps[tap]) {
            out.push_back(h);
            ++tap;
        }
    }
    return out;
}

LpipsHeadsImpl::LpipsHeadsImpl(const std::vector<int64_t>& channels) {
    for (size_t k = 0; k < channels.size(); ++k) {
        // NetLinLayer: Sequential(Dropout, Conv2d(C, 1, 1, bias=False)) -> "linK.model.1.weight"
        auto lin = register_module("lin" + std::to_string(k), std::make_shared<torch::nn::Module>());
        auto model = lin->register_module("model", std::make_shared<torch::nn::Module>());
        m_heads.push_back(model->register_module(
            "1", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels[k], 1, 1).bias(false))));
    }
}

Lpips::Lpips(LpipsNet net) : m_net(net), m_trunk(net), m_heads(m_trunk->tapChannels()) {}

void Lpips::load(const std::string& trunkPath, const std::string& headsPath) {
    if (trunkPath.empty() || headsPath.empty())
        throw Error(
            ErrorCode::InvalidArgument,
            std::string("LPIPS-") + (m_net == LpipsNet::Vgg16 ? "VGG" : "Alex") +
                " needs the torchvision trunk weights and the LPIPS head weights (lpips_trunk, lpips_heads)");
    withContext("loading LPIPS trunk " + trunkPath,
                [&] { loadWeights(*m_trunk, io::Checkpoint::open(trunkPath), true, true); });
    withContext("loading LPIPS heads " + headsPath,
                [&] { loadWeights(*m_heads, io::Checkpoint::open(headsPath)); });
    m_trunk->eval();
    m_heads->eval();
}

void Lpips::to(const torch::Device& device) {
    m_trunk->to(device);
    m_heads->to(device);
}

std::vector<torch::Tensor> Lpips::layerDiffs(const torch::Tensor& xIn, const torch::Tensor& yIn) {
    // lpips ScalingLayer: (x - shift) / scale
    const auto opts = torch::TensorOptions().dtype(torch::kFloat32).device(xIn.device());
    const torch::Tensor shift = torch::tensor({-.030f, -.088f, -.188f}, opts).view({1, 3, 1, 1});
    const torch::Tensor scale = torch::tensor({.458f, .448f, .450f}, opts).view({1, 3, 1, 1});
    auto rgb = [](const torch::Tensor& t) { return t.size(1) == 1 ? t.repeat({1, 3, 1, 1}) : t; };
    const auto f0 = m_trunk->forward((rgb(xIn) - shift) / scale);
    const auto f1 = m_trunk->forward((rgb(yIn) - shift) / scale);
    std::vector<torch::Tensor> diffs;
    for (size_t k = 0; k < f0.size(); ++k) {
        // normalize_tensor: x / (||x||_channels + 1e-10)
        const torch::Tensor n0 = f0[k] / (torch::sqrt(torch::sum(f0[k] * f0[k], 1, true)) + 1e-10);
        const torch::Tensor n1 = f1[k] / (torch::sqrt(torch::sum(f1[k] * f1[k], 1, true)) + 1e-10);
        diffs.push_back(m_heads->head(k)->forward((n0 - n1).pow(2)));  // [N, 1, h, w]
    }
    return diffs;
}

torch::Tensor Lpips::distance(const torch::Tensor& x, const torch::Tensor& y) {
    torch::Tensor total;
    for (const auto& d : layerDiffs(x, y)) {
        const torch::Tensor avg = d.mean({2, 3}, true);  // spatial_average
        total = total.defined() ? total + avg : avg;
    }
    return total.view({-1});
}

torch::Tensor Lpips::spatial(const torch::Tensor& x, const torch::Tensor& y) {
    torch::Tensor total;
    const std::vector<int64_t> size = {x.size(2), x.size(3)};
    for (const auto& d : layerDiffs(x, y)) {
        const torch::Tensor up = F::interpolate(
            d, F::InterpolateFuncOptions().size(size).mode(torch::kBilinear).align_corners(false));
        total = total.defined() ? total + up : up;
    }
    return total.squeeze(1);
}

}  // namespace mlens::models
