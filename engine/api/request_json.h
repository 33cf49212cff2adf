#pragma once
// Every request as JSON and back: the text logged at job start, embedded in outputs (PNG text
// chunks, scores.json, checkpoint metadata), hashed into cache keys and read back on resume. Keys
// are the fields' snake_case names; choices use their name(); an absent key keeps the default;
// callbacks are not serialised. fromJson throws Error(Format) naming the key on a wrong type.
#include <string>

#include "engine/api/backbone.h"
#include "engine/api/benchmark.h"
#include "engine/api/calibration.h"
#include "engine/api/checkpoint_tools.h"
#include "engine/api/classes.h"
#include "engine/api/dataset.h"
#include "engine/api/demo.h"
#include "engine/api/evaluation.h"
#include "engine/api/hardness.h"
#include "engine/api/sampling.h"
#include "engine/api/scoring.h"
#include "engine/api/specs.h"
#include "engine/api/synthetic.h"
#include "engine/api/training.h"

namespace mlens {

#define MLENS_REQUEST_JSON(T)           \
    std::string toJson(const T& value); \
    template <>                         \
    T fromJson<T>(const std::string& text);

template <class T>
T fromJson(const std::string& text);

MLENS_REQUEST_JSON(DatasetSpec)
MLENS_REQUEST_JSON(BackboneSpec)
MLENS_REQUEST_JSON(MinorityScoreParams)
MLENS_REQUEST_JSON(ScoreRequest)
MLENS_REQUEST_JSON(ClassesRequest)
MLENS_REQUEST_JSON(ClassifierTrainRequest)
MLENS_REQUEST_JSON(SampleRequest)
MLENS_REQUEST_JSON(EvaluateRequest)
MLENS_REQUEST_JSON(CalibrateTRequest)
MLENS_REQUEST_JSON(FitHardnessRequest)
MLENS_REQUEST_JSON(HardnessRequest)
MLENS_REQUEST_JSON(BackboneTrainRequest)
MLENS_REQUEST_JSON(SyntheticRequest)
MLENS_REQUEST_JSON(DemoRequest)
MLENS_REQUEST_JSON(FmnistBenchmarkRequest)
MLENS_REQUEST_JSON(VerifyRequest)
#undef MLENS_REQUEST_JSON

}  // namespace mlens
