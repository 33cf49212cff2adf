#pragma once
// Preprocessed training images: decoded once into a uint8 tensor when they fit the memory budget,
// otherwise decoded per batch. Items that cannot be read are found up front and reported; callers
// draw batches from readable() ones only. Thread-compatible (one trainer thread).
#include <torch/types.h>

#include <map>
#include <string>
#include <vector>

#include "engine/api/dataset.h"
#include "engine/api/progress.h"

namespace mlens::training {

class ImageCache {
public:
    // `items`: listing indices of `reader`; batch() takes positions into `items`.
    ImageCache(const DatasetReader& reader, std::vector<size_t> items, int size, int channels, Fit fit,
               int64_t budgetBytes, ProgressSink& progress);
    // [B, C, S, S] float32 in [-1, 1]
    torch::Tensor batch(const std::vector<int64_t>& positions) const;
    size_t size() const { return m_items.size(); }
    bool inMemory() const { return m_all.defined(); }
    bool readable(size_t position) const { return m_problems.count(position) == 0; }
    const std::map<size_t, std::string>& problems() const { return m_problems; }  // position -> reason

private:
    torch::Tensor load(size_t position) const;  // [C, S, S] uint8

    const DatasetReader& m_reader;
    std::vector<size_t> m_items;
    int m_size, m_channels;
    Fit m_fit;
    torch::Tensor m_all;  // [N, C, S, S] uint8 when in memory
    std::map<size_t, std::string> m_problems;
};

}  // namespace mlens::training
