#include "engine/diffusion/losses.h"

#include <torch/torch.h>

#include <cmath>

namespace mlens::diffusion {

torch::Tensor normalKl(const torch::Tensor& mean1, const torch::Tensor& logvar1, const torch::Tensor& mean2,
                       const torch::Tensor& logvar2) {
    // losses.py normal_kl
    return 0.5 * (-1.0 + logvar2 - logvar1 + torch::exp(logvar1 - logvar2) +
                  (mean1 - mean2).pow(2) * torch::exp(-logvar2));
}

namespace {
torch::Tensor approxStandardNormalCdf(const torch::Tensor& x) {
    return 0.5 * (1.0 + torch::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * x.pow(3))));
}
}  // namespace

torch::Tensor discretizedGaussianLogLikelihood(const torch::Tensor& x, const torch::Tensor& means,
                                               const torch::Tensor& logScales) {
    // losses.py discretized_gaussian_log_likelihood
    const torch::Tensor centered = x - means;
    const torch::Tensor invStdv = torch::exp(-logScales);
    const torch::Tensor cdfPlus = approxStandardNormalCdf(invStdv * (centered + 1.0 / 255.0));
    const torch::Tensor cdfMin = approxStandardNormalCdf(invStdv * (centered - 1.0 / 255.0));
    const torch::Tensor logCdfPlus = torch::log(cdfPlus.clamp_min(1e-12));
    const torch::Tensor logOneMinusCdfMin = torch::log((1.0 - cdfMin).clamp_min(1e-12));
    const torch::Tensor logDelta = torch::log((cdfPlus - cdfMin).clamp_min(1e-12));
    return torch::where(x < -0.999, logCdfPlus, torch::where(x > 0.999, logOneMinusCdfMin, logDelta));
}

HybridLoss hybridLoss(const GaussianDiffusion& diffusion, const torch::Tensor& modelOutput,
                      const torch::Tensor& x0, const torch::Tensor& xt, const torch::Tensor& t,
                      const torch::Tensor& target) {
    const int64_t c = x0.size(1);
    HybridLoss out;
    const bool learned = modelOutput.size(1) == 2 * c;
    const torch::Tensor eps = learned ? modelOutput.narrow(1, 0, c) : modelOutput;
    out.mse = (target - eps).pow(2).mean({1, 2, 3});
    if (!learned) {
        out.vb = torch::zeros_like(out.mse);
        out.loss = out.mse;
        return out;
    }
    // The bound must not move the mean: the mean part of the output is detached.
    const torch::Tensor frozen = torch::cat({eps.detach(), modelOutput.narrow(1, c, c)}, 1);
    const MeanVariance mv = diffusion.pMeanVariance(frozen, xt, t, /*clipDenoised=*/false);
    const torch::Tensor trueMean = diffusion.posteriorMean(x0, xt, t);
    const torch::Tensor trueLogVar = diffusion.posteriorLogVariance(t, x0);
    const torch::Tensor kl =
        normalKl(trueMean, trueLogVar, mv.mean, mv.logVariance).mean({1, 2, 3}) / std::log(2.0);
    const torch::Tensor nll =
        -discretizedGaussianLogLikelihood(x0, mv.mean, 0.5 * mv.logVariance).mean({1, 2, 3}) / std::log(2.0);
    out.vb = torch::where(t == 0, nll, kl);
    out.loss = out.mse + out.vb;
    return out;
}

}  // namespace mlens::diffusion
