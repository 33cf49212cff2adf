// The `score` job (api/scoring.h): batched, cached and resumable minority scoring of a dataset.
// Stages: validate -> resolve (backbone, noise level, dataset, cache) -> score batches (decoded one
// ahead) -> write scores.csv / scores.json.
#include <spdlog/spdlog.h>
#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <optional>

#include "engine/api/error.h"
#include "engine/api/request_json.h"
#include "engine/api/scoring.h"
#include "engine/api/text.h"
#include "engine/core/atomic_file.h"
#include "engine/core/csv.h"
#include "engine/core/device.h"
#include "engine/core/file_hash.h"
#include "engine/core/image_tensor.h"
#include "engine/io/image_loader.h"
#include "engine/io/npy.h"
#include "engine/io/png_text.h"
#include "engine/jobs/calibration_table.h"
#include "engine/jobs/class_ids.h"
#include "engine/jobs/shard_status.h"
#include "engine/minority/minority_score.h"
#include "engine/minority/score_cache.h"
#include "engine/models/backbone.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

using minority::ItemIdentity;
using minority::ScoreOutcome;

void validate(const ScoreRequest& r) {
    if (r.dataset.path.empty()) throw Error(ErrorCode::InvalidArgument, "a dataset is required");
    if (r.workspace.empty()) throw Error(ErrorCode::InvalidArgument, "a workspace folder is required");
    requireOutputFolder(r.workspace);
    if (r.batchSize < 1) throw Error(ErrorCode::InvalidArgument, "the batch size must be at least 1");
    if (r.score.draws < 1) throw Error(ErrorCode::InvalidArgument, "the number of draws must be at least 1");
    requireOutsideDataset(r.workspace, r.dataset.path);
    if (r.shard.active() && r.autoT)
        throw Error(ErrorCode::InvalidArgument,
                    "--t auto cannot run in shards (each would calibrate into the same folder): run "
                    "calibrate-t once and give every shard its --t");
    if (r.shard.active() && r.mergeOnly)
        throw Error(ErrorCode::InvalidArgument, "a merge assembles every shard: drop --shard");
}

struct DecodedBatch {
    std::vector<size_t> good;            // listing indices that decoded
    std::vector<torch::Tensor> tensors;  // their model inputs
    std::map<size_t, std::string> problems;
    bool converted = false;
};

DecodedBatch decodeBatch(const DatasetReader& reader, size_t first, size_t count, int size, int channels,
                         Fit fit) {
    DecodedBatch d;
    for (size_t i = first; i < first + count; ++i) {
        const ItemImage img = reader.read(i);
        if (!img.ok()) {
            d.problems[i] = img.error;
            continue;
        }
        bool converted = false;
        d.tensors.push_back(io::admPreprocess(img.display, size, channels, fit, &converted));
        d.converted |= converted;
        d.good.push_back(i);
    }
    return d;
}

// Everything a run needs once it is resolved.
struct ScoreJob {
    ScoreRequest req;
    torch::Device device;
    models::Backbone backbone;
    minority::BackboneScorer scorer;
    DatasetReader reader;
    nlohmann::json params;  // what scores.json records; its hash (without file locations) keys the cache
    fs::path ws;
    std::optional<minority::ScoreCache> cache;
    size_t batch = 0, batches = 0;
    nlohmann::json calibration;  // the table that chose t (autoT), else null

    ScoreJob(const ScoreRequest& r, const torch::Device& dev)
        : req(r),
          device(dev),
          backbone(models::loadBackbone(r.backbone, dev)),
          scorer(backbone, r.score, dev),
          reader(scanDataset(r.dataset)),
          ws(r.workspace) {
        const DatasetListing& listing = reader.listing();
        if (listing.items.empty())
            throw Error(ErrorCode::InvalidArgument, "no images found in " + r.dataset.path);
        if (backbone.config().numClasses && listing.labelNames.empty())
            throw Error(ErrorCode::InvalidArgument,
                        "the backbone is class-conditional: the dataset needs labels");
        params = parameters();
        spdlog::info("score: {}", params.dump());
        cache.emplace((ws / "cache" / ("score-" + cacheKey())).string());
        batch = static_cast<size_t>(r.batchSize);
        batches = (listing.items.size() + batch - 1) / batch;
    }

