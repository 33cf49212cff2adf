#pragma once
// What a training run needs to resume bit for bit: weights, optimizer moments, the step, and the
// parameters it ran with (a resumed run must use the same ones).
#include <nlohmann/json.hpp>

#include <string>

#include "engine/minority/minority_classifier.h"
#include "engine/training/adamw.h"

namespace mlens::training {

// `key`: what must match for a resumption (the settings, without the run's length); `request`: the
// resolved request, so that a resumption can be rebuilt from the file alone (savedTrainRequest);
// `progress`: the run's report state (running means since the last metrics line, seconds so far).
void saveTrainingState(const std::string& path, const minority::MinorityClassifier& classifier,
                       const AdamW& optimizer, int64_t step, const nlohmann::json& key,
                       const std::string& request, const nlohmann::json& progress);
// Restores weights and optimizer state; returns the step and sets `progress` (null from older
// files). Throws Error(NotFound) without a state file and Error(InvalidArgument) when the saved key
// differs from `key`.
int64_t loadTrainingState(const std::string& path, minority::MinorityClassifier& classifier, AdamW& optimizer,
                          const nlohmann::json& key, nlohmann::json* progress);

}  // namespace mlens::training
