#pragma once
// The Fashion-MNIST-LT benchmark: on real images nobody here made, does the minority score find the
// tail classes, and does minority guidance sample them without leaving the data manifold? An
// independent judge (a classifier of the 10 labels trained on the full balanced training set) labels
// every sample and supplies the evaluation feature space.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/api/progress.h"

namespace mlens {

struct FmnistBenchmarkRequest {
    std::string outDir;    // a new (or empty) folder
    std::string dataDir;   // dataset-fashion-mnist's folder: train-* and t10k-* IDX files (.gz)
    std::string backbone;  // unconditional UNet trained on the long-tailed set (bench/fmnist/train.sh)
    std::string judge;     // clean classifier of the 10 labels
    bool quick = false;    // fewer samples and steps: minutes on 2 CPU cores
    uint64_t seed = 0;
    // Overrides of the plan (0 / empty = the plan's value).
    int samples = 0, iterations = 0, numClasses = 0, draws = 0, t = 0;
    std::string respacing;
    double scale = 0;
    std::string device = "auto";
};

struct FmnistBenchmarkPlan {
    int samples;            // per sampler, from the same noise
    std::string respacing;  // sampling steps
    double scale;           // guidance scale (guided and mixture)
    int t;                  // perturbation step of the minority score
    int draws;              // noise draws of the minority score
    int numClasses;         // minority classes L
    int iterations;         // minority classifier steps
    int tailClasses;        // the rarest label classes that count as "tail"
    double imbalance;       // n_max / n_min of the long-tailed training set (Cao et al.)
};
FmnistBenchmarkPlan fmnistBenchmarkPlan(bool quick);

// A share with its bootstrap 95 % interval and the count it rests on.
struct Share {
    double value = 0, lo = 0, hi = 0;
    int64_t n = 0;
};

struct SamplerOutcome {
    std::string name;      // baseline, guided, mixture
    Share tail;            // judge: samples assigned to a tail class
    Share tailOnManifold;  // the same among the samples inside the real manifold (precision's balls)
    double precision = 0, recall = 0;  // improved precision / recall against the real LT set (judge features)
    double precisionLo = 0, precisionHi = 0;
    double meanConfidence = 0;      // the judge's top-1 probability
    std::vector<int64_t> perClass;  // judge's labels, indexed by label
    double avgknnMean = 0, lofMean = 0;
};

struct FmnistBenchmarkResult {
    Share judgeAccuracy;  // on the balanced 10,000-image test set
    double aurocTail = 0, aurocTailLo = 0, aurocTailHi = 0;
    int64_t realImages = 0, tailImages = 0;
    double spearmanAvgknn = 0;
    std::vector<std::string> tailLabels;  // label names of the tail classes
    std::vector<SamplerOutcome> samplers;
    double precisionMargin = 0;  // a sampler counts as "more minority" only within this of the baseline
    std::string summaryJson, reportMd, workspace;
    double seconds = 0;
};

// Scores the long-tailed set, trains the minority classifier, samples baseline / guided (rarest
// minority class) / mixture from the same noise, judges and evaluates them, and writes
// OUT/summary.json, OUT/report.md and OUT/report/*.png. OUT/workspace opens in the desktop app.
FmnistBenchmarkResult runFmnistBenchmark(const FmnistBenchmarkRequest& request, ProgressSink& progress);

// The bundled model NAME (judge, backbone_uncond, ...) as NAME.safetensors: $MLENS_FMNIST_MODELS,
// then <exe>/../share/minoritylens/fmnist, then the source tree's resources/fmnist. Empty if none.
std::string findFmnistModel(const std::string& name);
// $MLENS_FMNIST_DIR, else Debian's dataset-fashion-mnist folder.
std::string defaultFmnistDataDir();

}  // namespace mlens
