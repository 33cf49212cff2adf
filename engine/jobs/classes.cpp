#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "engine/api/classes.h"
#include "engine/api/error.h"
#include "engine/core/atomic_file.h"
#include "engine/core/csv.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

// torch.quantile(scores, q) with linear interpolation, on the scores sorted ascending, computed as
// torch 1.13 computes it for a float32 tensor: rank = q * (n - 1) in float32, the two neighbours,
// and torch's lerp (fused). One sort serves every number of classes (test_classes compares with torch).
float sortedQuantile(const std::vector<float>& sorted, float q) {
    const float rank = q * static_cast<float>(sorted.size() - 1);
    const auto below = static_cast<size_t>(rank);
    const auto above = static_cast<size_t>(std::ceil(rank));
    const float weight = rank - static_cast<float>(below);
    const float lo = sorted[below], hi = sorted[std::min(above, sorted.size() - 1)];
    // torch's lerp as its AVX2 kernel runs it (fused multiply-adds; x86-64 machines since 2013)
    return std::abs(weight) < 0.5f ? std::fma(weight, hi - lo, lo) : std::fma(-(hi - lo), 1.0f - weight, hi);
}

std::vector<float> sortedThresholds(const std::vector<float>& sorted, int numClasses) {
    std::vector<float> q(static_cast<size_t>(numClasses));
    for (int i = 0; i < numClasses; ++i)  // the levels as construct_ms_dataset.py writes them
        q[static_cast<size_t>(i)] = sortedQuantile(sorted, static_cast<float>(1.0 / numClasses * (i + 1)));
    return q;
}

std::vector<float> sortedScores(const std::vector<float>& scores) {
    if (scores.empty()) throw Error(ErrorCode::InvalidArgument, "no scores to split into classes");
    for (float v : scores)
        if (!std::isfinite(v)) throw Error(ErrorCode::InvalidArgument, "the scores must be finite numbers");
    std::vector<float> sorted = scores;
    std::sort(sorted.begin(), sorted.end());
    return sorted;
}

}  // namespace

std::vector<float> quantileThresholds(const std::vector<float>& scores, int numClasses) {
    if (numClasses < 1) throw Error(ErrorCode::InvalidArgument, "the number of classes must be at least 1");
    return sortedThresholds(sortedScores(scores), numClasses);
}

int ordinalClass(const std::vector<float>& thresholds, float score) {
    const auto it = std::lower_bound(thresholds.begin(), thresholds.end(), score);
    return std::min(static_cast<int>(it - thresholds.begin()), static_cast<int>(thresholds.size()) - 1);
}

// Class c holds the scores in (q[c-1], q[c]] (ordinalClass), the last one everything above q[L-2]:
// counted on the sorted scores by binary search, O(L log n) per candidate L.
int suggestNumClasses(const std::vector<float>& scores, int minPerClass) {
    const std::vector<float> sorted = sortedScores(scores);
    const int upper =
        std::min<int>(100, static_cast<int>(scores.size() / static_cast<size_t>(std::max(1, minPerClass))));
    for (int l = upper; l >= 2; --l) {
        const auto q = sortedThresholds(sorted, l);
        size_t below = 0, fewest = sorted.size();
        for (int c = 0; c + 1 < l; ++c) {
            const size_t upTo = static_cast<size_t>(
                std::upper_bound(sorted.begin(), sorted.end(), q[static_cast<size_t>(c)]) - sorted.begin());
            fewest = std::min(fewest, upTo - below);
            below = upTo;
        }
        fewest = std::min(fewest, sorted.size() - below);
        if (static_cast<int64_t>(fewest) >= minPerClass) return l;
    }
    return 2;
}

