#pragma once
// The `score` job: minority score of every image of a dataset, resumable, written to a workspace.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/api/calibration.h"
#include "engine/api/dataset.h"
#include "engine/api/progress.h"
#include "engine/api/sharding.h"
#include "engine/api/specs.h"

namespace mlens {

struct ScoreRequest {
    BackboneSpec backbone;
    MinorityScoreParams score;
    DatasetSpec dataset;    // only ever read; labels are needed for class-conditional backbones
    std::string workspace;  // where everything is written; never inside the dataset
    int batchSize = 16;
    bool spatialMaps = false;  // also write per-pixel maps and reconstructions
    // Choose t first (api/calibration.h) on a subset, into WS/calibration; score.t then is the
    // recommended t, and scores.json records the table ("t_calibration").
    bool autoT = false;
    CalibrationSettings calibration;
    std::string device = "auto";
    // Shard K of N scores only the batches b with b % N == K, writes only their cache files and its
    // own WS/shards/score-K-of-N.json, and no scores.csv / scores.json: the same command without a
    // shard (or with mergeOnly) assembles those afterwards. Not with autoT (calibrate once first).
    Shard shard;
    // Only assemble scores.csv / scores.json from the cache and score nothing; a batch that is not in
    // the cache fails the job with the shards it belongs to.
    bool mergeOnly = false;
};

struct ScoreResult {
    std::string csvPath, jsonPath;
    int64_t images = 0;  // listed
    int64_t scored = 0;  // scored in this run
    int64_t reused = 0;  // taken from the cache of an earlier run with the same parameters
    // Every entry left out: first what the scan could not use (broken links, link loops, special
    // files, unreadable folders: `notListed` of them), then listed images that cannot be read.
    std::vector<DatasetProblem> skipped;
    int64_t notListed = 0;
    int64_t originalStep = 0;
    std::string calibrationJson;  // with autoT: the calibration that chose originalStep
    double seconds = 0.0;
    bool complete = false;        // every image (a shard: every image of the shard) has its score
    std::string shardStatusPath;  // a shard's WS/shards/score-K-of-N.json
};

// Where a (sharded) score job stands: `score --status`.
struct ScoreStatus {
    std::vector<ShardStatus> shards;  // one per shard that started, units = batches
    bool merged = false;              // scores.json exists
    bool complete = false;            // and says every image was scored
    int64_t images = 0, scored = 0;   // from scores.json
};
ScoreStatus readScoreStatus(const std::string& workspace);

// Writes WS/scores.csv (path, score, d0..d{draws-1}[, label]) and WS/scores.json (parameters, the
// dataset spec, counts, skipped files). Results are cached per batch under WS/cache, so a run that
// was killed (even with SIGKILL) and started again ends with exactly the numbers of an uninterrupted
// run. On cancel the scores so far are written (complete = false) and Cancelled is rethrown.
ScoreResult runScore(const ScoreRequest& request, ProgressSink& progress);

// The calibration `autoT` runs: the request's backbone, score settings (its t aside), dataset,
// batch and device, written to WS/calibration; so its scores at a t are the score's at that t.
CalibrateTRequest calibrationRequest(const ScoreRequest& request);

}  // namespace mlens
