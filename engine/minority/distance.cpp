#include "engine/minority/distance.h"

#include <torch/nn/functional.h>
#include <torch/torch.h>

#include "engine/api/error.h"
#include "engine/models/lpips.h"

namespace mlens::minority {

namespace {

class L2Distance final : public ImageDistance {
public:
    torch::Tensor distance(const torch::Tensor& x, const torch::Tensor& y) override {
        return (x - y).pow(2).mean({1, 2, 3});
    }
    torch::Tensor map(const torch::Tensor& x, const torch::Tensor& y) override {
        return (x - y).pow(2).mean(1);
    }
};

class L1Distance final : public ImageDistance {
public:
    torch::Tensor distance(const torch::Tensor& x, const torch::Tensor& y) override {
        return (x - y).abs().mean({1, 2, 3});
    }
    torch::Tensor map(const torch::Tensor& x, const torch::Tensor& y) override {
        return (x - y).abs().mean(1);
    }
};

class SsimDistance final : public ImageDistance {
public:
    torch::Tensor distance(const torch::Tensor& x, const torch::Tensor& y) override {
        return 1 - ssimMap(x, y).mean({1, 2, 3});
    }
    torch::Tensor map(const torch::Tensor& x, const torch::Tensor& y) override {
        return 1 - ssimMap(x, y).mean(1);
    }

private:
    static torch::Tensor ssimMap(const torch::Tensor& x, const torch::Tensor& y) {
        const int64_t c = x.size(1);
        const auto opts = torch::TensorOptions().dtype(torch::kFloat32).device(x.device());
        const torch::Tensor g1 = torch::exp(-(torch::arange(11, opts) - 5).pow(2) / (2 * 1.5 * 1.5));
        const torch::Tensor g = g1 / g1.sum();
        const torch::Tensor window = (g.view({11, 1}) * g.view({1, 11})).expand({c, 1, 11, 11}).contiguous();
        auto blur = [&](const torch::Tensor& t) {
            namespace F = torch::nn::functional;
            return F::conv2d(torch::reflection_pad2d(t, {5, 5, 5, 5}), window,
                             F::Conv2dFuncOptions().groups(c));
        };
        const double c1 = std::pow(0.01 * 2, 2), c2 = std::pow(0.03 * 2, 2);  // data range 2 for [-1, 1]
        const torch::Tensor mx = blur(x), my = blur(y);
        const torch::Tensor sxx = blur(x * x) - mx * mx, syy = blur(y * y) - my * my,
                            sxy = blur(x * y) - mx * my;
        return ((2 * mx * my + c1) * (2 * sxy + c2)) / ((mx * mx + my * my + c1) * (sxx + syy + c2));
    }
};

class LpipsDistance final : public ImageDistance {
public:
    LpipsDistance(models::LpipsNet net, const std::string& trunk, const std::string& heads,
                  const torch::Device& device)
        : m_lpips(net) {
        m_lpips.load(trunk, heads);
        m_lpips.to(device);
    }
    torch::Tensor distance(const torch::Tensor& x, const torch::Tensor& y) override {
        return m_lpips.distance(x, y);
    }
    torch::Tensor map(const torch::Tensor& x, const torch::Tensor& y) override {
        return m_lpips.spatial(x, y);
    }

private:
    models::Lpips m_lpips;
};

}  // namespace

std::unique_ptr<ImageDistance> makeDistance(Distance kind, const std::string& lpipsTrunk,
                                            const std::string& lpipsHeads, const torch::Device& device) {
    switch (kind) {
        case Distance::L2:
            return std::make_unique<L2Distance>();
        case Distance::L1:
            return std::make_unique<L1Distance>();
        case Distance::Ssim:
            return std::make_unique<SsimDistance>();
        case Distance::LpipsVgg:
            return std::make_unique<LpipsDistance>(models::LpipsNet::Vgg16, lpipsTrunk, lpipsHeads, device);
        case Distance::LpipsAlex:
            return std::make_unique<LpipsDistance>(models::LpipsNet::Alex, lpipsTrunk, lpipsHeads, device);
    }
    throw Error(ErrorCode::InvalidArgument, "unknown distance");
}

}  // namespace mlens::minority
