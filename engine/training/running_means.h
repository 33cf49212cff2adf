#pragma once
// Means of per-step training figures since the last report, shared by both trainers.
#include <cstdint>
#include <map>
#include <string>

namespace mlens::training {

class RunningMeans {
public:
    void add(const std::string& key, double value) {
        auto& [sum, n] = m_values[key];
        sum += value;
        ++n;
    }
    // The mean of `key` since the last reset (0 when nothing was added).
    double mean(const std::string& key) const {
        auto it = m_values.find(key);
        return it == m_values.end() || it->second.second == 0
                   ? 0.0
                   : it->second.first / static_cast<double>(it->second.second);
    }
    void reset() { m_values.clear(); }

private:
    std::map<std::string, std::pair<double, int64_t>> m_values;
};

}  // namespace mlens::training
