#pragma once
// Classifier guidance gradients (Dhariwal & Nichol; minority guidance of Um & Ye is the same with a
// minority classifier and y = the target rarity class).
#include <torch/types.h>

#include <vector>

#include "engine/diffusion/sampler.h"
#include "engine/models/adm_models.h"

namespace mlens::minority {

// g = scale * grad_x log softmax(classifier(x, tOrig))[y], summed over the batch before the gradient
// (classifier_sample.py cond_fn). y: [N] int64.
diffusion::GuidanceFn classifierGuidance(models::EncoderUNetModel classifier, torch::Tensor y, double scale);

// Mixture sampler of the paper's appendix: scale * grad_x log sum_i tau_i p(i | x_t), tau_i >= 0.
diffusion::GuidanceFn mixtureGuidance(models::EncoderUNetModel classifier, std::vector<double> tau, double scale);

}  // namespace mlens::minority
