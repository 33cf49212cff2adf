#include "engine/training/oc_lt.h"

#include <torch/torch.h>

#include "engine/api/error.h"

namespace mlens::training {

bool transferAllowed(Transfer mode, double freqI, double freqJ) noexcept {
    switch (mode) {
        case Transfer::None:
            return false;
        case Transfer::T2H:
            return freqJ >= freqI;
        case Transfer::H2T:
            return freqJ <= freqI;
        case Transfer::Full:
            return true;
    }
    return false;
}

TransferTargets transferTargets(const torch::Tensor& x0, const torch::Tensor& xt,
                                const torch::Tensor& sqrtAbar, const torch::Tensor& labels,
                                const torch::Tensor& classFrequency, Transfer mode, torch::Generator& gen) {
    torch::NoGradGuard noGrad;
    const int64_t n = x0.size(0);
    const torch::Tensor sa = sqrtAbar.to(torch::kFloat32).view({n, 1});
    const torch::Tensor var = (1 - sa * sa).clamp_min(1e-12);  // [N, 1]
    TransferTargets out;
    std::vector<int64_t> partner(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
        partner[static_cast<size_t>(i)] = i;
    if (mode != Transfer::None) {
        const torch::Tensor xf = xt.reshape({n, -1}).to(torch::kFloat32),
                            x0f = x0.reshape({n, -1}).to(torch::kFloat32);
        // d_ij = ||x_t,i - sqrt(abar_i) x0_j||^2, all pairs
        const torch::Tensor d =
            (xf.unsqueeze(1) - sa.unsqueeze(2) * x0f.unsqueeze(0)).pow(2).sum(2);  // [N, N]
        torch::Tensor logits = -d / (2 * var);
        logits = logits - std::get<0>(logits.max(1, true));  // row-max subtracted
        const torch::Tensor probs = torch::softmax(logits, 1).to(torch::kCPU, torch::kFloat64);
        const torch::Tensor drawn = torch::multinomial(probs, 1, false, gen).view({n});
        const torch::Tensor freq = classFrequency.to(torch::kCPU, torch::kFloat64);
        const torch::Tensor y = labels.to(torch::kCPU, torch::kInt64);
        for (int64_t i = 0; i < n; ++i) {
            const int64_t j = drawn[i].item<int64_t>();
            if (transferAllowed(mode, freq[y[i].item<int64_t>()].item<double>(),
                                freq[y[j].item<int64_t>()].item<double>()))
                partner[static_cast<size_t>(i)] = j;
        }
    }
    out.partner = torch::tensor(partner, torch::kInt64);
    const torch::Tensor chosen = x0.index_select(0, out.partner.to(x0.device()));
    const torch::Tensor saFull = sa.view({n, 1, 1, 1}).to(x0.device());
    out.epsTarget = (xt - saFull * chosen) / torch::sqrt(var.view({n, 1, 1, 1}).to(x0.device()));
    return out;
}

}  // namespace mlens::training