    nlohmann::json parameters() const {
        const minority::NoiseLevel& level = scorer.level();
        const MinorityScoreParams& s = req.score;
        return {{"model", fs::absolute(req.backbone.checkpoint).string()},
                {"model_sha256", sha256File(req.backbone.checkpoint)},
                {"model_config", nlohmann::json::parse(models::configToJson(backbone.config()).dump())},
                {"schedule", name(backbone.schedule)},
                {"diffusion_steps", backbone.diffusionSteps},
                {"respacing", level.respacing},
                {"t_index", level.index},
                {"t", level.originalStep},
                {"draws", s.draws},
                {"distance", name(s.distance)},
                {"lpips_trunk", s.lpipsTrunk.empty() ? "" : sha256File(s.lpipsTrunk)},
                {"lpips_heads", s.lpipsHeads.empty() ? "" : sha256File(s.lpipsHeads)},
                {"seed", s.seed},
                {"batch_size", req.batchSize},
                {"spatial_maps", req.spatialMaps},
                {"dataset", nlohmann::json::parse(toJson(req.dataset))}};
    }

    // The key ignores where the model and the dataset live and which subset is listed: only what
    // changes an image's numbers.
    std::string cacheKey() const {
        nlohmann::json key = params;
        key.erase("model");
        key["dataset"].erase("path");
        key["dataset"].erase("long_tail");
        return sha256Hex(key.dump()).substr(0, 16);
    }

    const DatasetListing& listing() const { return reader.listing(); }
    size_t total() const { return listing().items.size(); }
    ItemIdentity identity(size_t i) const { return ItemIdentity::of(listing().items[i]); }
    bool batchCached(size_t b) const {
        for (size_t i = b * batch; i < std::min(total(), (b + 1) * batch); ++i)
            if (!cache->has(identity(i))) return false;
        return true;
    }
    size_t batchImages(size_t b) const { return std::min(total(), (b + 1) * batch) - b * batch; }
    // The next batch at or after `from` that this run scores: the shard's, not yet cached.
    size_t nextTodo(size_t from) const {
        while (from < batches && (!req.shard.owns(from) || batchCached(from)))
            ++from;
        return from;
    }
    std::vector<size_t> missingBatches() const {
        std::vector<size_t> out;
        for (size_t b = 0; b < batches; ++b)
            if (!batchCached(b)) out.push_back(b);
        return out;
    }
    std::future<DecodedBatch> decodeAhead(size_t b) const {
        const size_t first = b * batch, count = std::min(batch, total() - first);
        const auto& c = backbone.config();
        return std::async(std::launch::async, decodeBatch, std::cref(reader), first, count, c.imageSize,
                          c.inChannels, req.dataset.fit);
    }
};

void writeSpatialMaps(const fs::path& ws, const std::string& item, const torch::Tensor& map,
                      const torch::Tensor& reconstruction) {
    const fs::path base = ws / "maps" / item;
    std::error_code ec;
    fs::create_directories(base.parent_path(), ec);
    const torch::Tensor m = map.contiguous();
    const auto* bytes = reinterpret_cast<const uint8_t*>(m.data_ptr<float>());
    io::writeNpy(base.string() + ".map.npy",
                 io::NpyArray{"", io::DType::Float32, m.sizes().vec(),
                              std::vector<uint8_t>(bytes, bytes + m.numel() * sizeof(float))});
    io::writePng(base.string() + ".recon.png", tensorToImage8(reconstruction));
}

