#include "engine/models/backbone.h"

#include "engine/api/error.h"

namespace mlens::models {

diffusion::GaussianDiffusion Backbone::process(const std::string& respacing) const {
    return diffusion::GaussianDiffusion::create(schedule, diffusionSteps, respacing, variance);
}

Backbone loadBackbone(const BackboneSpec& spec, const torch::Device& device) {
    if (spec.checkpoint.empty()) throw Error(ErrorCode::InvalidArgument, "a backbone checkpoint is required");
    if (spec.diffusionSteps < 0)
        throw Error(ErrorCode::InvalidArgument, "the number of diffusion steps must be positive");
    Backbone b;
    b.adm = loadAdm(spec.checkpoint, spec.config, device, AdmKind::UNet, "backbone", spec.imageSize);
    const AdmConfig& c = b.adm.config;
    if (!c.learnSigma() && c.outChannels != c.inChannels)
        throw Error(ErrorCode::Unsupported, "the backbone outputs " + std::to_string(c.outChannels) +
                                                " channels for " + std::to_string(c.inChannels) +
                                                " input channels: not an epsilon-prediction model");
    b.schedule = spec.schedule
                     ? *spec.schedule
                     : (!b.adm.schedule.empty() ? parse<Schedule>(b.adm.schedule) : Schedule::Linear);
    b.diffusionSteps = spec.diffusionSteps > 0 ? spec.diffusionSteps
                                               : (b.adm.diffusionSteps > 0 ? b.adm.diffusionSteps : 1000);
    b.variance = c.learnSigma() ? diffusion::VarianceType::LearnedRange
                                : (spec.sigmaSmall ? diffusion::VarianceType::FixedSmall
                                                   : diffusion::VarianceType::FixedLarge);
    return b;
}

}  // namespace mlens::models
