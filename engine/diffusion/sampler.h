#pragma once
// Reverse-process sampling loops (ancestral / DDIM), with optional guidance, injected noise, a
// per-step callback for progressive previews and cancellation between steps.
#include <torch/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "engine/api/progress.h"
#include "engine/diffusion/gaussian_diffusion.h"

namespace mlens::diffusion {

// Raw model output for x_t at ORIGINAL timesteps tOrig ([N] int64).
using ModelFn = std::function<torch::Tensor(const torch::Tensor& x, const torch::Tensor& tOrig)>;
// Scaled guidance gradient (w * grad log p(y | x_t)) at original timesteps.
using GuidanceFn = std::function<torch::Tensor(const torch::Tensor& x, const torch::Tensor& tOrig)>;

// Where x_T and each step's noise come from. `step` is 0 for the first (noisiest) step.
class NoiseSource {
public:
    virtual ~NoiseSource() = default;
    virtual torch::Tensor initial(const std::vector<int64_t>& shape) = 0;
    virtual torch::Tensor step(int step, const std::vector<int64_t>& shape) = 0;
};

// Sample i of a batch draws from its own CPU generator seeded with seed + first + i, so a sample
// does not depend on the batch it is in, on the device, or on guidance: the same seed gives the same
// x_T and the same per-step noise to a baseline and a guided run.
class PerSampleNoise final : public NoiseSource {
public:
    PerSampleNoise(uint64_t seed, int64_t firstIndex, int64_t count);
    torch::Tensor initial(const std::vector<int64_t>& shape) override;
    torch::Tensor step(int step, const std::vector<int64_t>& shape) override;

private:
    torch::Tensor draw(const std::vector<int64_t>& shape);
    std::vector<torch::Generator> m_generators;
};

// Replays a recorded run: x_T, then noises[k] at step k ([K, N, C, H, W]).
class ReplayNoise final : public NoiseSource {
public:
    ReplayNoise(torch::Tensor xT, torch::Tensor noises);
    torch::Tensor initial(const std::vector<int64_t>& shape) override;
    torch::Tensor step(int step, const std::vector<int64_t>& shape) override;

private:
    torch::Tensor m_xT, m_noises;
};

struct SamplerOptions {
    bool ddim = false;
    double eta = 0.0;
    bool clipDenoised = true;
    int previewEvery = 0;  // call onStep after the first step, every N-th and the last; 0 = never
};

struct StepView {
    int step = 0;  // 1-based count of completed steps
    int total = 0;
    torch::Tensor x;           // current sample x_{t-1}
    torch::Tensor predXstart;  // Tweedie estimate of x0 at this step (the progressive preview)
};
using StepCallback = std::function<void(const StepView&)>;

// Runs the whole reverse process from x_T on `device`; returns x_0 [N, C, H, W] (unclamped).
// Throws Cancelled between steps when progress asks. Must not run under InferenceMode when a
// guidance function is given (it needs autograd).
torch::Tensor sampleLoop(const GaussianDiffusion& diffusion, const ModelFn& model, const GuidanceFn* guidance,
                         NoiseSource& noise, const std::vector<int64_t>& shape, const SamplerOptions& options,
                         const torch::Device& device, ProgressSink& progress,
                         const StepCallback& onStep = {});

}  // namespace mlens::diffusion
