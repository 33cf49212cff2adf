#pragma once
// A fitted hardness model (api/hardness.h) with its classifier loaded: embeddings of x_t and the
// class Gaussians of each fitted step. Shared by `hardness`, `evaluate` and the Sehwag sampler.
#include <torch/types.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/api/hardness.h"
#include "engine/diffusion/gaussian_diffusion.h"
#include "engine/metrics/class_gaussians.h"

namespace mlens::minority {

class MinorityClassifier;

// The metadata key of the model file and the schedule a classifier was trained with (its
// train-classifier metadata, else guided-diffusion's linear / 1000).
extern const char* const kHardnessMetadataKey;
std::pair<Schedule, int> classifierSchedule(const std::string& classifierPath);

// x_t = q_sample(x0, step) with image i's noise from a generator seeded by seeds[i]; x0 at step 0.
// The one rule by which fit-hardness and hardness embed an image at a step.
torch::Tensor noisedAt(const diffusion::GaussianDiffusion& diffusion, const torch::Tensor& x0, int step,
                       const std::vector<uint64_t>& seeds);

class HardnessModel {
public:
    // Loads the file and its classifier; throws Error when the classifier is missing or is not the
    // one the model was fitted with (SHA-256).
    HardnessModel(const std::string& path, const torch::Device& device);
    ~HardnessModel();

    const HardnessModelInfo& info() const { return m_info; }
    // Index of the fitted step nearest `t` (-1: the first).
    int binFor(int t) const;
    const metrics::ClassGaussians& gaussians(int bin) const { return m_gaussians[bin]; }
    MinorityClassifier& classifier() { return *m_classifier; }
    int imageSize() const;
    int channels() const;

    // x0 [N, C, S, S] in [-1, 1] -> embeddings [N, D] float32 of x_t at the bin's step, image i noised
    // from a generator seeded by seeds[i] (t = 0: x0 itself).
    torch::Tensor embed(const torch::Tensor& x0, int bin, const std::vector<uint64_t>& seeds);
    // Embeddings of an already noisy x_t at original steps tOrig [N] (differentiable).
    torch::Tensor embedNoisy(const torch::Tensor& xt, const torch::Tensor& tOrig);

private:
    HardnessModelInfo m_info;
    std::vector<metrics::ClassGaussians> m_gaussians;
    std::shared_ptr<MinorityClassifier> m_classifier;
    diffusion::GaussianDiffusion m_diffusion;
    torch::Device m_device;
};

}  // namespace mlens::minority
