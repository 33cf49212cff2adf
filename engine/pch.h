#pragma once
// Precompiled header of the engine and the engine tests: LibTorch dominates compile time.
#include <torch/torch.h>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>
