#pragma once
// Image distances for the minority score: LPIPS (VGG / AlexNet), L2, L1, SSIM. Inputs in [-1, 1].
#include <torch/types.h>

#include <memory>
#include <string>

#include "engine/api/choices.h"

namespace mlens::minority {

class ImageDistance {
public:
    virtual ~ImageDistance() = default;
    // x, y [N, C, H, W] -> [N]
    virtual torch::Tensor distance(const torch::Tensor& x, const torch::Tensor& y) = 0;
    // per-pixel contribution [N, H, W] (the "why is this image rare" map)
    virtual torch::Tensor map(const torch::Tensor& x, const torch::Tensor& y) = 0;
};

// l2/l1 are means over C, H, W of squared / absolute
// differences; ssim is 1 - SSIM (Gaussian window 11, sigma 1.5, data range 2, reflect padding).
std::unique_ptr<ImageDistance> makeDistance(Distance kind, const std::string& lpipsTrunk,
                                            const std::string& lpipsHeads, const torch::Device& device);

}  // namespace mlens::minority
