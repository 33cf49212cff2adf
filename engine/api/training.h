#pragma once
// Training the noise-conditioned minority classifier (Um & Ye; guided-diffusion classifier_train.py).
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/api/dataset.h"
#include "engine/api/progress.h"

namespace mlens {

struct TrainMetrics {
    int64_t step = 0;  // optimizer steps done
    double lr = 0.0;
    double trainLoss = 0.0;  // mean over the steps since the last report
    double trainTop1 = 0.0;
    bool hasValidation = false;
    double valLoss = 0.0, valTop1 = 0.0, valTopK = 0.0;  // top-k with k = min(5, L)
    int topK = 5;
    std::array<double, 4> valLossByQuartile{};  // t in [0, T/4), [T/4, T/2), ...
    std::array<double, 4> valTop1ByQuartile{};
    double seconds = 0.0;  // since the start of this run
};

// MinorityClasses trains the minority classifier; DatasetLabels a classifier of the dataset's own
// labels (a judge of generated images, or Sehwag et al.'s real-vs-synthetic discriminator).
struct ClassifierTrainRequest {
    ClassifierTarget target = ClassifierTarget::MinorityClasses;
    std::string workspace;  // MinorityClasses: reads WS/classes.csv and WS/scores.json
    DatasetSpec
        dataset;  // DatasetLabels: the labelled data; MinorityClasses: empty = the one scores.json records
    std::string outDir;  // default WS/classifier
    std::optional<Schedule>
        schedule;  // noise schedule and length: default from scores.json, else linear / 1000
    int diffusionSteps = 0;
    int imageSize = 0,
        channels = 0;   // default: the backbone's, from scores.json (DatasetLabels: 32, from the images)
    bool noisy = true;  // false: clean images only (t = 0), as an ordinary image classifier

    std::string classifierConfig;  // EncoderUNetModel JSON; default: a CPU-sized encoder for the image size
    std::string
        featureClassifier;  // cascade: classify the frozen middle-block features of this noisy classifier
    std::string featureClassifierConfig;
    bool classConditional = false;  // condition on the dataset labels (needs classes --per-label)

    int iterations = 1500;  // CPU-sized; the paper trains far longer on GPUs
    int batchSize = 32;
    double lr = 3e-4;
    double weightDecay = 0.05;
    bool anneal = true;         // linear decay of lr to 0
    bool flip = true;           // random horizontal flips
    double valFraction = 0.05;  // stratified hold-out
    int evalEvery = 100;
    int saveEvery = 500;
    uint64_t seed = 0;
    bool resume = false;  // continue from outDir/training_state.safetensors
    std::string device = "auto";
    std::function<void(const TrainMetrics&)> onMetrics;  // called on the job's thread at every report
};

struct ClassifierTrainResult {
    std::string checkpoint;       // outDir/classifier.safetensors (config in its metadata)
    std::string torchCheckpoint;  // outDir/classifier.pt (guided-diffusion state dict layout)
    std::string configJson;       // outDir/classifier.json
    std::string metricsLog;       // outDir/metrics.jsonl
    int64_t steps = 0;
    int numClasses = 0;
    int64_t trainImages = 0, valImages = 0;
    TrainMetrics last;
};

// Reads a metrics.jsonl written by runTrainClassifier (a truncated last line is skipped).
std::vector<TrainMetrics> readTrainMetrics(const std::string& path);

// The settings of the run saved in outDir/training_state.safetensors, so that it can be resumed with
// resume = true (only iterations, evalEvery, saveEvery and device may then change); *step receives the
// steps it had done. Throws Error(NotFound / Format).
ClassifierTrainRequest savedTrainRequest(const std::string& outDir, int64_t* step = nullptr);
// Writes checkpoints every saveEvery steps, at the end and on cancel (then rethrows Cancelled).
// Metrics stream to outDir/metrics.jsonl, one JSON object per report.
ClassifierTrainResult runTrainClassifier(const ClassifierTrainRequest& request, ProgressSink& progress);

}  // namespace mlens
