#pragma once
// Choosing the minority score's noise level t (Um & Ye, App. D.6): the minority score of a subset of
// the dataset is computed at each candidate t, and the t whose ranking agrees best with AvgkNN
// (k = 5) in the evaluation feature space is recommended.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/api/choices.h"
#include "engine/api/dataset.h"
#include "engine/api/evaluation.h"
#include "engine/api/progress.h"
#include "engine/api/specs.h"

namespace mlens {

// How agreement with AvgkNN is measured. Spearman: the rank correlation over the whole subset (the
// paper's wording). Tail: the share of the subset's top `tailFraction` by AvgkNN that is also in its
// top `tailFraction` by minority score, the part of the ranking a minority score is for. Both are
// always computed and reported; this chooses which one recommends t.
enum class TAgreement { Spearman, Tail };
template <>
struct ChoiceTable<TAgreement> {
    static constexpr const char* what = "the agreement";
    static constexpr std::pair<TAgreement, const char*> entries[] = {{TAgreement::Spearman, "spearman"},
                                                                     {TAgreement::Tail, "tail"}};
};

struct CalibrationSettings {
    std::vector<int> candidates;  // original steps, each in [1, T - 1]; empty: defaultTCandidates(T)
    int subset = 500;             // images scored: a seeded choice, all of them when the dataset is smaller
    uint64_t subsetSeed = 0;      // which images (by a hash of their names, so adding images moves few)
    FeatureSpec features;         // the evaluation feature space (random ResNet-50 by default)
    int knnK = 5;
    // Measured on two independent phantom sets (400 of 600 each, random ResNet-50): Spearman chose
    // t = 605 both times (AUROC for the rare slices 0.82 / 0.80, best candidate 0.97 / 0.98), the
    // 10 % tail t = 100 (0.97 / 0.98): in the bulk both measures follow the images' global intensity.
    TAgreement agreement = TAgreement::Tail;
    double tailFraction = 0.1;
};

struct CalibrateTRequest {
    BackboneSpec backbone;
    MinorityScoreParams score;  // everything but the noise level (t, tIndex and respacing are ignored)
    DatasetSpec dataset;        // only ever read
    CalibrationSettings settings;
    std::string outDir;  // calibration.{csv,json,png}, calibration_scores.csv; outside the dataset
    int batchSize = 16;
    std::string device = "auto";
};

struct TCandidateResult {
    int t = 0;
    double spearman = 0, lo = 0, hi = 0;      // with its percentile-bootstrap 95 % interval
    double tail = 0, tailLo = 0, tailHi = 0;  // tailOverlap (api/statistics.h), with its interval
    double seconds = 0;
    std::vector<double> scores;  // minority score of each subset image (CalibrateTResult::items order)
};

struct CalibrateTResult {
    std::vector<TCandidateResult> candidates;  // in ascending t
    int recommended =
        0;  // the t with the highest agreement as settings.agreement measures it (the smaller on a tie)
    // Other candidates whose agreement lies inside the recommended t's 95 % interval: the subset
    // cannot tell them from it (more images narrow the intervals).
    std::vector<int> indistinguishable;
    int64_t tailSize = 0;            // images in the subset's tail (Tail agreement)
    std::vector<std::string> items;  // the subset's images that could be read, in listing order
    std::vector<double> avgKnn;      // their AvgkNN among each other in the feature space
    int64_t unreadable = 0;
    std::string featureDescription;
    std::string csvPath, scoresCsvPath, jsonPath, plotPath;
    bool reused = false;  // the same calibration was found in outDir and not recomputed
};

// 50, 100, 150, 250, 400, 600, 800 for a 1000-step process, scaled to T steps (duplicates dropped).
std::vector<int> defaultTCandidates(int diffusionSteps);
// "50,100,250" -> ascending, duplicate-free steps; throws Error(InvalidArgument) with one line.
std::vector<int> parseTCandidates(const std::string& text);

// Writes OUT/calibration.csv (t,spearman,lo,hi,tail,tail_lo,tail_hi,seconds), OUT/calibration_scores.csv
// (path, avgknn, one minority-score column per t), OUT/calibration.json (request, table, recommendation) and
// the plot OUT/calibration.png. A calibration already in OUT with the same request, model and images is read
// back instead of recomputed.
CalibrateTResult runCalibrateT(const CalibrateTRequest& request, ProgressSink& progress);

}  // namespace mlens
