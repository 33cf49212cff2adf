#pragma once
// The score job's cache: one JSON file per finished batch under WS/cache/score-<key>/, written
// atomically, so that a run killed at any point resumes with exactly the numbers it would have had.
// An entry is keyed by the item's identity (name, size, mtime): a changed file is scored again.
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "engine/api/dataset.h"

namespace mlens::minority {

struct ItemIdentity {
    std::string path;
    uint64_t size = 0;
    int64_t mtime = 0;
    bool operator<(const ItemIdentity& o) const {
        return std::tie(path, size, mtime) < std::tie(o.path, o.size, o.mtime);
    }
    static ItemIdentity of(const DatasetItem& item) { return {item.relativePath, item.size, item.mtimeNs}; }
};

struct ScoreOutcome {
    std::vector<double> distances;  // one per draw; empty when the item could not be used
    std::string problem;
};

class ScoreCache {
public:
    // Creates the folder, removes temporaries of a run killed mid-write, and reads every batch file.
    explicit ScoreCache(std::string folder);
    const std::string& folder() const { return m_folder; }

    const ScoreOutcome* find(const ItemIdentity& id) const;
    bool has(const ItemIdentity& id) const { return find(id) != nullptr; }
    // Records a finished batch (in memory and as batch-NNNNNN.json).
    void putBatch(size_t batch, const std::vector<std::pair<ItemIdentity, ScoreOutcome>>& items);

private:
    std::string m_folder;
    std::map<ItemIdentity, ScoreOutcome> m_entries;
};

}  // namespace mlens::minority
