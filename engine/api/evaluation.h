#pragma once
// Evaluating generated sets against real data with neighbourhood-density measures in a feature space
// (Um & Ye, Sehwag et al.): AvgkNN, LOF, rarity score, precision / recall, optionally minority score.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/api/progress.h"

namespace mlens {

struct EvaluateRequest {
    std::string real;                  // image folder, samples .npz, or feature matrix (.npy / .safetensors / .pt)
    std::vector<std::string> fakes;    // the same kinds; "NAME=PATH" names a set explicitly
    std::string outDir;
    std::string featureNetwork;        // torchvision ResNet-50 checkpoint; empty: random weights (seed below)
    uint64_t featureSeed = 0;
    int featureSize = 64;              // images are resized to this for the feature network
    int knnK = 5, lofK = 20, rarityK = 3, prK = 3;
    // Minority score of every set when a backbone is given (images only).
    std::string backbone, backboneConfig;
    std::string distance = "l2";
    std::string lpipsTrunk, lpipsHeads;
    int draws = 5;
    int t = -1;                        // perturbation step; -1 = the official one (605 linear, 0.9 T cosine)
    uint64_t seed = 0;
    int batchSize = 32;
    std::string device = "auto";
};

struct MetricSummary {
    double mean = 0, median = 0, q90 = 0, q99 = 0;
    double aboveRealP90 = 0, aboveRealP99 = 0;  // share above the real set's 90th / 99th percentile
};

struct SetSummary {
    std::string name, path;
    int64_t count = 0;
    bool isReal = false;
    std::map<std::string, MetricSummary> metrics;  // avgknn, lof, rarity, minority
    double precision = 0, recall = 0;               // generated sets only
};

struct EvaluateResult {
    std::vector<SetSummary> sets;  // real first
    std::string featureDescription;
    std::string metricsCsv, summaryJson;
    std::vector<std::string> plots;
};

// Gaussian kernel density (Scott's bandwidth) of `values` evaluated at `at`; shared by the report plots
// and the GUI's density panel.
std::vector<double> kernelDensity(const std::vector<double>& values, const std::vector<double>& at);

// Writes OUT/metrics.csv (set,index,avgknn,lof,rarity[,minority]; rarity empty for the real set),
// OUT/summary.json and density plots OUT/{lof,avgknn,minority}_density.png.
EvaluateResult runEvaluate(const EvaluateRequest& request, ProgressSink& progress);

}  // namespace mlens