// Scores the decoded images of one batch; unreadable ones become outcomes with a problem.
std::vector<std::pair<ItemIdentity, ScoreOutcome>> scoreBatch(ScoreJob& job, const DecodedBatch& d) {
    std::vector<std::pair<ItemIdentity, ScoreOutcome>> out;
    for (const auto& [i, why] : d.problems)
        out.emplace_back(job.identity(i), ScoreOutcome{{}, why});
    if (d.good.empty()) return out;
    const DatasetListing& listing = job.listing();
    const auto& numClasses = job.backbone.config().numClasses;
    std::vector<uint64_t> seeds;
    std::vector<int64_t> labels;
    for (size_t i : d.good) {
        const DatasetItem& item = listing.items[i];
        seeds.push_back(minority::imageSeed(job.req.score.seed, item.relativePath));
        if (numClasses && item.label < 0)
            throw Error(ErrorCode::InvalidArgument,
                        item.relativePath + " has no label for the class-conditional backbone");
        labels.push_back(item.label >= 0 ? backboneClassId(listing, item.label) : 0);
    }
    std::optional<torch::Tensor> y;
    if (numClasses) {
        for (int64_t l : labels)
            if (l < 0 || l >= *numClasses)
                throw Error(ErrorCode::InvalidArgument, "label " + std::to_string(l) +
                                                            " is outside the backbone's " +
                                                            std::to_string(*numClasses) + " classes");
        y = torch::tensor(labels, torch::kInt64).to(job.device);
    }
    const minority::ScoreBatch s =
        job.scorer.score(torch::stack(d.tensors).to(job.device), seeds, job.req.spatialMaps, y);
    const torch::Tensor dist = s.distances.to(torch::kFloat64).contiguous();
    for (size_t k = 0; k < d.good.size(); ++k) {
        const auto row = static_cast<int64_t>(k);
        const double* v = dist[row].data_ptr<double>();
        out.emplace_back(job.identity(d.good[k]),
                         ScoreOutcome{std::vector<double>(v, v + job.req.score.draws), ""});
        if (job.req.spatialMaps)
            writeSpatialMaps(job.ws, listing.items[d.good[k]].relativePath, s.map[row],
                             s.reconstruction[row]);
    }
    return out;
}

// scores.csv in listing order, then scores.json; both atomically.
void writeScoreOutputs(const ScoreJob& job, bool complete, double seconds, ScoreResult& result) {
    const DatasetListing& listing = job.listing();
    const bool labelled = !listing.labelNames.empty();
    std::string csv = "path,score";
    for (int d = 0; d < job.req.score.draws; ++d)
        csv += ",d" + std::to_string(d);
    csv += labelled ? ",label\n" : "\n";
    nlohmann::json skipped = nlohmann::json::array();
    result.skipped.clear();
    result.notListed = static_cast<int64_t>(listing.problems.size());
    for (const DatasetProblem& p : listing.problems) {  // files the scan could not use (no items)
        result.skipped.push_back(p);
        skipped.push_back({{"path", escapeInvalidUtf8(p.path)}, {"reason", escapeInvalidUtf8(p.reason)}});
    }
    int64_t scored = 0;
    char buf[64];
    for (size_t i = 0; i < job.total(); ++i) {
        const ScoreOutcome* o = job.cache->find(job.identity(i));
        if (!o) continue;
        const DatasetItem& item = listing.items[i];
        if (!o->problem.empty()) {
            result.skipped.push_back({item.relativePath, o->problem});
            skipped.push_back(
                {{"path", escapeInvalidUtf8(item.relativePath)}, {"reason", escapeInvalidUtf8(o->problem)}});
            continue;
        }
        double sum = 0;
        for (double v : o->distances)
            sum += v;
        std::snprintf(buf, sizeof buf, "%.9g", sum / static_cast<double>(o->distances.size()));
        csv += csvField(item.relativePath) + "," + buf;
        for (double v : o->distances) {
            std::snprintf(buf, sizeof buf, ",%.9g", v);
            csv += buf;
        }
        if (labelled)
            csv +=
                "," + (item.label >= 0 ? csvField(listing.labelNames[static_cast<size_t>(item.label)]) : "");
        csv += "\n";
        ++scored;
    }
    result.csvPath = (job.ws / "scores.csv").string();
    result.jsonPath = (job.ws / "scores.json").string();
    writeFileAtomically(result.csvPath, csv);
    nlohmann::json summary = job.params;
    summary["data"] = listing.root;
    summary["workspace"] = fs::absolute(job.ws).string();
    summary["device"] = job.device.str();
    summary["image_size"] = job.backbone.config().imageSize;
    summary["channels"] = job.backbone.config().inChannels;
    summary["labels"] = listing.labelNames;
    summary["images"] = job.total();
    summary["scored"] = scored;
    summary["skipped"] = skipped;
    summary["not_listed"] = result.notListed;  // the first not_listed of "skipped" are scan problems
    nlohmann::json kinds = nlohmann::json::array();
    for (const auto& [kind, n] : summarizeProblems(result.skipped))
        kinds.push_back({{"reason", escapeInvalidUtf8(kind)}, {"count", n}});
    summary["skipped_by_reason"] = kinds;
    summary["complete"] = complete;
    summary["seconds"] = seconds;
    summary["cache"] = job.cache->folder();
    if (!job.calibration.is_null()) summary["t_calibration"] = job.calibration;
    writeFileAtomically(result.jsonPath, summary.dump(1));
    result.complete = complete;
    result.seconds = seconds;
}

