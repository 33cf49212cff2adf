#pragma once
// The `score` job: minority score of every image of a dataset, resumable, written to a workspace.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/api/dataset.h"
#include "engine/api/progress.h"

namespace mlens {

struct ScoreRequest {
    std::string model;                  // backbone UNetModel checkpoint
    std::string modelConfig;            // optional constructor-arguments JSON
    int imageSize = 0;                  // overrides an assumed image size
    std::string schedule;               // linear | cosine; empty: the checkpoint's (train-backbone) or linear
    int diffusionSteps = 0;             // 0: the checkpoint's or 1000
    // Noise level: --t (original step), or --t-index into --respacing; neither = the official default
    // (respacing "100", index 60 = t 605 for linear schedules; t = 0.9 T for cosine).
    int t = -1;
    int tIndex = -1;
    std::string respacing;
    int draws = 5;
    std::string distance = "lpips-vgg";  // lpips-vgg | lpips-alex | l2 | l1 | ssim
    std::string lpipsTrunk, lpipsHeads;  // torchvision trunk and LPIPS heads (LPIPS only)
    uint64_t seed = 0;
    int batchSize = 16;
    std::string data;                    // dataset folder (only ever read)
    DatasetOptions dataset;              // labels (needed for class-conditional backbones)
    std::string workspace;               // where everything is written; never inside `data`
    bool spatialMaps = false;            // also write per-pixel maps and reconstructions
    std::string device = "auto";
};

struct ScoreResult {
    std::string csvPath, jsonPath;
    int64_t images = 0;   // listed
    int64_t scored = 0;   // scored in this run
    int64_t reused = 0;   // taken from the cache of an earlier run with the same parameters
    std::vector<DatasetProblem> skipped;
    int64_t originalStep = 0;
    double seconds = 0.0;
    bool complete = false;
};

// Writes WS/scores.csv (path, score, d0..d{draws-1}[, label]) and WS/scores.json (parameters,
// counts, skipped files). Results are cached per batch under WS/cache, so a run that was killed
// (even with SIGKILL) and started again ends with exactly the numbers of an uninterrupted run. On
// cancel the scores so far are written (complete = false) and Cancelled is rethrown.
ScoreResult runScore(const ScoreRequest& request, ProgressSink& progress);

}  // namespace mlens
