#include "engine/training/metrics_log.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "engine/api/error.h"
#include "engine/core/atomic_file.h"

namespace mlens {

namespace {

nlohmann::json toJson(const TrainMetrics& m) {
    nlohmann::json j = {{"step", m.step},
                        {"lr", m.lr},
                        {"train_loss", m.trainLoss},
                        {"train_top1", m.trainTop1},
                        {"seconds", m.seconds}};
    if (m.hasValidation) {
        j["val_loss"] = m.valLoss;
        j["val_top1"] = m.valTop1;
        j["val_topk"] = m.valTopK;
        j["top_k"] = m.topK;
        j["val_loss_quartiles"] = m.valLossByQuartile;
        j["val_top1_quartiles"] = m.valTop1ByQuartile;
    }
    return j;
}

TrainMetrics fromJson(const nlohmann::json& j) {
    TrainMetrics m;
    m.step = j.value("step", int64_t{0});
    m.lr = j.value("lr", 0.0);
    m.trainLoss = j.value("train_loss", 0.0);
    m.trainTop1 = j.value("train_top1", 0.0);
    m.seconds = j.value("seconds", 0.0);
    if (j.contains("val_loss")) {
        m.hasValidation = true;
        m.valLoss = j.value("val_loss", 0.0);
        m.valTop1 = j.value("val_top1", 0.0);
        m.valTopK = j.value("val_topk", 0.0);
        m.topK = j.value("top_k", 5);
        m.valLossByQuartile = j.value("val_loss_quartiles", std::array<double, 4>{});
        m.valTop1ByQuartile = j.value("val_top1_quartiles", std::array<double, 4>{});
    }
    return m;
}

}  // namespace

std::vector<TrainMetrics> readTrainMetrics(const std::string& path) {
    std::vector<TrainMetrics> out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        try {
            out.push_back(fromJson(nlohmann::json::parse(line)));
        } catch (const nlohmann::json::exception&) {
            // a line cut short by a crash: skip it
        }
    }
    return out;
}

namespace training {

void MetricsLog::append(const TrainMetrics& m) {
    append(toJson(m));
}

void MetricsLog::append(const nlohmann::json& record) {
    // One write(2) of the whole line on an O_APPEND descriptor: a reader (the GUI's live plot) or a
    // kill sees the line entirely or not at all, never half of it.
    const int fd = ::open(m_path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(ErrorCode::Io, "cannot append to " + m_path + ": " + std::strerror(errno));
    const std::string line = record.dump() + "\n";
    const ssize_t written = ::write(fd, line.data(), line.size());
    const int err = errno;
    ::close(fd);
    if (written != static_cast<ssize_t>(line.size()))
        throw Error(ErrorCode::Io, "cannot append to " + m_path + ": " +
                                       (written < 0 ? std::strerror(err) : "short write (disk full?)"));
}

void MetricsLog::truncateAfter(int64_t step) {
    std::string kept;
    std::ifstream in(m_path);
    std::string line;
    while (step >= 0 && std::getline(in, line)) {
        try {
            if (nlohmann::json::parse(line).value("step", int64_t{0}) <= step) kept += line + "\n";
        } catch (const nlohmann::json::exception&) {
        }
    }
    writeFileAtomically(m_path, kept);
}

}  // namespace training
}  // namespace mlens