// A merge needs every batch: name the shards that owe some.
void requireAllBatches(const ScoreJob& job) {
    const std::vector<size_t> missing = job.missingBatches();
    if (missing.empty()) return;
    const std::string which = shardsToRerun(job.ws.string(), "score", {missing.begin(), missing.end()},
                                            "run the same command without --merge to score them");
    throw Error(ErrorCode::NotFound, std::to_string(missing.size()) + " of " + std::to_string(job.batches) +
                                         " batches are not scored yet (first: batch " +
                                         std::to_string(missing.front()) + "): " + which);
}

ScoreResult finishScore(ScoreResult result) {
    // The listed images that could not be read; the first notListed of `skipped` are scan problems.
    const int64_t unreadable = static_cast<int64_t>(result.skipped.size()) - result.notListed;
    if (result.images > 0 && unreadable == result.images)
        throw Error(ErrorCode::Format, "none of the " + std::to_string(result.images) +
                                           " images could be read (see " + result.jsonPath + ")");
    spdlog::info(
        "score: {} images ({} scored, {} from cache, {} unreadable, {} other entries skipped) in {:.1f} s",
        result.images, result.scored, result.reused, unreadable, result.notListed, result.seconds);
    return result;
}

ScoreResult scoreDataset(const ScoreRequest& request, ProgressSink& progress) {
    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    validate(request);
    ScoreRequest req = request;
    std::optional<CalibrateTResult> calibration;
    if (req.autoT) {
        calibration = runCalibrateT(calibrationRequest(req), progress);
        req.score.t = calibration->recommended;
        req.score.tIndex = -1;
        req.score.respacing.clear();
    }
    ScoreJob job(req, selectDevice(req.device));
    ScoreResult result;
    if (calibration) {
        job.calibration = {
            {"recommended", calibration->recommended}, {"agreement", name(req.calibration.agreement)},
            {"images", calibration->items.size()},     {"features", calibration->featureDescription},
            {"json", calibration->jsonPath},           {"table", calibrationTableJson(*calibration)}};
        result.calibrationJson = calibration->jsonPath;
    }
    result.images = static_cast<int64_t>(job.total());
    for (size_t i = 0; i < job.total(); ++i)
        result.reused += job.cache->has(job.identity(i)) ? 1 : 0;
    result.originalStep = job.scorer.level().originalStep;

    if (req.mergeOnly) {
        requireAllBatches(job);
        writeScoreOutputs(job, true, elapsed(), result);
        return finishScore(result);
    }
    // This run's share: every batch, or the shard's. Progress counts its images.
    const Shard& shard = req.shard;
    ShardStatus status;
    status.shard = shard;
    int64_t shareImages = 0, shareDone = 0;
    for (size_t b = 0; b < job.batches; ++b) {
        if (!shard.owns(b)) continue;
        ++status.units;
        shareImages += static_cast<int64_t>(job.batchImages(b));
        if (job.batchCached(b)) {
            ++status.done;
            shareDone += static_cast<int64_t>(job.batchImages(b));
        }
    }
    const std::string stage = shard.active() ? "scoring (shard " + shard.label() + ")" : "scoring";
    auto saveStatus = [&](bool finished) {
        if (!shard.active()) return;
        status.finished = finished;
        status.itemsPerSecond = elapsed() > 0 ? static_cast<double>(result.scored) / elapsed() : 0.0;
        writeShardStatus(job.ws.string(), "score", status);
    };
    if (shard.active()) {
        result.shardStatusPath = (job.ws / "shards" / (shard.fileStem("score") + ".json")).string();
        saveStatus(false);
    }
    progress.report(shareDone, shareImages, stage);

    torch::InferenceMode inference;
    std::future<DecodedBatch> next;
    bool loggedConversion = false;
    auto lastLog = std::chrono::steady_clock::now();
    try {
        size_t b = job.nextTodo(0);
        if (b < job.batches) next = job.decodeAhead(b);
        while (b < job.batches) {
            throwIfCancelled(progress);
            const DecodedBatch d = next.get();
            const size_t following = job.nextTodo(b + 1);
            if (following < job.batches)
                next = job.decodeAhead(following);  // decode ahead while the model runs
            if (d.converted && !loggedConversion) {
                spdlog::info("score: converting images to {} channel(s) for the model",
                             job.backbone.config().inChannels);
                loggedConversion = true;
            }
            for (const auto& [i, why] : d.problems)
                spdlog::info("score: skipping {}: {}", job.listing().items[i].relativePath, why);
            job.cache->putBatch(b, scoreBatch(job, d));
            result.scored += static_cast<int64_t>(d.good.size());
            shareDone += static_cast<int64_t>(job.batchImages(b));
            ++status.done;
            saveStatus(false);
            progress.report(shareDone, shareImages, stage);
            const auto now = std::chrono::steady_clock::now();
            if (now - lastLog > std::chrono::seconds(10) || following >= job.batches) {
                lastLog = now;
                const double rate = static_cast<double>(result.scored) / std::max(elapsed(), 1e-9);
                spdlog::info("{}: {}/{} images, {:.1f} images/s, eta {:.0f} s", stage, shareDone, shareImages,
                             rate, static_cast<double>(shareImages - shareDone) / std::max(rate, 1e-9));
            }
            b = following;
        }
    } catch (const Cancelled&) {
        if (next.valid()) next.wait();
        saveStatus(false);
        if (!shard.active()) writeScoreOutputs(job, false, elapsed(), result);
        throw;
    }
    if (shard.active()) {  // a shard leaves scores.csv / scores.json to the merge
        result.seconds = elapsed();
        result.complete = true;
        saveStatus(true);
        spdlog::info("score: shard {} done: {} batches ({} scored, {} images) in {:.1f} s", shard.label(),
                     status.units, result.scored, shareImages, result.seconds);
        return result;
    }
    writeScoreOutputs(job, true, elapsed(), result);
    return finishScore(result);
}

}  // namespace

