#pragma once
// Training metrics as JSON lines, appended as they come (the GUI plots them live and re-reads them
// when a workspace is opened again).
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "engine/api/training.h"

namespace mlens::training {

class MetricsLog {
public:
    explicit MetricsLog(std::string path) : m_path(std::move(path)) {}
    void append(const TrainMetrics& m);       // one line, flushed
    void append(const nlohmann::json& line);  // any record with a "step"
    void truncateAfter(int64_t step);         // keeps lines with step <= `step` (-1: none), atomically
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

}  // namespace mlens::training
