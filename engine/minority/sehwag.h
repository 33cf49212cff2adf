#pragma once
// Sehwag et al.'s low-density sampler (CVPR 2022, eqs. 4-7, Algorithm 1) as a guidance term:
//   g = alpha * normalize(grad L_g1) + beta * normalize(grad L_g2),  normalize(u) = u / ||u|| per sample,
//   L_g1(x, y) = log softmax_j(H(x, j) / tau)[y]   (towards high hardness of class y),
//   L_g2(x)    = log p_D(real | x_t)               (a discriminator's softmax; or, with a hardness model
//                of the discriminator, -log softmax_j(H'(x, j) / tau)[real], eq. 6),
// and zero at the last step (t = 0). Ancestral steps add variance * g to the mean (Algorithm 1 with the
// sampler's own variance, as guided-diffusion's condition_mean); DDIM steps take g as a score
// correction, eps' = eps - sqrt(1 - abar) g (condition_score).
#include <torch/types.h>

#include <memory>
#include <optional>

#include "engine/diffusion/sampler.h"

namespace mlens::minority {

class HardnessModel;
class MinorityClassifier;

struct SehwagTerms {
    std::shared_ptr<HardnessModel> hardness;  // H of eq. 3 (required)
    std::optional<torch::Tensor>
        classes;  // [N] the class y of each sample; none: its best class at each step
    double alpha = 0, beta = 0, tau = 1;
    std::shared_ptr<MinorityClassifier> discriminator;     // L_g2 from its softmax, or
    std::shared_ptr<HardnessModel> discriminatorHardness;  // L_g2 from its hardness (eq. 6)
    int realClass = 1;                                     // the discriminator's "real" class
};

// u / ||u|| over all but the first dimension; zero rows stay zero.
torch::Tensor normalizePerSample(const torch::Tensor& u);

// Throws Error(InvalidArgument) for negative weights, tau <= 0, or beta > 0 without a discriminator.
diffusion::GuidanceFn sehwagGuidance(SehwagTerms terms);

// The discriminator's "real" class: the class named "real" in its train-classifier metadata (or in
// a hardness model's class names), else 1 (Sehwag et al.'s convention).
int realClassOf(const std::string& checkpoint);

}  // namespace mlens::minority
