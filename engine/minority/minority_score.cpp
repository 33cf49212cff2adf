#include "engine/minority/minority_score.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>
#include <algorithm>
#include <string>

#include "engine/api/error.h"

namespace mlens::minority {

uint64_t imageSeed(uint64_t runSeed, const std::string& relativePath) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a 64
    for (unsigned char c : relativePath) {
        h ^= c;
        h *= 1099511628211ull;
    }
    uint64_t z = h ^ (runSeed + 0x9e3779b97f4a7c15ull);  // splitmix64 finaliser
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return (z ^ (z >> 31)) & 0x7fffffffffffffffull;
}

MinorityScorer::MinorityScorer(models::UNetModel model, diffusion::GaussianDiffusion diffusion, int tIndex,
                               ImageDistance& distance, int draws)
    : m_model(std::move(model)),
      m_diffusion(std::move(diffusion)),
      m_tIndex(tIndex),
      m_distance(distance),
      m_draws(draws) {
    if (tIndex < 0 || tIndex >= m_diffusion.numSteps())
        throw Error(ErrorCode::InvalidArgument, "timestep index " + std::to_string(tIndex) +
                                                    " is outside 0.." +
                                                    std::to_string(m_diffusion.numSteps() - 1));
    if (draws < 1) throw Error(ErrorCode::InvalidArgument, "the number of draws must be at least 1");
    m_originalStep = m_diffusion.timestepMap()[static_cast<size_t>(tIndex)];
}

ScoreBatch MinorityScorer::score(const torch::Tensor& x0, const std::vector<uint64_t>& noiseSeeds, bool maps,
                                 const std::optional<torch::Tensor>& y) {
    const int64_t n = x0.size(0);
    if (static_cast<int64_t>(noiseSeeds.size()) != n)
        throw Error(ErrorCode::InvalidArgument, "one noise seed per image is needed");
    std::vector<torch::Generator> gens;
    for (uint64_t s : noiseSeeds)
        gens.push_back(at::detail::createCPUGenerator(s));
    const std::vector<int64_t> one(x0.sizes().begin() + 1, x0.sizes().end());
    const torch::Tensor t =
        torch::full({n}, m_tIndex, torch::TensorOptions().dtype(torch::kInt64).device(x0.device()));
    const torch::Tensor tOrig = m_diffusion.originalSteps(t);
    ScoreBatch out;
    std::vector<torch::Tensor> cols;
    for (int d = 0; d < m_draws; ++d) {
        std::vector<torch::Tensor> eps;
        for (auto& g : gens)
            eps.push_back(torch::randn(one, g, torch::kFloat32));
        const torch::Tensor noise = torch::stack(eps).to(x0.device());
        const torch::Tensor xt = m_diffusion.qSample(x0, t, noise);
        torch::Tensor epsHat = m_model->forward(xt, tOrig, y);
        if (epsHat.size(1) != x0.size(1))
            epsHat = epsHat.narrow(1, 0, x0.size(1));  // learned sigma: [eps, v]
        const torch::Tensor x0Hat = m_diffusion.predictXstartFromEps(xt, t, epsHat).clamp(-1, 1);
        cols.push_back(m_distance.distance(x0, x0Hat).to(torch::kCPU, torch::kFloat32));
        if (maps) {
            const torch::Tensor m = m_distance.map(x0, x0Hat).to(torch::kCPU, torch::kFloat32);
            out.map = out.map.defined() ? out.map + m : m;
            if (d == 0) out.reconstruction = x0Hat.to(torch::kCPU);
        }
    }
    out.distances = torch::stack(cols, 1);
    if (maps) out.map = out.map / m_draws;
    return out;
}

NoiseLevel resolveNoiseLevel(const models::Backbone& backbone, const MinorityScoreParams& p) {
    const int steps = backbone.diffusionSteps;
    NoiseLevel n{backbone.process(), 0, "", 0};
    if (p.tIndex >= 0 && p.t >= 0)
        throw Error(ErrorCode::InvalidArgument,
                    "give either the noise step t or the index t_index, not both");
    if (p.tIndex >= 0) {
        n.index = p.tIndex;
        n.respacing = p.respacing;
    } else if (p.t >= 0) {
        if (!p.respacing.empty())
            throw Error(ErrorCode::InvalidArgument,
                        "a respacing goes with the index t_index, not with the step t");
        if (p.t >= steps)
            throw Error(ErrorCode::InvalidArgument, "the noise step t = " + std::to_string(p.t) +
                                                        " is outside 0.." + std::to_string(steps - 1));
        n.index = p.t;
    } else if (backbone.schedule == Schedule::Linear && steps >= 100) {
        n.index = 60;  // the official minority-score setting: respacing "100", index 60 (t = 605 of 1000)
        n.respacing = "100";
    } else {
        n.index = std::min(steps - 1, static_cast<int>(0.9 * steps));  // the paper's 0.9 T
    }
    if (!n.respacing.empty()) n.process = backbone.process(n.respacing);
    if (n.index >= n.process.numSteps())
        throw Error(ErrorCode::InvalidArgument, "the noise index t_index = " + std::to_string(n.index) +
                                                    " is outside 0.." +
                                                    std::to_string(n.process.numSteps() - 1));
    n.originalStep = n.process.timestepMap()[static_cast<size_t>(n.index)];
    return n;
}

BackboneScorer::BackboneScorer(const models::Backbone& backbone, const MinorityScoreParams& params,
                               const torch::Device& device)
    : m_level(resolveNoiseLevel(backbone, params)),
      m_distance(makeDistance(params.distance, params.lpipsTrunk, params.lpipsHeads, device)),
      m_scorer(std::make_unique<MinorityScorer>(backbone.unet(), m_level.process, m_level.index, *m_distance,
                                                params.draws)) {}

}  // namespace mlens::minority
