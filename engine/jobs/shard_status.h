#pragma once
// Writing a shard's own status file (api/sharding.h reads them). Torch-free.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/api/sharding.h"

namespace mlens {

// WS/shards/<job>-K-of-N.json, atomically; fills in host and the time. Only shard K of N writes it.
void writeShardStatus(const std::string& ws, const std::string& job, ShardStatus status);

// What a merge that misses `missing` units tells the user: "rerun shard 1/3, 2/3 (never started)"
// from the status files of `job` in `ws` (shards of the latest count that wrote none never started),
// or `withoutShards` when no shard wrote any.
std::string shardsToRerun(const std::string& ws, const std::string& job, const std::vector<uint64_t>& missing,
                          const std::string& withoutShards);

}  // namespace mlens
