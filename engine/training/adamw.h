#pragma once
// AdamW exactly as torch.optim.AdamW (decoupled weight decay; weight_decay 0 gives Adam), with its
// state saved and loaded by parameter name so that training resumes bit for bit. Written here
// rather than taken from torch::optim because the latter's state layout differs between LibTorch
// versions.
#include <torch/types.h>

#include <string>
#include <utility>
#include <vector>

#include "engine/io/torch_tensors.h"

namespace mlens::training {

class AdamW {
public:
    AdamW(std::vector<std::pair<std::string, torch::Tensor>> params, double weightDecay, double beta1 = 0.9,
          double beta2 = 0.999, double eps = 1e-8);
    void zeroGrad();
    // One update with learning rate `lr` (parameters without a gradient are skipped).
    void step(double lr);
    int64_t steps() const { return m_steps; }

    // exp_avg/<name>, exp_avg_sq/<name> and "steps" (int64 scalar).
    io::StateDict state() const;
    void loadState(const io::StateDict& state);  // throws Error(ShapeMismatch) when it does not fit

private:
    struct Slot {
        std::string name;
        torch::Tensor param, expAvg, expAvgSq;
    };
    std::vector<Slot> m_slots;
    double m_weightDecay, m_beta1, m_beta2, m_eps;
    int64_t m_steps = 0;
};

// Clips the global L2 norm of the gradients to maxNorm (torch.nn.utils.clip_grad_norm_); returns the norm.
double clipGradNorm(const std::vector<torch::Tensor>& params, double maxNorm);

}  // namespace mlens::training
