#include "engine/minority/guidance.h"

#include <torch/torch.h>

#include "engine/api/error.h"

namespace mlens::minority {

namespace {

std::optional<torch::Tensor> onDevice(const std::optional<torch::Tensor>& t, const torch::Device& d) {
    if (!t) return std::nullopt;
    return t->to(d);
}

}  // namespace

diffusion::GuidanceFn classifierGuidance(std::shared_ptr<MinorityClassifier> classifier, torch::Tensor target,
                                         double scale, std::optional<torch::Tensor> label) {
    return [classifier, target, scale, label](const torch::Tensor& x, const torch::Tensor& tOrig) {
        torch::AutoGradMode grad(true);
        const torch::Tensor xIn = x.detach().requires_grad_(true);
        const torch::Tensor logProbs =
            torch::log_softmax(classifier->logits(xIn, tOrig, onDevice(label, x.device())), -1);  // [N, L]
        const torch::Tensor selected = logProbs.gather(1, target.to(x.device()).view({-1, 1}));
        return torch::autograd::grad({selected.sum()}, {xIn})[0] * scale;
    };
}

diffusion::GuidanceFn mixtureGuidance(std::shared_ptr<MinorityClassifier> classifier, std::vector<double> tau,
                                      double scale, std::optional<torch::Tensor> label) {
    for (double w : tau)
        if (!(w > 0))
            throw Error(ErrorCode::InvalidArgument, "mixture weights (class thresholds) must be positive");
    if (static_cast<int>(tau.size()) != classifier->numClasses())
        throw Error(ErrorCode::ShapeMismatch, "the mixture has " + std::to_string(tau.size()) +
                                                  " weights for a classifier of " +
                                                  std::to_string(classifier->numClasses()) + " classes");
    const torch::Tensor logTau = torch::tensor(tau, torch::kFloat64).log().to(torch::kFloat32);
    return [classifier, logTau, scale, label](const torch::Tensor& x, const torch::Tensor& tOrig) {
        torch::AutoGradMode grad(true);
        const torch::Tensor xIn = x.detach().requires_grad_(true);
        const torch::Tensor logProbs =
            torch::log_softmax(classifier->logits(xIn, tOrig, onDevice(label, x.device())), -1);
        const torch::Tensor logMix =
            torch::logsumexp(logProbs + logTau.to(x.device()).unsqueeze(0), 1);  // log sum_i tau_i p(i|x)
        return torch::autograd::grad({logMix.sum()}, {xIn})[0] * scale;
    };
}

}  // namespace mlens::minority
