// The `score` job: batched, cached and resumable minority scoring of a dataset.
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>

#include "engine/api/error.h"
#include "engine/api/scoring.h"
#include "engine/core/atomic_file.h"
#include "engine/core/csv.h"
#include "engine/core/device.h"
#include "engine/core/file_hash.h"
#include "engine/core/image_tensor.h"
#include "engine/io/image_loader.h"
#include "engine/io/npy.h"
#include "engine/io/png_text.h"
#include "engine/minority/minority_score.h"
#include "engine/models/model_loader.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

struct Identity {
    std::string path;
    uint64_t size;
    int64_t mtime;
    bool operator<(const Identity& o) const { return std::tie(path, size, mtime) < std::tie(o.path, o.size, o.mtime); }
};

struct Outcome {
    std::vector<double> distances;  // empty when the image could not be used
    std::string problem;
};

struct Decoded {
    std::vector<size_t> good;              // indices into the batch
    std::vector<torch::Tensor> tensors;    // preprocessed images of `good`
    std::map<size_t, std::string> problems;
    bool converted = false;
};

Decoded decodeBatch(const std::string& root, const std::vector<DatasetItem>& items, size_t first, size_t count, int size, int channels) {
    Decoded d;
    for (size_t i = 0; i < count; ++i) {
        const io::DecodedImage img = io::decodeImageFile((fs::path(root) / items[first + i].relativePath).string());
        if (!img.ok()) {
            d.problems[i] = img.error;
            continue;
        }
        bool converted = false;
        d.tensors.push_back(io::admPreprocess(img.image, size, channels, &converted));
        d.converted |= converted;
        d.good.push_back(i);
    }
    return d;
}

std::string batchFile(const fs::path& dir, size_t batch) {
    char name[32];
    std::snprintf(name, sizeof name, "batch-%06zu.json", batch);
    return (dir / name).string();
}

void loadCache(const fs::path& dir, std::map<Identity, Outcome>& cache) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        if (e.path().extension() != ".json") continue;  // skips leftovers of an interrupted write
        try {
            std::ifstream in(e.path());
            const auto j = nlohmann::json::parse(in);
            for (const auto& it : j.at("items"))
                cache[{it.at("path"), it.at("size"), it.at("mtime")}] =
                    Outcome{it.value("distances", std::vector<double>{}), it.value("problem", std::string())};
        } catch (const std::exception&) {
            spdlog::warn("score cache: ignoring unreadable {}", e.path().string());
        }
    }
}

int classIdOf(const DatasetListing& listing, int label) {
    // Integer folder / CSV labels ("0", "1", ...) are the backbone's class ids; other names use their sorted order.
    const std::string& name = listing.labelNames.at(static_cast<size_t>(label));
    try {
        size_t used = 0;
        const int v = std::stoi(name, &used);
        if (used == name.size()) return v;
    } catch (const std::exception&) {
    }
    return label;
}

}  // namespace

