#pragma once
// Splitting one job over several processes (a Slurm array, or a few shells): shard K of N does the
// units u with u % N == K (batches for score, samples for sample), writes only files of its own, and
// a later run without a shard (or `merge`) assembles the results without recomputing anything.
// Torch-free.
#include <cstdint>
#include <string>
#include <vector>

namespace mlens {

struct Shard {
    int index = 0;  // 0-based
    int count = 1;  // 1 = the whole job
    bool active() const { return count > 1; }
    bool owns(uint64_t unit) const {
        return count <= 1 || unit % static_cast<uint64_t>(count) == static_cast<uint64_t>(index);
    }
    std::string label() const { return std::to_string(index) + "/" + std::to_string(count); }
    // "score-1-of-3": the name of the shard's own status file.
    std::string fileStem(const std::string& job) const;
};

// "K/N" (0 <= K < N); "auto": a Slurm array task (SLURM_ARRAY_TASK_ID minus SLURM_ARRAY_TASK_MIN of
// SLURM_ARRAY_TASK_COUNT: --array=0-7 or 1-8 give shards 0..7 of 8); "auto/N": SLURM_ARRAY_TASK_ID
// of N (rerunning some tasks of an array: --array=3,5 with auto/8 runs shards 3 and 5 of 8).
// Throws Error(InvalidArgument) with the reason otherwise.
Shard parseShard(const std::string& text);

// What one shard's status file (WS/shards/<job>-K-of-N.json) says, with the units found done.
struct ShardStatus {
    Shard shard;
    std::string file;
    int64_t units = 0;      // the shard's share of the work
    int64_t done = 0;       // of them finished (found in the cache)
    bool finished = false;  // the shard ran to its end
    double itemsPerSecond = 0.0;
    std::string host, updated;  // who wrote it last, and when (UTC, ISO 8601)
};

// The status of every shard of `job` that wrote into workspace `ws` (sorted by count, then index).
std::vector<ShardStatus> readShardStatus(const std::string& ws, const std::string& job);

}  // namespace mlens
