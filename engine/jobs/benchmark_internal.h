#pragma once
// Pieces of the Fashion-MNIST-LT benchmark shared by its pipeline (benchmark.cpp) and its report
// (benchmark_report.cpp). Not part of the API.
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <torch/types.h>
#include <opencv2/core/mat.hpp>

#include "engine/api/benchmark.h"
#include "engine/api/dataset.h"
#include "engine/api/evaluation.h"

namespace mlens::minority {
class MinorityClassifier;
}

namespace mlens::bench {

struct Folders {
    std::filesystem::path out, ws, samples, evaluation, report;
};

// The long-tailed training set as scored: one entry per image, in listing order.
struct RealScores {
    std::vector<std::string> paths, labelNames;
    std::vector<double> scores;
    std::vector<int> labels;  // indices into labelNames
    std::set<int> tail;       // the rarest label indices
};

struct Judgement {
    int label = -1;
    double confidence = 0;  // softmax probability of `label`
};

struct SamplerRun {
    std::string name;
    std::vector<cv::Mat> images;  // 8-bit, in sample order (same noise across samplers)
    std::string npz;
    std::vector<Judgement> verdicts;  // filled by summariseSamplers
    std::vector<bool> onManifold;     // inside some real k-NN ball (improved precision's test)
};

// The independent judge: a clean (t = 0) classifier of the dataset's labels.
class Judge {
public:
    Judge(const std::string& checkpoint, const std::string& device);
    int numClasses() const;
    std::vector<Judgement> judge(const std::vector<cv::Mat>& images8, ProgressSink& progress,
                                 const std::string& what) const;

private:
    torch::Device m_device;
    std::shared_ptr<minority::MinorityClassifier> m_model;
};

DatasetSpec fmnistSpec(const std::string& dataDir, const std::string& prefix, double imbalance);
// The share of true entries with its percentile-bootstrap 95 % interval.
Share shareWithInterval(const std::vector<bool>& hits);
// Fashion-MNIST's name of label "0".."9" ("T-shirt/top", ...); the label itself otherwise.
std::string fmnistClassName(const std::string& label);

// Judge labels, tail fractions, precision / recall (with intervals) of every sampler, and Spearman
// of the real set's minority score with its AvgkNN in the judge's feature space.
void summariseSamplers(const Judge& judge, std::vector<SamplerRun>& runs, const RealScores& real,
                       const EvaluateResult& eval, FmnistBenchmarkResult& res, ProgressSink& progress);
// OUT/summary.json, OUT/report.md and the figures under OUT/report.
void writeReport(const FmnistBenchmarkRequest& req, const FmnistBenchmarkPlan& plan, const Folders& f,
                 const std::vector<SamplerRun>& runs, const RealScores& real, FmnistBenchmarkResult& res);

}  // namespace mlens::bench
