#pragma once
// What a training run needs to resume bit for bit: weights, optimizer moments, the step, and the
// parameters it ran with (a resumed run must use the same ones).
#include <nlohmann/json.hpp>

#include <string>

#include "engine/minority/minority_classifier.h"
#include "engine/training/adamw.h"

namespace mlens::training {

void saveTrainingState(const std::string& path, const minority::MinorityClassifier& classifier, const AdamW& optimizer, int64_t step,
                       const nlohmann::json& params);
// Restores weights and optimizer state; returns the step. Throws Error(NotFound) without a state file
// and Error(InvalidArgument) when the saved parameters differ from `params` (the iteration count may change).
int64_t loadTrainingState(const std::string& path, minority::MinorityClassifier& classifier, AdamW& optimizer,
                          const nlohmann::json& params);

}  // namespace mlens::training
