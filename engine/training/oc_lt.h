#pragma once
// Oriented calibration for long-tailed diffusion training (Zhang et al., ICLR 2024; OC_LT): each
// sample may take its regression target from another sample of the batch, chosen with probability
// w_ij ∝ exp(-||x_t,i - sqrt(abar_i) x0_j||^2 / (2 (1 - abar_i))) and kept only when the class-frequency
// gate allows it.
#include <torch/types.h>

#include <string>

#include "engine/api/choices.h"

namespace mlens::training {

using ::mlens::Transfer;

// The gate: may sample i (class frequency freqI) take its target from j (freqJ)?
// T2H: freq_j >= freq_i (tail samples borrow from heads); H2T: freq_j <= freq_i; Full: always.
bool transferAllowed(Transfer mode, double freqI, double freqJ) noexcept;

struct TransferTargets {
    torch::Tensor epsTarget;  // [N, C, H, W]: (x_t,i - sqrt(abar_i) x0_j*) / sqrt(1 - abar_i)
    torch::Tensor partner;    // [N] int64: j* (i where the gate refused, or with mode None)
};

// x0, xt [N, C, H, W]; sqrtAbar [N]; labels [N] int64; classFrequency [K] (empirical p(y)).
// Partners are drawn on the CPU from `gen`.
TransferTargets transferTargets(const torch::Tensor& x0, const torch::Tensor& xt,
                                const torch::Tensor& sqrtAbar, const torch::Tensor& labels,
                                const torch::Tensor& classFrequency, Transfer mode, torch::Generator& gen);

}  // namespace mlens::training
