#pragma once
// The offline demo: the whole MinorityLens job on synthetic brain slices with ground truth.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/api/progress.h"

namespace mlens {

struct DemoRequest {
    std::string outDir;
    std::string backbone;  // the bundled phantom backbone (the CLI finds it)
    bool quick = false;    // < 10 minutes on 2 CPU cores
    // Continue an interrupted demo in outDir (one started with the same request; OUT/demo_request.json
    // says which): finished stages are kept (phantoms, cached scores, the classifier's training
    // state), the rest runs again. Without it a non-empty outDir is refused.
    bool resume = false;
    uint64_t seed = 0;
    // Overrides of the plan (0 / empty = the plan's value), for experiments and tests.
    int phantoms = 0, iterations = 0, samples = 0, numClasses = 0, draws = 0, t = 0;
    std::string respacing;
    double scale = 0;
    std::string device = "auto";
};

// What a demo runs; the request's non-zero overrides replace these.
struct DemoPlan {
    int phantoms, iterations, samples;  // phantoms, classifier steps, baseline and guided samples each
    std::string respacing;              // sampling steps
    double scale;                       // guidance scale
    int t;                              // perturbation step of the minority score
    std::vector<int> tCandidates;       // calibrate-t's candidates, checked against the ground truth
    int calibrationSubset;              // phantoms calibrate-t scores
    int numClasses;                     // minority classes L
};
DemoPlan demoPlan(bool quick);

struct DemoResult {
    double aurocMinorityScore = 0;    // minority score vs "atrophy or lesion" on the real phantoms
    double rareFractionBaseline = 0;  // atrophic- or lesion-looking samples (image probe)
    double rareFractionGuided = 0;
    // The same among the samples on the real manifold (inside some real k-NN ball: improved
    // precision's test in the evaluation's features), and how many rare-looking samples lie off it:
    // a poor sample must not count as a rare one.
    double rareOnManifoldBaseline = 0, rareOnManifoldGuided = 0;
    int64_t onManifoldBaseline = 0, onManifoldGuided = 0;
    int64_t rareOffManifoldBaseline = 0, rareOffManifoldGuided = 0;
    int64_t phantoms = 0, samples = 0;
    int numClasses = 0, targetClass = 0;
    double scale = 0;
    int scoreT = 0;  // the minority score's step
    struct TRow {
        int t;
        double spearman, tail;  // agreement with AvgkNN (api/calibration.h)
        double auroc;           // of the calibration's scores at t, for atrophy or lesion
    };
    std::vector<TRow> tCalibration;  // calibrate-t's table, checked against the ground truth
    int tRecommended = 0;            // what calibrate-t would choose
    std::string summaryJson, reportDir, workspace;
    double seconds = 0;
};

// Generates phantoms (the first N of the set the backbone was trained on), scores them, builds
// classes, trains the minority classifier, samples baseline vs guided (rarest class) from shared
// noise, evaluates with the outlier metrics, and writes the report and OUT/summary.json.
DemoResult runDemo(const DemoRequest& request, ProgressSink& progress);
// Where the bundled phantom backbone is: $MLENS_DEMO_BACKBONE, then <exe>/../share/minoritylens/demo/
// (installed), then the source tree the binary was built from. Empty when none exists.
std::string findDemoBackbone();

}  // namespace mlens
