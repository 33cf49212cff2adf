#pragma once
// Ordinal minority classes from minority scores (Um & Ye, sec. 3.3; construct_ms_dataset.py).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mlens {

struct ClassesRequest {
    std::string workspace;  // reads WS/scores.csv, writes WS/classes.csv and WS/classes.json
    int numClasses = 0;     // L; 0 = the suggested L
    bool perLabel = false;  // class-conditional variant: thresholds within each label
    int minPerClass = 100;  // what the suggestion keeps per class
};

struct ClassesResult {
    int numClasses = 0;
    int suggested = 0;
    std::vector<double> thresholds;                              // q_0..q_{L-1} (global variant)
    std::map<std::string, std::vector<double>> labelThresholds;  // per-label variant
    std::vector<int64_t> counts;                                 // images per class
    int64_t images = 0;
    std::string csvPath, jsonPath;
};

ClassesResult runClasses(const ClassesRequest& request);

// The official rule, shared with the GUI and the tests. Scores are float32 as in the reference.
// q_i = torch.quantile(scores, (i + 1) / L) (linear interpolation), i = 0..L-1.
std::vector<float> quantileThresholds(const std::vector<float>& scores, int numClasses);
// The first i with q_i >= score (class 0 = most common, L-1 = rarest). A score above every threshold
// (possible only through rounding) is class L-1.
int ordinalClass(const std::vector<float>& thresholds, float score);
// The largest L in [2, 100] whose quantile classes all keep at least minPerClass scores; 2 when the
// data are too few for that.
int suggestNumClasses(const std::vector<float>& scores, int minPerClass = 100);

}  // namespace mlens
