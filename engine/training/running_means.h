#pragma once
// Means of per-step training figures since the last report, shared by both trainers.
#include <nlohmann/json.hpp>

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

    // What a training state keeps, so that a resumed run reports exactly what an uninterrupted one
    // would (doubles round-trip through JSON).
    nlohmann::json toJson() const {
        nlohmann::json j = nlohmann::json::object();
        for (const auto& [key, v] : m_values)
            j[key] = {v.first, v.second};
        return j;
    }
    static RunningMeans fromJson(const nlohmann::json& j) {
        RunningMeans m;
        for (const auto& [key, v] : j.items())
            m.m_values[key] = {v.at(0).get<double>(), v.at(1).get<int64_t>()};
        return m;
    }

private:
    std::map<std::string, std::pair<double, int64_t>> m_values;
};

}  // namespace mlens::training
