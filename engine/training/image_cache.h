#pragma once
// Preprocessed training images: decoded once into a uint8 tensor when they fit the memory budget,
// otherwise decoded per batch. Images that cannot be read are found up front and reported; callers
// draw batches from readable() ones only. Thread-compatible (one trainer thread).
#include <torch/types.h>

#include <map>
#include <string>
#include <vector>

#include "engine/api/progress.h"

namespace mlens::training {

class ImageCache {
public:
    ImageCache(std::string root, std::vector<std::string> relativePaths, int size, int channels, int64_t budgetBytes,
               ProgressSink& progress);
    // [B, C, S, S] float32 in [-1, 1]
    torch::Tensor batch(const std::vector<int64_t>& indices);
    size_t size() const { return m_paths.size(); }
    bool inMemory() const { return m_all.defined(); }
    bool readable(size_t i) const { return m_problems.count(i) == 0; }
    const std::map<size_t, std::string>& problems() const { return m_problems; }

private:
    torch::Tensor load(size_t i) const;  // [C, S, S] uint8

    std::string m_root;
    std::vector<std::string> m_paths;
    int m_size, m_channels;
    torch::Tensor m_all;  // [N, C, S, S] uint8 when in memory
    std::map<size_t, std::string> m_problems;
};

}  // namespace mlens::training
