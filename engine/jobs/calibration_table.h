#pragma once
// calibrate-t's table as JSON (one row per candidate t): calibration.json and scores.json's
// "t_calibration" write the same rows.
#include <nlohmann/json.hpp>

#include "engine/api/calibration.h"

namespace mlens {

nlohmann::json calibrationTableJson(const CalibrateTResult& result);

}  // namespace mlens
