#pragma once
// Writing a shard's own status file (api/sharding.h reads them). Torch-free.
#include <string>

#include "engine/api/sharding.h"

namespace mlens {

// WS/shards/<job>-K-of-N.json, atomically; fills in host and the time. Only shard K of N writes it.
void writeShardStatus(const std::string& ws, const std::string& job, ShardStatus status);

}  // namespace mlens
