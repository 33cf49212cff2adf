#pragma once
// The reverse-process math of guided-diffusion's gaussian_diffusion.py for one (possibly respaced)
// process. Coefficients are float64 and cast to float32 after indexing, as _extract_into_tensor does.
// Timestep arguments `t` are indices of THIS process (respaced); networks get originalSteps(t).
#include <torch/types.h>

#include <cstdint>
#include <vector>

#include "engine/diffusion/schedule.h"

namespace mlens::diffusion {

enum class VarianceType { LearnedRange, FixedSmall, FixedLarge };

struct MeanVariance {
    torch::Tensor mean;         // posterior mean of x_{t-1}
    torch::Tensor variance;     // model variance
    torch::Tensor logVariance;  // its log
    torch::Tensor predXstart;   // x0 estimate (clamped to [-1, 1] when clipping)
};

class GaussianDiffusion {
public:
    // `timestepMap` maps each index to the original step (identity when not respaced).
    GaussianDiffusion(std::vector<double> betas, std::vector<int64_t> timestepMap, VarianceType variance);

    // Convenience: schedule + respacing spec ("" = all steps).
    static GaussianDiffusion create(ScheduleKind schedule, int numSteps, const std::string& respacing,
                                    VarianceType variance);

    int numSteps() const { return static_cast<int>(m_betas.size()); }
    const std::vector<int64_t>& timestepMap() const { return m_timestepMap; }
    const std::vector<double>& betas() const { return m_betas; }
    const std::vector<double>& alphasCumprod() const { return m_alphasCumprod; }
    VarianceType varianceType() const { return m_variance; }

    // [N] int64 indices -> [N] int64 original steps (on t's device)
    torch::Tensor originalSteps(const torch::Tensor& t) const;

    // x_t = sqrt(abar) x0 + sqrt(1 - abar) noise
    torch::Tensor qSample(const torch::Tensor& x0, const torch::Tensor& t, const torch::Tensor& noise) const;
    // Tweedie: x0 = sqrt(1/abar) x_t - sqrt(1/abar - 1) eps (unclipped)
    torch::Tensor predictXstartFromEps(const torch::Tensor& xt, const torch::Tensor& t,
                                       const torch::Tensor& eps) const;
    torch::Tensor predictEpsFromXstart(const torch::Tensor& xt, const torch::Tensor& t,
                                       const torch::Tensor& x0) const;
    torch::Tensor posteriorMean(const torch::Tensor& x0, const torch::Tensor& xt,
                                const torch::Tensor& t) const;

    // p_mean_variance from a raw model output [N, C or 2C, H, W] (epsilon prediction).
    MeanVariance pMeanVariance(const torch::Tensor& modelOutput, const torch::Tensor& x,
                               const torch::Tensor& t, bool clipDenoised) const;
    // Classifier guidance for ancestral steps: mean + variance * grad (condition_mean).
    torch::Tensor conditionMean(const MeanVariance& mv, const torch::Tensor& grad) const;
    // Classifier guidance as a score correction (condition_score): eps' = eps - sqrt(1 - abar) grad.
    MeanVariance conditionScore(const MeanVariance& mv, const torch::Tensor& x, const torch::Tensor& t,
                                const torch::Tensor& grad) const;
    // log of the true posterior variance q(x_{t-1} | x_t, x0), clipped, shaped like `like`.
    torch::Tensor posteriorLogVariance(const torch::Tensor& t, const torch::Tensor& like) const;
    // sqrt(abar_t) per sample, [N, 1, 1, 1] like `like`.
    torch::Tensor sqrtAlphasCumprod(const torch::Tensor& t, const torch::Tensor& like) const;

    // x_{t-1} = mean + 1[t != 0] exp(0.5 log var) noise
    torch::Tensor ancestralStep(const MeanVariance& mv, const torch::Tensor& t,
                                const torch::Tensor& noise) const;
    // DDIM update from the x0 estimate; `noise` is ignored when eta == 0.
    torch::Tensor ddimStep(const MeanVariance& mv, const torch::Tensor& x, const torch::Tensor& t, double eta,
                           const torch::Tensor& noise) const;

private:
    // arr[t] as float32, shaped [N, 1, 1, 1] to broadcast against `like`.
    torch::Tensor extract(const torch::Tensor& arr, const torch::Tensor& t, const torch::Tensor& like) const;

    std::vector<double> m_betas, m_alphasCumprod;
    std::vector<int64_t> m_timestepMap;
    VarianceType m_variance;
    torch::Tensor m_sqrtAlphasCumprod, m_sqrtOneMinusAlphasCumprod, m_sqrtRecipAlphasCumprod,
        m_sqrtRecipm1AlphasCumprod, m_posteriorLogVarianceClipped, m_logBetas, m_coef1, m_coef2,
        m_posteriorVariance, m_fixedLargeVariance, m_fixedLargeLogVariance, m_alphasCumprodT,
        m_alphasCumprodPrevT, m_map;
};

}  // namespace mlens::diffusion