ScoreResult runScore(const ScoreRequest& request, ProgressSink& progress) {
    ScoreRequest req = request;
    if (req.data.empty()) throw Error(ErrorCode::InvalidArgument, "a dataset folder (--data) is required");
    if (req.workspace.empty()) throw Error(ErrorCode::InvalidArgument, "a workspace folder (--workspace) is required");
    if (req.batchSize < 1) throw Error(ErrorCode::InvalidArgument, "--batch must be at least 1");
    if (req.draws < 1) throw Error(ErrorCode::InvalidArgument, "--draws must be at least 1");
    requireOutsideDataset(req.workspace, req.data);
    const auto start = std::chrono::steady_clock::now();

    const torch::Device device = selectDevice(req.device);
    models::LoadedAdm backbone = models::loadAdm(req.model, req.modelConfig, device, models::AdmKind::UNet, "backbone", req.imageSize);
    const models::AdmConfig& bc = backbone.config;
    if (req.schedule.empty()) req.schedule = backbone.schedule.empty() ? "linear" : backbone.schedule;
    if (req.diffusionSteps <= 0) req.diffusionSteps = backbone.diffusionSteps > 0 ? backbone.diffusionSteps : 1000;
    int index = 0;
    std::string respacing;
    diffusion::GaussianDiffusion process = minority::resolveNoiseLevel(
        req.schedule, req.diffusionSteps, req.t, req.tIndex, req.respacing,
        bc.learnSigma() ? diffusion::VarianceType::LearnedRange : diffusion::VarianceType::FixedLarge, &index, &respacing);
    auto distance = minority::makeDistance(req.distance, req.lpipsTrunk, req.lpipsHeads, device);
    minority::MinorityScorer scorer(backbone.unet, process, index, *distance, req.draws);

    const DatasetListing listing = scanDataset(req.data, req.dataset);
    if (listing.items.empty()) throw Error(ErrorCode::InvalidArgument, "no images (png, jpg, bmp, tif) found in " + req.data);
    if (bc.numClasses && listing.labelNames.empty())
        throw Error(ErrorCode::InvalidArgument, "the backbone is class-conditional: give labels (--labels subfolders or --labels-csv)");

    nlohmann::json params = {{"model", fs::absolute(req.model).string()}, {"model_sha256", sha256File(req.model)},
                             {"model_config", nlohmann::json::parse(models::configToJson(bc).dump())},
                             {"schedule", req.schedule}, {"diffusion_steps", req.diffusionSteps}, {"respacing", respacing},
                             {"t_index", index}, {"t", scorer.originalStep()}, {"draws", req.draws}, {"distance", req.distance},
                             {"lpips_trunk", req.lpipsTrunk.empty() ? "" : sha256File(req.lpipsTrunk)},
                             {"lpips_heads", req.lpipsHeads.empty() ? "" : sha256File(req.lpipsHeads)},
                             {"seed", req.seed}, {"batch_size", req.batchSize}, {"spatial_maps", req.spatialMaps}};
    spdlog::info("score: data={} workspace={} {}", req.data, req.workspace, params.dump());
    nlohmann::json keyParams = params;  // the cache key ignores where the model file lives, not what it holds
    keyParams.erase("model");
    const std::string key = sha256Hex(keyParams.dump()).substr(0, 16);
    const fs::path ws(req.workspace);
    const fs::path cacheDir = ws / "cache" / ("score-" + key);
    std::error_code ec;
    fs::create_directories(cacheDir, ec);
    if (ec) throw Error(ErrorCode::Io, "cannot create workspace " + req.workspace + ": " + ec.message());

    for (const fs::path& dir : {ws, cacheDir})  // temporaries of a run that was killed mid-write
        for (const auto& e : fs::directory_iterator(dir, ec))
            if (e.path().filename().string().find(".partial-") != std::string::npos) fs::remove(e.path(), ec);
    std::map<Identity, Outcome> cache;
    loadCache(cacheDir, cache);
    ScoreResult result;
    result.images = static_cast<int64_t>(listing.items.size());
    for (const auto& item : listing.items) result.reused += cache.count({item.relativePath, item.size, item.mtimeNs}) ? 1 : 0;
    result.originalStep = scorer.originalStep();
    const size_t total = listing.items.size(), batch = static_cast<size_t>(req.batchSize);
    const size_t batches = (total + batch - 1) / batch;
    const int channels = bc.inChannels, size = bc.imageSize;
    bool loggedConversion = false;
    auto identity = [&](size_t i) { return Identity{listing.items[i].relativePath, listing.items[i].size, listing.items[i].mtimeNs}; };
    auto cached = [&](size_t b) {
        for (size_t i = b * batch; i < std::min(total, (b + 1) * batch); ++i)
            if (!cache.count(identity(i))) return false;
        return true;
    };

    auto finish = [&](bool complete) {
        // scores.csv in listing order, then scores.json; both atomically.
        std::string csv = "path,score";
        for (int d = 0; d < req.draws; ++d) csv += ",d" + std::to_string(d);
        if (!listing.labelNames.empty()) csv += ",label";
        csv += "\n";
        nlohmann::json skipped = nlohmann::json::array();
        result.skipped.clear();
        int64_t scoredCount = 0;
        for (size_t i = 0; i < total; ++i) {
            auto it = cache.find(identity(i));
            if (it == cache.end()) continue;
            const Outcome& o = it->second;
            if (!o.problem.empty()) {
                result.skipped.push_back({listing.items[i].relativePath, o.problem});
                skipped.push_back({{"path", listing.items[i].relativePath}, {"reason", o.problem}});
                continue;
            }
            double sum = 0;
            for (double v : o.distances) sum += v;
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.9g", sum / static_cast<double>(o.distances.size()));
            csv += csvField(listing.items[i].relativePath) + "," + buf;
            for (double v : o.distances) {
                std::snprintf(buf, sizeof buf, ",%.9g", v);
                csv += buf;
            }
            if (!listing.labelNames.empty())
                csv += "," + (listing.items[i].label >= 0 ? csvField(listing.labelNames[static_cast<size_t>(listing.items[i].label)]) : "");
            csv += "\n";
            ++scoredCount;
        }
        result.csvPath = (ws / "scores.csv").string();
        result.jsonPath = (ws / "scores.json").string();
        writeFileAtomically(result.csvPath, csv);
        result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        result.complete = complete;
        nlohmann::json summary = params;
        summary["data"] = listing.root;
        summary["workspace"] = fs::absolute(ws).string();
        summary["device"] = device.str();
        summary["image_size"] = size;
        summary["channels"] = channels;
        summary["labels"] = listing.labelNames;
        summary["images"] = total;
        summary["scored"] = scoredCount;
        summary["skipped"] = skipped;
        summary["complete"] = complete;
        summary["seconds"] = result.seconds;
        summary["cache"] = cacheDir.string();
        writeFileAtomically(result.jsonPath, summary.dump(1));
    };

    torch::InferenceMode inference;
    std::future<Decoded> next;
    auto launch = [&](size_t b) {
        const size_t first = b * batch, count = std::min(batch, total - first);
        return std::async(std::launch::async, decodeBatch, listing.root, std::cref(listing.items), first, count, size, channels);
    };
    auto nextTodo = [&](size_t from) {
        while (from < batches && cached(from)) ++from;
        return from;
    };
    try {
        size_t b = nextTodo(0);
        if (b < batches) next = launch(b);
        while (b < batches) {
            throwIfCancelled(progress);
            Decoded d = next.get();
            const size_t following = nextTodo(b + 1);
            if (following < batches) next = launch(following);  // decode ahead while the model runs
            const size_t first = b * batch, count = std::min(batch, total - first);
            if (d.converted && !loggedConversion) {
                spdlog::info("score: converting images to {} channel(s) for the model", channels);
                loggedConversion = true;
            }
            nlohmann::json items = nlohmann::json::array();
            for (const auto& [i, why] : d.problems) {
                const Identity id = identity(first + i);
                items.push_back({{"path", id.path}, {"size", id.size}, {"mtime", id.mtime}, {"problem", why}});
                cache[id] = Outcome{{}, why};
                spdlog::warn("score: skipping {}: {}", id.path, why);
            }
            if (!d.good.empty()) {
                const torch::Tensor x0 = torch::stack(d.tensors).to(device);
                std::vector<uint64_t> seeds;
                std::optional<torch::Tensor> y;
                std::vector<int64_t> labels;
                for (size_t i : d.good) {
                    seeds.push_back(minority::imageSeed(req.seed, listing.items[first + i].relativePath));
                    const int label = listing.items[first + i].label;
                    if (bc.numClasses && label < 0)
                        throw Error(ErrorCode::InvalidArgument, listing.items[first + i].relativePath + " has no label for the class-conditional backbone");
                    labels.push_back(label >= 0 ? classIdOf(listing, label) : 0);
                }
                if (bc.numClasses) {
                    for (int64_t l : labels)
                        if (l < 0 || l >= *bc.numClasses)
                            throw Error(ErrorCode::InvalidArgument, "label " + std::to_string(l) + " is outside the backbone's " +
                                                                        std::to_string(*bc.numClasses) + " classes");
                    y = torch::tensor(labels, torch::kInt64).to(device);
                }
                const minority::ScoreBatch s = scorer.score(x0, seeds, req.spatialMaps, y);
                const torch::Tensor dist = s.distances.to(torch::kFloat64).contiguous();
                for (size_t k = 0; k < d.good.size(); ++k) {
                    const Identity id = identity(first + d.good[k]);
                    std::vector<double> values(dist[static_cast<int64_t>(k)].data_ptr<double>(),
                                               dist[static_cast<int64_t>(k)].data_ptr<double>() + req.draws);
                    if (req.spatialMaps) {
                        const fs::path base = ws / "maps" / id.path;
                        fs::create_directories(base.parent_path(), ec);
                        const torch::Tensor m = s.map[static_cast<int64_t>(k)].contiguous();
                        io::writeNpy(base.string() + ".map.npy",
                                     io::NpyArray{"", io::DType::Float32, m.sizes().vec(),
                                                  std::vector<uint8_t>(reinterpret_cast<const uint8_t*>(m.data_ptr<float>()),
                                                                       reinterpret_cast<const uint8_t*>(m.data_ptr<float>() + m.numel()))});
                        io::writePng(base.string() + ".recon.png", tensorToImage8(s.reconstruction[static_cast<int64_t>(k)]));
                    }
                    items.push_back({{"path", id.path}, {"size", id.size}, {"mtime", id.mtime}, {"distances", values}});
                    cache[id] = Outcome{values, ""};
                }
                result.scored += static_cast<int64_t>(d.good.size());
            }
            writeFileAtomically(batchFile(cacheDir, b), nlohmann::json{{"items", items}}.dump());
            progress.report(static_cast<int64_t>(std::min(total, first + count)), static_cast<int64_t>(total), "scoring");
            b = following;
        }
    } catch (const Cancelled&) {
        if (next.valid()) next.wait();
        finish(false);
        throw;
    }
    finish(true);
    if (static_cast<int64_t>(result.skipped.size()) == result.images)
        throw Error(ErrorCode::Format, "none of the " + std::to_string(result.images) + " images could be read (see " + result.jsonPath + ")");
    spdlog::info("score: {} images ({} scored, {} from cache, {} skipped) in {:.1f} s", result.images, result.scored, result.reused,
                 result.skipped.size(), result.seconds);
    return result;
}

}  // namespace mlens