CalibrateTRequest calibrationRequest(const ScoreRequest& r) {
    CalibrateTRequest c;
    c.backbone = r.backbone;
    c.score = r.score;
    c.dataset = r.dataset;
    c.settings = r.calibration;
    c.outDir = (fs::path(r.workspace) / "calibration").string();
    c.batchSize = r.batchSize;
    c.device = r.device;
    return c;
}

ScoreStatus readScoreStatus(const std::string& workspace) {
    std::error_code ec;
    if (!fs::is_directory(workspace, ec)) throw Error(ErrorCode::NotFound, "no workspace at " + workspace);
    ScoreStatus status;
    status.shards = readShardStatus(workspace, "score");
    const fs::path json = fs::path(workspace) / "scores.json";
    if (fs::exists(json, ec)) {
        try {
            std::ifstream in(json);
            const auto j = nlohmann::json::parse(in);
            status.merged = true;
            status.complete = j.value("complete", false);
            status.images = j.value("images", int64_t{0});
            status.scored = j.value("scored", int64_t{0});
        } catch (const std::exception& e) {
            throw Error(ErrorCode::Format, json.string() + " is not a score summary: " + e.what());
        }
    }
    if (status.shards.empty() && !status.merged)
        throw Error(ErrorCode::NotFound, workspace + " holds no score job (no scores.json, no shards/)");
    return status;
}

ScoreResult runScore(const ScoreRequest& request, ProgressSink& progress) {
    return withContext("scoring " + request.dataset.path, [&] {
        ScoreRequest r = request;  // the workspace records where the data is, from anywhere
        std::error_code ec;
        if (!r.dataset.path.empty())
            r.dataset.path = fs::absolute(r.dataset.path, ec).lexically_normal().string();
        return scoreDataset(r, progress);
    });
}

}  // namespace mlens
