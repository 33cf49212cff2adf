#pragma once
// Training losses of guided-diffusion (gaussian_diffusion.py training_losses, losses.py).
#include <torch/types.h>

#include "engine/diffusion/gaussian_diffusion.h"

namespace mlens::diffusion {

// KL(N(mean1, exp(logvar1)) || N(mean2, exp(logvar2))), elementwise.
torch::Tensor normalKl(const torch::Tensor& mean1, const torch::Tensor& logvar1, const torch::Tensor& mean2,
                       const torch::Tensor& logvar2);

// log-likelihood of x (in [-1, 1], 8-bit discretised) under N(means, exp(2 log_scales)), elementwise.
torch::Tensor discretizedGaussianLogLikelihood(const torch::Tensor& x, const torch::Tensor& means,
                                               const torch::Tensor& logScales);

struct HybridLoss {
    torch::Tensor loss;  // [N]: mse + vb (learned sigma) or mse
    torch::Tensor mse;   // [N]
    torch::Tensor vb;    // [N] (zeros without learned sigma)
};

// `modelOutput` [N, C or 2C, H, W] for x_t = q(x0, t, noise); `target` the epsilon to regress to
// (the noise, or a transferred target). With learned-range variance the variational bound trains
// the variance with a stop-gradient on the mean (the "hybrid" objective of Nichol & Dhariwal), in
// bits per dimension, decoder NLL at t = 0.
HybridLoss hybridLoss(const GaussianDiffusion& diffusion, const torch::Tensor& modelOutput,
                      const torch::Tensor& x0, const torch::Tensor& xt, const torch::Tensor& t,
                      const torch::Tensor& target);

}  // namespace mlens::diffusion
