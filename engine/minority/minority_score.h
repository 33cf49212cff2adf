#pragma once
// Minority score (Um & Ye, eq. 7): l(x0) = mean over draws of d(x0, x0_hat(x_t)), x_t = q(x0, t), x0_hat
// the clipped one-shot Tweedie reconstruction of the (unconditional or class-conditional) backbone.
#include <torch/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/api/specs.h"
#include "engine/diffusion/gaussian_diffusion.h"
#include "engine/minority/distance.h"
#include "engine/models/adm_models.h"
#include "engine/models/backbone.h"

namespace mlens::minority {

struct ScoreBatch {
    torch::Tensor distances;       // [N, draws] (CPU, float32)
    torch::Tensor reconstruction;  // [N, C, H, W] x0_hat of the first draw (when maps were asked for)
    torch::Tensor map;             // [N, H, W] per-pixel distance, mean over draws (when maps were asked for)
};

class MinorityScorer {
public:
    // tIndex: index into `diffusion` (respaced or not); the network sees the original step.
    MinorityScorer(models::UNetModel model, diffusion::GaussianDiffusion diffusion, int tIndex,
                   ImageDistance& distance, int draws);

    // x0 [N, C, H, W] in [-1, 1] on the model's device. Each image i draws its noise from a CPU
    // generator seeded with noiseSeeds[i], so its score does not depend on the batch it is in.
    // y: class labels for a class-conditional backbone.
    ScoreBatch score(const torch::Tensor& x0, const std::vector<uint64_t>& noiseSeeds, bool maps,
                     const std::optional<torch::Tensor>& y = std::nullopt);

    int64_t originalStep() const { return m_originalStep; }

private:
    models::UNetModel m_model;
    diffusion::GaussianDiffusion m_diffusion;
    int m_tIndex;
    int64_t m_originalStep;
    ImageDistance& m_distance;
    int m_draws;
};

// Stable per-image seed from the run seed and the image's relative path (FNV-1a + splitmix64).
uint64_t imageSeed(uint64_t runSeed, const std::string& relativePath);

// The noise level of a minority score: an explicit original step t (full process), or tIndex into
// `respacing`, else the official one (respacing "100", index 60 = t 605 for linear schedules of at
// least 100 steps; t = 0.9 T otherwise). Throws on bad combinations.
struct NoiseLevel {
    diffusion::GaussianDiffusion process;  // respaced as `respacing` says
    int index = 0;                         // into `process`
    std::string respacing;
    int64_t originalStep = 0;
};
NoiseLevel resolveNoiseLevel(const models::Backbone& backbone, const MinorityScoreParams& params);

// The minority score of one backbone with one set of parameters: the noise level resolved, the
// distance built, the scorer ready.
class BackboneScorer {
public:
    BackboneScorer(const models::Backbone& backbone, const MinorityScoreParams& params,
                   const torch::Device& device);
    ScoreBatch score(const torch::Tensor& x0, const std::vector<uint64_t>& noiseSeeds, bool maps,
                     const std::optional<torch::Tensor>& y = std::nullopt) {
        return m_scorer->score(x0, noiseSeeds, maps, y);
    }
    const NoiseLevel& level() const { return m_level; }

private:
    NoiseLevel m_level;
    std::unique_ptr<ImageDistance> m_distance;
    std::unique_ptr<MinorityScorer> m_scorer;
};

}  // namespace mlens::minority
