#pragma once
// Exact k-nearest-neighbour search under the Euclidean distance, computed blockwise with float64
// matrix products (as scikit-learn's brute-force euclidean_distances does), so memory stays bounded:
// 50k x 2048 references need a few hundred MB, not a 50k x 50k matrix.
#include <torch/types.h>

#include "engine/api/progress.h"

namespace mlens::metrics {

struct Neighbours {
    torch::Tensor distances;  // [Q, k] float64, ascending
    torch::Tensor indices;    // [Q, k] int64 into the references; ties: lower index first
};

// queries [Q, D], references [R, D] (any float dtype; computed in float64). With excludeSelf, queries
// and references are the same set and each point is not its own neighbour (duplicates still are, as
// in scikit-learn's kneighbors() without X).
Neighbours kNearest(const torch::Tensor& queries, const torch::Tensor& references, int64_t k,
                    bool excludeSelf, ProgressSink* progress = nullptr, int64_t queryBlock = 1024,
                    int64_t referenceBlock = 8192);

}  // namespace mlens::metrics
