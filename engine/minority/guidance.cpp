#include "engine/minority/guidance.h"

#include <torch/torch.h>

#include "engine/api/error.h"

namespace mlens::minority {

diffusion::GuidanceFn classifierGuidance(models::EncoderUNetModel classifier, torch::Tensor y, double scale) {
    return [clf = classifier.ptr(), y, scale](const torch::Tensor& x, const torch::Tensor& tOrig) {
        torch::AutoGradMode grad(true);
        const torch::Tensor xIn = x.detach().requires_grad_(true);
        const torch::Tensor logProbs = torch::log_softmax(clf->forward(xIn, tOrig), -1);  // [N, L]
        const torch::Tensor selected = logProbs.gather(1, y.to(x.device()).view({-1, 1}));
        return torch::autograd::grad({selected.sum()}, {xIn})[0] * scale;
    };
}

diffusion::GuidanceFn mixtureGuidance(models::EncoderUNetModel classifier, std::vector<double> tau, double scale) {
    for (double w : tau)
        if (!(w >= 0)) throw Error(ErrorCode::InvalidArgument, "mixture weights must be non-negative");
    return [clf = classifier.ptr(), tau, scale](const torch::Tensor& x, const torch::Tensor& tOrig) {
        torch::AutoGradMode grad(true);
        const torch::Tensor xIn = x.detach().requires_grad_(true);
        const torch::Tensor logProbs = torch::log_softmax(clf->forward(xIn, tOrig), -1);  // [N, L]
        if (logProbs.size(1) != static_cast<int64_t>(tau.size()))
            throw Error(ErrorCode::ShapeMismatch, "the mixture has " + std::to_string(tau.size()) + " weights for " +
                                                      std::to_string(logProbs.size(1)) + " classes");
        const torch::Tensor logTau = torch::tensor(tau, torch::kFloat64).log().to(logProbs.device(), torch::kFloat32);
        const torch::Tensor logMix = torch::logsumexp(logProbs + logTau.unsqueeze(0), 1);  // log sum_i tau_i p(i|x)
        return torch::autograd::grad({logMix.sum()}, {xIn})[0] * scale;
    };
}

}  // namespace mlens::minority
