#pragma once
// Classifier guidance gradients (Dhariwal & Nichol). Minority guidance (Um & Ye) is this with the
// minority classifier and y = the target rarity class l~.
#include <torch/types.h>

#include <memory>
#include <optional>
#include <vector>

#include "engine/diffusion/sampler.h"
#include "engine/minority/minority_classifier.h"

namespace mlens::minority {

// g = scale * grad_x log softmax(classifier(x, tOrig [, label]))[target], summed over the batch
// before the gradient (classifier_sample.py cond_fn). target, label: [N] int64.
diffusion::GuidanceFn classifierGuidance(std::shared_ptr<MinorityClassifier> classifier, torch::Tensor target,
                                         double scale, std::optional<torch::Tensor> label = std::nullopt);

// The mixture sampler of the paper's appendix: scale * grad_x log sum_i tau_i p(i | x_t), tau_i >= 0
// (tau_i = the class thresholds).
diffusion::GuidanceFn mixtureGuidance(std::shared_ptr<MinorityClassifier> classifier, std::vector<double> tau,
                                      double scale, std::optional<torch::Tensor> label = std::nullopt);

}  // namespace mlens::minority