static ClassesResult classes(const ClassesRequest& req) {
    const fs::path ws(req.workspace);
    std::vector<std::string> header;
    const auto rows = readCsvFile((ws / "scores.csv").string(), &header);
    if (header.size() < 2 || header[0] != "path" || header[1] != "score")
        throw Error(ErrorCode::Format, (ws / "scores.csv").string() + " is not a MinorityLens scores file");
    const auto labelCol = std::find(header.begin(), header.end(), "label");
    if (req.perLabel && labelCol == header.end())
        throw Error(ErrorCode::InvalidArgument,
                    "classes per label need labels: score the dataset with labels");
    const size_t labelIndex = static_cast<size_t>(labelCol - header.begin());
    std::vector<std::string> paths, labels, scoreText;
    std::vector<float> scores;
    for (const auto& r : rows) {
        if (r.size() < 2) continue;
        paths.push_back(r[0]);
        scoreText.push_back(r[1]);
        try {
            scores.push_back(std::stof(r[1]));  // float32, as the reference's score tensor
        } catch (const std::exception&) {
            throw Error(ErrorCode::Format, "scores.csv: '" + r[1] + "' is not a number");
        }
        labels.push_back(labelCol != header.end() && r.size() > labelIndex ? r[labelIndex] : "");
    }
    if (scores.empty()) throw Error(ErrorCode::InvalidArgument, "scores.csv holds no scored images");

    ClassesResult res;
    res.images = static_cast<int64_t>(scores.size());
    res.suggested = suggestNumClasses(scores, req.minPerClass);
    res.numClasses = req.numClasses > 0 ? req.numClasses : res.suggested;
    if (res.numClasses > static_cast<int>(scores.size()))
        throw Error(ErrorCode::InvalidArgument, "the number of classes " + std::to_string(res.numClasses) +
                                                    " exceeds the " + std::to_string(scores.size()) +
                                                    " scored images");
    std::vector<int> cls(scores.size());
    if (!req.perLabel) {
        const auto q = quantileThresholds(scores, res.numClasses);
        res.thresholds.assign(q.begin(), q.end());
        for (size_t i = 0; i < scores.size(); ++i)
            cls[i] = ordinalClass(q, scores[i]);
    } else {
        std::map<std::string, std::vector<size_t>> byLabel;
        for (size_t i = 0; i < scores.size(); ++i)
            byLabel[labels[i]].push_back(i);
        for (const auto& [label, idx] : byLabel) {
            std::vector<float> sub;
            for (size_t i : idx)
                sub.push_back(scores[i]);
            const auto q = quantileThresholds(sub, res.numClasses);
            res.labelThresholds[label].assign(q.begin(), q.end());
            for (size_t i : idx)
                cls[i] = ordinalClass(q, scores[i]);
        }
    }
    res.counts.assign(static_cast<size_t>(res.numClasses), 0);
    std::string csv = req.perLabel ? "path,score,class,label\n" : "path,score,class\n";
    for (size_t i = 0; i < scores.size(); ++i) {
        ++res.counts[static_cast<size_t>(cls[i])];
        csv += csvField(paths[i]) + "," + scoreText[i] + "," + std::to_string(cls[i]) +
               (req.perLabel ? "," + csvField(labels[i]) : "") + "\n";
    }
    res.csvPath = (ws / "classes.csv").string();
    res.jsonPath = (ws / "classes.json").string();
    writeFileAtomically(res.csvPath, csv);
    nlohmann::json j = {{"num_classes", res.numClasses},
                        {"suggested", res.suggested},
                        {"min_per_class", req.minPerClass},
                        {"per_label", req.perLabel},
                        {"images", res.images},
                        {"counts", res.counts},
                        {"rule", "q_i = torch.quantile(scores, (i+1)/L); class = first i with q_i >= score"}};
    if (req.perLabel)
        j["label_thresholds"] = res.labelThresholds;
    else
        j["thresholds"] = res.thresholds;
    writeFileAtomically(res.jsonPath, j.dump(1));
    const auto smallest = *std::min_element(res.counts.begin(), res.counts.end());
    if (smallest < req.minPerClass)
        spdlog::warn("classes: the smallest class holds {} images (fewer than {}); the suggested L is {}",
                     smallest, req.minPerClass, res.suggested);
    return res;
}

ClassesResult runClasses(const ClassesRequest& request) {
    return withContext("building classes", [&] { return classes(request); });
}

}  // namespace mlens
