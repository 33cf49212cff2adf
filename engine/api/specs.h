#pragma once
// Request parts that several jobs share: which backbone and diffusion process, and how the minority
// score is measured. Defaults live here and nowhere else.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/api/choices.h"

namespace mlens {

// A guided-diffusion UNetModel checkpoint and the process it was trained with. Unset values come
// from the checkpoint's metadata (train-backbone writes them), else guided-diffusion's defaults.
struct BackboneSpec {
    std::string checkpoint;            // UNetModel checkpoint (.pt, .safetensors)
    std::string config;                // constructor-arguments JSON; inferred from the weights when empty
    int imageSize = 0;                 // replaces an assumed image size (0 = keep)
    std::optional<Schedule> schedule;  // the checkpoint's, else linear
    int diffusionSteps = 0;            // 0: the checkpoint's, else 1000
    bool sigmaSmall = false;           // fixed-variance models: posterior variance instead of betas
};

// How the minority score l(x0) = mean_draws d(x0, x0_hat(x_t)) is measured (Um & Ye, eq. 7).
struct MinorityScoreParams {
    // Noise level: t (an original step), or tIndex into `respacing`; neither = the official default
    // (respacing "100", index 60 = t 605 for linear schedules; 0.9 T otherwise).
    int t = -1;
    int tIndex = -1;
    std::string respacing;
    int draws = 5;
    Distance distance = Distance::LpipsVgg;
    std::string lpipsTrunk, lpipsHeads;  // torchvision trunk and LPIPS v0.1 heads (LPIPS only)
    uint64_t seed = 0;                   // image i's draws come from a generator seeded by this and its name
};

// "0,250,500" -> ascending, duplicate-free original steps, each at least `minimum` (at most 32);
// throws Error(InvalidArgument) with one line that starts with `what`.
std::vector<int> parseSteps(const std::string& text, int minimum, const std::string& what);

}  // namespace mlens
