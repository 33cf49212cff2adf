#pragma once
// Noise schedules and timestep respacing exactly as guided-diffusion computes them (float64).
// Torch-free.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/api/choices.h"

namespace mlens::diffusion {

using ScheduleKind = ::mlens::Schedule;

// gaussian_diffusion.py get_named_beta_schedule
std::vector<double> makeBetas(ScheduleKind kind, int numSteps);

// respace.py space_timesteps: "ddimN", or comma-separated section counts ("250", "10,20,30").
// An empty spec keeps every step. Returns the kept steps in ascending order.
std::vector<int> spaceTimesteps(int numSteps, const std::string& spec);

struct Respacing {
    std::vector<int64_t> timestepMap;  // respaced index -> original step
    std::vector<double> betas;         // betas of the respaced process
};

// respace.py SpacedDiffusion.__init__: beta'_k = 1 - abar[t_k] / abar[t_{k-1}].
Respacing respace(const std::vector<double>& betas, const std::vector<int>& keep);

// abar_t = prod_{k<=t} (1 - beta_k)
std::vector<double> cumulativeAlphas(const std::vector<double>& betas);

}  // namespace mlens::diffusion
