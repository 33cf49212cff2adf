#include "engine/api/workspace.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <opencv2/imgcodecs.hpp>

#include "engine/api/dataset.h"
#include "engine/api/error.h"
#include "engine/api/request_json.h"
#include "engine/core/csv.h"
#include "engine/core/file_hash.h"
#include "engine/io/image_loader.h"
#include "engine/io/npy.h"
#include "engine/io/png_text.h"

namespace fs = std::filesystem;

namespace mlens {

WorkspaceData datasetOnly(const DatasetSpec& dataset) {
    auto reader = std::make_shared<const DatasetReader>(scanDataset(dataset));
    WorkspaceData w;
    w.dataset = dataset;
    w.dataRoot = reader->listing().root;
    const auto& items = reader->listing().items;
    for (size_t i = 0; i < items.size(); ++i) {
        ImageRecord r;
        r.id = static_cast<int64_t>(i);
        r.path = items[i].relativePath;
        r.score = std::numeric_limits<double>::quiet_NaN();
        r.source = items[i].source;
        r.frame = items[i].frame;
        w.records.push_back(std::move(r));
    }
    w.reader = std::move(reader);
    return w;
}

WorkspaceData loadWorkspace(const std::string& workspace) {
    const fs::path ws(workspace);
    std::ifstream in(ws / "scores.json");
    if (!in)
        throw Error(ErrorCode::NotFound, workspace + " is not a MinorityLens workspace (no scores.json)");
    nlohmann::json params;
    try {
        params = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception&) {
        throw Error(ErrorCode::Format, (ws / "scores.json").string() + " is not valid JSON");
    }
    DatasetSpec dataset;
    if (params.contains("dataset"))
        dataset = fromJson<DatasetSpec>(params.at("dataset").dump());
    else
        dataset.path = params.value("data", "");
    std::error_code ec;
    if (fs::path(dataset.path).is_relative() && !fs::exists(dataset.path, ec) && params.contains("data")) {
        // Older workspaces kept the path as typed; "data" is the absolute root (a file's folder).
        const fs::path root = params.value("data", ""), name = fs::path(dataset.path).filename();
        dataset.path = (root.filename() == name ? root : root / name).string();
    }
    WorkspaceData w = fs::exists(dataset.path, ec) ? datasetOnly(dataset) : WorkspaceData{};
    w.dataset = dataset;
    w.workspace = fs::absolute(ws).string();
    if (w.dataRoot.empty()) w.dataRoot = params.value("data", "");
    w.scoreParameters = params.dump(1);
    w.backbone = params.value("model", "");
    w.scoredT = params.value("t", -1);
    w.scoreParams.t = w.scoredT;
    w.scoreParams.draws = params.value("draws", 5);
    w.scoreParams.seed = params.value("seed", uint64_t{0});
    if (params.contains("distance")) w.scoreParams.distance = parse<Distance>(params.value("distance", "l2"));
    w.hasMaps = params.value("spatial_maps", false);
    for (const auto& s : params.value("skipped", nlohmann::json::array()))
        w.skipped.push_back(s.value("path", "") + ": " + s.value("reason", ""));
    w.notListed =
        std::min<int64_t>(params.value("not_listed", int64_t{0}), static_cast<int64_t>(w.skipped.size()));
    // The listing is sorted by path and scores.csv / classes.csv follow it: the next record is almost
    // always the one, else a binary search; only records the listing lacks go into a map.
    const size_t listed = w.records.size();
    const bool sorted =
        std::is_sorted(w.records.begin(), w.records.end(),
                       [](const ImageRecord& a, const ImageRecord& b) { return a.path < b.path; });
    std::map<std::string, size_t> byPath;  // the records the listing lacks (and all of an unsorted one)
    if (!sorted)
        for (size_t i = 0; i < listed; ++i)
            byPath[w.records[i].path] = i;
    size_t cursor = 0;
    auto record = [&](const std::string& path) -> ImageRecord& {
        if (sorted) {
            if (cursor < listed && w.records[cursor].path == path) return w.records[cursor++];
            const auto it =
                std::lower_bound(w.records.begin(), w.records.begin() + static_cast<std::ptrdiff_t>(listed),
                                 path, [](const ImageRecord& r, const std::string& p) { return r.path < p; });
            if (it != w.records.begin() + static_cast<std::ptrdiff_t>(listed) && it->path == path) {
                cursor = static_cast<size_t>(it - w.records.begin()) + 1;
                return *it;
            }
        }
        auto it = byPath.find(path);
        if (it == byPath.end()) {  // the dataset moved or changed: keep what the workspace knows
            it = byPath.emplace(path, w.records.size()).first;
            ImageRecord r;
            r.id = static_cast<int64_t>(w.records.size());
            r.path = path;
            r.score = std::numeric_limits<double>::quiet_NaN();
            w.records.push_back(std::move(r));
        }
        return w.records[it->second];
    };
    std::vector<std::string> header;
    if (fs::exists(ws / "scores.csv")) {
        size_t labelCol = 0;
        std::vector<size_t> drawCols;
        bool first = true;
        forEachCsvRow((ws / "scores.csv").string(), &header, [&](const std::vector<std::string>& r) {
            if (first) {  // the header is known from the first row on
                labelCol =
                    static_cast<size_t>(std::find(header.begin(), header.end(), "label") - header.begin());
                for (size_t c = 2; c < header.size(); ++c)
                    if (header[c].size() > 1 && header[c][0] == 'd' &&
                        std::isdigit(static_cast<unsigned char>(header[c][1])))
                        drawCols.push_back(c);
                first = false;
            }
            if (r.size() < 2) return;
            ImageRecord& rec = record(r[0]);
            rec.score = std::stod(r[1]);
            for (size_t c : drawCols)
                if (c < r.size()) rec.distances.push_back(std::stod(r[c]));
            if (labelCol < r.size()) rec.label = r[labelCol];
        });
        w.scored = true;
    }
    if (fs::exists(ws / "classes.csv")) {
        cursor = 0;
        forEachCsvRow((ws / "classes.csv").string(), &header, [&](const std::vector<std::string>& r) {
            if (r.size() >= 3) record(r[0]).cls = std::stoi(r[2]);
        });
        w.hasClasses = true;
        std::ifstream cj(ws / "classes.json");
        if (cj) {
            const auto j = nlohmann::json::parse(cj);
            w.numClasses = j.value("num_classes", 0);
            w.thresholds = j.value("thresholds", std::vector<double>{});
        }
    }
    if (fs::exists(ws / "classifier" / "classifier.safetensors"))
        w.classifier = (ws / "classifier" / "classifier.safetensors").string();
    if (fs::exists(ws / "classifier" / "metrics.jsonl"))
        w.classifierMetrics = (ws / "classifier" / "metrics.jsonl").string();
    return w;
}

ItemImage readRecordImage(const WorkspaceData& workspace, int64_t id) {
    if (!workspace.reader || id < 0 || static_cast<size_t>(id) >= workspace.reader->size()) {
        ItemImage none;
        none.error = "the image is not in the dataset any more";
        return none;
    }
    return workspace.reader->read(static_cast<size_t>(id));
}

cv::Mat readDistanceMap(const std::string& workspace, const std::string& relativePath) {
    const fs::path p = fs::path(workspace) / "maps" / (relativePath + ".map.npy");
    if (!fs::exists(p)) return {};
    try {
        const io::NpyArray a = io::readNpy(p.string());
        if (a.dtype != io::DType::Float32 || a.shape.size() != 2) return {};
        cv::Mat m(static_cast<int>(a.shape[0]), static_cast<int>(a.shape[1]), CV_32F);
        std::memcpy(m.data, a.data.data(), a.data.size());
        return m;
    } catch (const Error&) {
        return {};
    }
}

cv::Mat readReconstruction(const std::string& workspace, const std::string& relativePath) {
    const fs::path p = fs::path(workspace) / "maps" / (relativePath + ".recon.png");
    return fs::exists(p) ? cv::imread(p.string(), cv::IMREAD_UNCHANGED) : cv::Mat();
}

void writePngImage(const std::string& path, const cv::Mat& image,
                   const std::vector<std::pair<std::string, std::string>>& text) {
    io::writePng(path, image, text);
}

std::string fileSha256(const std::string& path) {
    return sha256File(path);
}

}  // namespace mlens
