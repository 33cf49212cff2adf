#pragma once
// Evaluating generated sets against real data with neighbourhood-density measures in a feature space
// (Um & Ye, Sehwag et al.): AvgkNN, LOF, rarity score, precision / recall, optionally minority score.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/api/dataset.h"
#include "engine/api/progress.h"
#include "engine/api/sharding.h"
#include "engine/api/specs.h"

namespace mlens {

struct FeatureSpec {
    std::string network;  // torchvision ResNet-50 checkpoint; empty: random weights (seed below)
    // An image classifier (train-classifier output, e.g. a judge of the dataset's labels) instead of
    // ResNet-50: its penultimate features at t = 0, images at its own size (`size` unused).
    std::string classifier;
    uint64_t seed = 0;
    int size = 64;  // images are resized to this for the feature network
};

struct EvaluateRequest {
    DatasetSpec real;  // the real data: an image dataset (its fit, window, labels and subset apply),
                       // samples .npz, or a feature matrix (.npy / .safetensors / .pt)
    std::string realName = "real";
    std::vector<std::string> fakes;  // samples, image folders or feature matrices; "NAME=PATH" names a set
    std::string outDir;
    FeatureSpec features;
    int knnK = 5, lofK = 20, rarityK = 3, prK = 3;
    // Minority score of every set when a backbone checkpoint is given (images only). score.t = -1:
    // the official noise level; pass the dataset's (scores.json) so that real and generated compare.
    BackboneSpec backbone;
    MinorityScoreParams score = [] {
        MinorityScoreParams p;
        p.distance = Distance::L2;  // needs no extra weights
        return p;
    }();
    int batchSize = 32;
    std::string device = "auto";
    // Shard K of N extracts only the features of the batches u with u % N == K (u counts the batches
    // of every image set in turn) into OUT/shards/features-KEY/, one file per batch, with its status
    // file OUT/shards/evaluate-K-of-N.json, and computes no metrics. The same command without a
    // shard (or with mergeOnly) reads them and writes the evaluation, extracting nothing again.
    Shard shard;
    bool mergeOnly = false;  // a missing batch fails naming the shards that owe it
};

struct MetricSummary {
    double mean = 0, median = 0, q90 = 0, q99 = 0;
    double aboveRealP90 = 0, aboveRealP99 = 0;  // share above the real set's 90th / 99th percentile
};

struct SetSummary {
    std::string name, path;
    int64_t count = 0;
    bool isReal = false;
    std::map<std::string, MetricSummary> metrics;  // avgknn, lof, rarity, minority, hardness
    double precision = 0, recall = 0;              // generated sets only
};

struct EvaluateResult {
    std::vector<SetSummary> sets;  // real first
    std::string featureDescription;
    std::string metricsCsv, summaryJson;
    std::vector<std::string> plots;
    int64_t batchesExtracted = 0, batchesReused = 0;  // feature batches computed here / read from shards
    std::string shardStatusPath;                      // a shard's status file (no metrics then)
};

// Writes OUT/metrics.csv (set,index,avgknn,lof,rarity[,minority][,hardness]; rarity empty for the
// real set), OUT/summary.json and density plots OUT/{lof,avgknn,minority,hardness}_density.png.
// Hardness (Sehwag et al., eq. 3) when the real set is labelled: one Gaussian per real label in the
// evaluation feature space (OAS shrinkage); images under their label where a set carries
// the real label names, else under the class that explains them best.
EvaluateResult runEvaluate(const EvaluateRequest& request, ProgressSink& progress);

}  // namespace mlens
