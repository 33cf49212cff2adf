#pragma once
// A diffusion backbone and the process it runs: the one place the rule lives that says which
// schedule, length and variance a loaded UNet uses (the request's value, else the checkpoint's
// metadata, else guided-diffusion's defaults; learned-range variance for learn_sigma models).
#include <torch/types.h>

#include <string>

#include "engine/api/specs.h"
#include "engine/diffusion/gaussian_diffusion.h"
#include "engine/models/model_loader.h"

namespace mlens::models {

struct Backbone {
    LoadedAdm adm;  // the UNetModel, in eval mode on its device
    Schedule schedule = Schedule::Linear;
    int diffusionSteps = 1000;
    diffusion::VarianceType variance = diffusion::VarianceType::FixedLarge;

    const AdmConfig& config() const { return adm.config; }
    UNetModel unet() const { return adm.unet; }
    // The (optionally respaced) process of this backbone.
    diffusion::GaussianDiffusion process(const std::string& respacing = "") const;
};

// Loads the checkpoint and resolves its process. Throws Error (wrong model type, shape mismatch,
// an epsilon model whose output channels do not fit).
Backbone loadBackbone(const BackboneSpec& spec, const torch::Device& device);

}  // namespace mlens::models
