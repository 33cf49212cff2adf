#pragma once
// Training a guided-diffusion UNet backbone: epsilon prediction, learned-range variance with the
// hybrid loss, EMA; class-conditional with long-tail options (OC_LT target transfer, class-balanced
// batches, classifier-free label drop).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/api/dataset.h"
#include "engine/api/progress.h"

namespace mlens {

struct BackboneMetrics {
    int64_t step = 0;
    double lr = 0.0, loss = 0.0, mse = 0.0, vb = 0.0, gradNorm = 0.0;
    double transferred = 0.0;  // fraction of samples whose target came from another sample
    double seconds = 0.0;
};

struct BackboneTrainRequest {
    DatasetSpec dataset;         // only read; labels make the model class-conditional
    bool unconditional = false;  // ignore the labels for the model (they may still pick a long-tailed subset)
    std::string outDir;       // model.safetensors (EMA), model.pt, model.json, metrics.jsonl, training_state
    std::string modelConfig;  // UNetModel JSON; default: a CPU-sized UNet for the image size
    int imageSize = 32;
    int channels = 0;        // 0: from the first readable image (1 for gray, else 3)
    bool learnSigma = true;  // learned-range variance + hybrid loss
    Schedule schedule = Schedule::Linear;
    int diffusionSteps = 1000;
    int iterations = 20000;
    int batchSize = 32;
    double lr = 2e-4;  // Adam (OC_LT's setting)
    int warmup = 500;  // linear warm-up steps
    double gradClip = 1.0;
    double emaRate = 0.999;              // the papers use 0.9999 over far longer runs
    Transfer transfer = Transfer::None;  // OC_LT target transfer (class-conditional only)
    bool balancedBatches = false;        // class-balanced batch re-sampling
    double labelDrop = 0.1;              // classifier-free label drop, one coin per batch (class-conditional)
    bool flip = true;                    // random horizontal flips
    int logEvery = 50;
    int saveEvery = 1000;
    uint64_t seed = 0;
    bool resume = false;
    std::string device = "auto";
    std::function<void(const BackboneMetrics&)> onMetrics;
};

struct BackboneTrainResult {
    std::string checkpoint;       // outDir/model.safetensors: EMA weights, config and process in the metadata
    std::string torchCheckpoint;  // outDir/model.pt (guided-diffusion layout)
    std::string configJson;
    std::string metricsLog;
    int64_t steps = 0, images = 0;
    int numClasses = 0;  // 0: unconditional (with label drop: classes + 1, the last is "no label")
    BackboneMetrics last;
};

BackboneTrainResult runTrainBackbone(const BackboneTrainRequest& request, ProgressSink& progress);

}  // namespace mlens
