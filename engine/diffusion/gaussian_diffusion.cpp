#include "engine/diffusion/gaussian_diffusion.h"

#include <torch/torch.h>

#include <cmath>

#include "engine/api/error.h"

namespace mlens::diffusion {

namespace {

torch::Tensor f64(const std::vector<double>& v) {
    return torch::from_blob(const_cast<double*>(v.data()), {static_cast<int64_t>(v.size())}, torch::kFloat64)
        .clone();
}

template <class F>
std::vector<double> map(size_t n, F f) {
    std::vector<double> out(n);
    for (size_t i = 0; i < n; ++i)
        out[i] = f(i);
    return out;
}

}  // namespace

GaussianDiffusion::GaussianDiffusion(std::vector<double> betas, std::vector<int64_t> timestepMap,
                                     VarianceType variance)
    : m_betas(std::move(betas)), m_timestepMap(std::move(timestepMap)), m_variance(variance) {
    const size_t n = m_betas.size();
    if (n == 0 || m_timestepMap.size() != n)
        throw Error(ErrorCode::InvalidArgument, "diffusion: betas and timestep map disagree");
    for (double b : m_betas)
        if (!(b > 0 && b <= 1)) throw Error(ErrorCode::InvalidArgument, "diffusion: betas must be in (0, 1]");
    // gaussian_diffusion.py GaussianDiffusion.__init__, all in float64
    m_alphasCumprod = cumulativeAlphas(m_betas);
    const auto& ac = m_alphasCumprod;
    const auto acPrev = map(n, [&](size_t i) { return i == 0 ? 1.0 : ac[i - 1]; });
    const auto postVar = map(n, [&](size_t i) { return m_betas[i] * (1.0 - acPrev[i]) / (1.0 - ac[i]); });
    // log of the posterior variance, clipped: index 0 takes index 1's value
    const auto postLogClipped =
        map(n, [&](size_t i) { return std::log(n > 1 ? postVar[i == 0 ? 1 : i] : postVar[0]); });
    const auto fixedLarge =
        map(n, [&](size_t i) { return i == 0 ? (n > 1 ? postVar[1] : m_betas[0]) : m_betas[i]; });

    m_sqrtAlphasCumprod = f64(map(n, [&](size_t i) { return std::sqrt(ac[i]); }));
    m_sqrtOneMinusAlphasCumprod = f64(map(n, [&](size_t i) { return std::sqrt(1.0 - ac[i]); }));
    m_sqrtRecipAlphasCumprod = f64(map(n, [&](size_t i) { return std::sqrt(1.0 / ac[i]); }));
    m_sqrtRecipm1AlphasCumprod = f64(map(n, [&](size_t i) { return std::sqrt(1.0 / ac[i] - 1); }));
    m_posteriorVariance = f64(postVar);
    m_posteriorLogVarianceClipped = f64(postLogClipped);
    m_logBetas = f64(map(n, [&](size_t i) { return std::log(m_betas[i]); }));
    m_coef1 = f64(map(n, [&](size_t i) { return m_betas[i] * std::sqrt(acPrev[i]) / (1.0 - ac[i]); }));
    m_coef2 = f64(
        map(n, [&](size_t i) { return (1.0 - acPrev[i]) * std::sqrt(1.0 - m_betas[i]) / (1.0 - ac[i]); }));
    m_fixedLargeVariance = f64(fixedLarge);
    m_fixedLargeLogVariance = f64(map(n, [&](size_t i) { return std::log(fixedLarge[i]); }));
    m_alphasCumprodT = f64(ac);
    m_alphasCumprodPrevT = f64(acPrev);
    m_map = torch::tensor(m_timestepMap, torch::kInt64);
}

GaussianDiffusion GaussianDiffusion::create(ScheduleKind schedule, int numSteps, const std::string& respacing,
                                            VarianceType variance) {
    const auto betas = makeBetas(schedule, numSteps);
    const Respacing r = respace(betas, spaceTimesteps(numSteps, respacing));
    return GaussianDiffusion(r.betas, r.timestepMap, variance);
}

torch::Tensor GaussianDiffusion::extract(const torch::Tensor& arr, const torch::Tensor& t,
                                         const torch::Tensor& like) const {
    // _extract_into_tensor: float64 gather, then float32
    torch::Tensor v =
        arr.index_select(0, t.to(torch::kCPU, torch::kInt64)).to(torch::kFloat32).to(like.device());
    std::vector<int64_t> shape(static_cast<size_t>(like.dim()), 1);
    shape[0] = v.size(0);
    return v.view(shape);
}

torch::Tensor GaussianDiffusion::originalSteps(const torch::Tensor& t) const {
    return m_map.index_select(0, t.to(torch::kCPU, torch::kInt64)).to(t.device());
}

torch::Tensor GaussianDiffusion::qSample(const torch::Tensor& x0, const torch::Tensor& t,
                                         const torch::Tensor& noise) const {
    return extract(m_sqrtAlphasCumprod, t, x0) * x0 + extract(m_sqrtOneMinusAlphasCumprod, t, x0) * noise;
}

torch::Tensor GaussianDiffusion::predictXstartFromEps(const torch::Tensor& xt, const torch::Tensor& t,
                                                      const torch::Tensor& eps) const {
    return extract(m_sqrtRecipAlphasCumprod, t, xt) * xt - extract(m_sqrtRecipm1AlphasCumprod, t, xt) * eps;
}

torch::Tensor GaussianDiffusion::predictEpsFromXstart(const torch::Tensor& xt, const torch::Tensor& t,
                                                      const torch::Tensor& x0) const {
    return (extract(m_sqrtRecipAlphasCumprod, t, xt) * xt - x0) / extract(m_sqrtRecipm1AlphasCumprod, t, xt);
}

torch::Tensor GaussianDiffusion::posteriorMean(const torch::Tensor& x0, const torch::Tensor& xt,
                                               const torch::Tensor& t) const {
    return extract(m_coef1, t, xt) * x0 + extract(m_coef2, t, xt) * xt;
}

MeanVariance GaussianDiffusion::pMeanVariance(const torch::Tensor& modelOutput, const torch::Tensor& x,
                                              const torch::Tensor& t, bool clipDenoised) const {
    // gaussian_diffusion.py p_mean_variance (model_mean_type EPSILON)
    const int64_t c = x.size(1);
    MeanVariance mv;
    torch::Tensor eps = modelOutput;
    if (m_variance == VarianceType::LearnedRange) {
        if (modelOutput.size(1) != 2 * c)
            throw Error(ErrorCode::ShapeMismatch, "learned-range variance needs " + std::to_string(2 * c) +
                                                      " output channels, the model gives " +
                                                      std::to_string(modelOutput.size(1)));
        auto parts = modelOutput.split(c, 1);
        eps = parts[0];
        const torch::Tensor minLog = extract(m_posteriorLogVarianceClipped, t, x);
        const torch::Tensor maxLog = extract(m_logBetas, t, x);
        const torch::Tensor frac = (parts[1] + 1) / 2;  // the model outputs v in [-1, 1]
        mv.logVariance = frac * maxLog + (1 - frac) * minLog;
        mv.variance = torch::exp(mv.logVariance);
    } else {
        if (modelOutput.size(1) != c)
            throw Error(ErrorCode::ShapeMismatch, "fixed variance needs " + std::to_string(c) +
                                                      " output channels, the model gives " +
                                                      std::to_string(modelOutput.size(1)));
        const bool small = m_variance == VarianceType::FixedSmall;
        mv.variance = extract(small ? m_posteriorVariance : m_fixedLargeVariance, t, x).expand_as(x);
        mv.logVariance =
            extract(small ? m_posteriorLogVarianceClipped : m_fixedLargeLogVariance, t, x).expand_as(x);
    }
    mv.predXstart = predictXstartFromEps(x, t, eps);
    if (clipDenoised) mv.predXstart = mv.predXstart.clamp(-1, 1);
    mv.mean = posteriorMean(mv.predXstart, x, t);
    return mv;
}

torch::Tensor GaussianDiffusion::conditionMean(const MeanVariance& mv, const torch::Tensor& grad) const {
    return mv.mean.to(torch::kFloat32) + mv.variance * grad.to(torch::kFloat32);
}

MeanVariance GaussianDiffusion::conditionScore(const MeanVariance& mv, const torch::Tensor& x,
                                               const torch::Tensor& t, const torch::Tensor& grad) const {
    const torch::Tensor alphaBar = extract(m_alphasCumprodT, t, x);
    torch::Tensor eps = predictEpsFromXstart(x, t, mv.predXstart);
    eps = eps - (1 - alphaBar).sqrt() * grad;
    MeanVariance out = mv;
    out.predXstart = predictXstartFromEps(x, t, eps);
    out.mean = posteriorMean(out.predXstart, x, t);
    return out;
}

torch::Tensor GaussianDiffusion::posteriorLogVariance(const torch::Tensor& t,
                                                      const torch::Tensor& like) const {
    return extract(m_posteriorLogVarianceClipped, t, like).expand_as(like);
}

torch::Tensor GaussianDiffusion::sqrtAlphasCumprod(const torch::Tensor& t, const torch::Tensor& like) const {
    return extract(m_sqrtAlphasCumprod, t, like);
}

torch::Tensor GaussianDiffusion::ancestralStep(const MeanVariance& mv, const torch::Tensor& t,
                                               const torch::Tensor& noise) const {
    const torch::Tensor nonzero = (t != 0).to(torch::kFloat32).to(mv.mean.device()).view({-1, 1, 1, 1});
    return mv.mean + nonzero * torch::exp(0.5 * mv.logVariance) * noise;
}

torch::Tensor GaussianDiffusion::ddimStep(const MeanVariance& mv, const torch::Tensor& x,
                                          const torch::Tensor& t, double eta,
                                          const torch::Tensor& noise) const {
    // gaussian_diffusion.py ddim_sample
    const torch::Tensor eps = predictEpsFromXstart(x, t, mv.predXstart);
    const torch::Tensor alphaBar = extract(m_alphasCumprodT, t, x);
    const torch::Tensor alphaBarPrev = extract(m_alphasCumprodPrevT, t, x);
    const torch::Tensor sigma =
        eta * torch::sqrt((1 - alphaBarPrev) / (1 - alphaBar)) * torch::sqrt(1 - alphaBar / alphaBarPrev);
    const torch::Tensor meanPred =
        mv.predXstart * torch::sqrt(alphaBarPrev) + torch::sqrt(1 - alphaBarPrev - sigma.pow(2)) * eps;
    if (eta == 0.0) return meanPred;
    const torch::Tensor nonzero = (t != 0).to(torch::kFloat32).to(x.device()).view({-1, 1, 1, 1});
    return meanPred + nonzero * sigma * noise;
}

}  // namespace mlens::diffusion
