#include "engine/diffusion/sampler.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include "engine/api/error.h"

namespace mlens::diffusion {

PerSampleNoise::PerSampleNoise(uint64_t seed, int64_t firstIndex, int64_t count) {
    m_generators.reserve(static_cast<size_t>(count));
    for (int64_t i = 0; i < count; ++i)
        m_generators.push_back(at::detail::createCPUGenerator(seed + static_cast<uint64_t>(firstIndex + i)));
}

torch::Tensor PerSampleNoise::draw(const std::vector<int64_t>& shape) {
    if (shape.empty() || shape[0] != static_cast<int64_t>(m_generators.size()))
        throw Error(ErrorCode::InvalidArgument, "noise batch does not match the number of generators");
    std::vector<int64_t> one(shape.begin() + 1, shape.end());
    std::vector<torch::Tensor> parts;
    parts.reserve(m_generators.size());
    for (auto& g : m_generators)
        parts.push_back(torch::randn(one, g, torch::kFloat32));
    return torch::stack(parts);
}

torch::Tensor PerSampleNoise::initial(const std::vector<int64_t>& shape) {
    return draw(shape);
}
torch::Tensor PerSampleNoise::step(int, const std::vector<int64_t>& shape) {
    return draw(shape);
}

ReplayNoise::ReplayNoise(torch::Tensor xT, torch::Tensor noises)
    : m_xT(std::move(xT)), m_noises(std::move(noises)) {}

torch::Tensor ReplayNoise::initial(const std::vector<int64_t>& shape) {
    if (m_xT.sizes().vec() != shape)
        throw Error(ErrorCode::ShapeMismatch, "recorded x_T does not match the sample shape");
    return m_xT.to(torch::kFloat32);
}

torch::Tensor ReplayNoise::step(int step, const std::vector<int64_t>& shape) {
    if (!m_noises.defined() || step >= m_noises.size(0))
        throw Error(ErrorCode::InvalidArgument,
                    "the recorded noise has no entry for step " + std::to_string(step));
    torch::Tensor n = m_noises[step];
    if (n.sizes().vec() != shape)
        throw Error(ErrorCode::ShapeMismatch, "recorded noise does not match the sample shape");
    return n.to(torch::kFloat32);
}

torch::Tensor sampleLoop(const GaussianDiffusion& diffusion, const ModelFn& model, const GuidanceFn* guidance,
                         NoiseSource& noise, const std::vector<int64_t>& shape, const SamplerOptions& options,
                         const torch::Device& device, ProgressSink& progress, const StepCallback& onStep) {
    // gaussian_diffusion.py p_sample_loop_progressive / ddim_sample_loop_progressive
    const int total = diffusion.numSteps();
    const int64_t n = shape.at(0);
    torch::Tensor x = noise.initial(shape).to(device);
    for (int k = 0; k < total; ++k) {
        throwIfCancelled(progress);
        const int64_t index = total - 1 - k;
        const torch::Tensor t =
            torch::full({n}, index, torch::TensorOptions().dtype(torch::kInt64).device(device));
        const torch::Tensor tOrig = diffusion.originalSteps(t);
        torch::Tensor out;
        {
            torch::NoGradGuard noGrad;
            out = model(x, tOrig);
        }
        MeanVariance mv = diffusion.pMeanVariance(out, x, t, options.clipDenoised);
        if (options.ddim) {
            if (guidance) mv = diffusion.conditionScore(mv, x, t, (*guidance)(x, tOrig));
            const torch::Tensor z = options.eta > 0 ? noise.step(k, shape).to(device) : torch::Tensor();
            x = diffusion.ddimStep(mv, x, t, options.eta, z);
        } else {
            if (guidance) mv.mean = diffusion.conditionMean(mv, (*guidance)(x, tOrig));
            x = diffusion.ancestralStep(mv, t, noise.step(k, shape).to(device));
        }
        x = x.detach();
        progress.report(k + 1, total, "sampling");
        if (onStep && options.previewEvery > 0 &&
            (k == 0 || (k + 1) % options.previewEvery == 0 || k + 1 == total))
            onStep(StepView{k + 1, total, x, mv.predXstart.detach()});
    }
    return x;
}

}  // namespace mlens::diffusion
