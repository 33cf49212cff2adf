// The `evaluate` job (api/evaluation.h): generated sets against real data in a feature space.
// Stages: load the sets -> embed -> outlier metrics -> minority scores (optional) -> write.
#include <spdlog/spdlog.h>
#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>

#include "engine/api/dataset.h"
#include "engine/api/error.h"
#include "engine/api/evaluation.h"
#include "engine/api/request_json.h"
#include "engine/api/statistics.h"
#include "engine/core/atomic_file.h"
#include "engine/core/csv.h"
#include "engine/core/device.h"
#include "engine/core/file_hash.h"
#include "engine/io/checkpoint.h"
#include "engine/io/plot.h"
#include "engine/io/png_text.h"
#include "engine/io/torch_tensors.h"
#include "engine/jobs/shard_status.h"
#include "engine/metrics/class_gaussians.h"
#include "engine/metrics/feature_extractor.h"
#include "engine/metrics/outliers.h"
#include "engine/metrics/sample_sets.h"
#include "engine/minority/minority_score.h"
#include "engine/models/backbone.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

using PerSet = std::vector<std::map<std::string, std::vector<double>>>;  // set -> metric -> values

std::vector<double> values(const torch::Tensor& t) {
    const torch::Tensor c = t.to(torch::kCPU, torch::kFloat64).contiguous();
    return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

MetricSummary summarise(const std::vector<double>& v, const std::vector<double>& real) {
    MetricSummary m;
    if (v.empty()) return m;
    double sum = 0;
    for (double x : v)
        sum += x;
    m.mean = sum / static_cast<double>(v.size());
    m.median = quantile(v, 0.5);
    m.q90 = quantile(v, 0.9);
    m.q99 = quantile(v, 0.99);
    if (!real.empty()) {
        const double p90 = quantile(real, 0.9), p99 = quantile(real, 0.99);
        for (double x : v) {
            m.aboveRealP90 += x > p90;
            m.aboveRealP99 += x > p99;
        }
        m.aboveRealP90 /= static_cast<double>(v.size());
        m.aboveRealP99 /= static_cast<double>(v.size());
    }
    return m;
}

nlohmann::json toJsonValue(const MetricSummary& m) {
    return {{"mean", m.mean},
            {"median", m.median},
            {"q90", m.q90},
            {"q99", m.q99},
            {"above_real_p90", m.aboveRealP90},
            {"above_real_p99", m.aboveRealP99}};
}

void validate(const EvaluateRequest& r) {
    if (r.real.path.empty() || r.fakes.empty())
        throw Error(ErrorCode::InvalidArgument, "a real set and at least one generated set are required");
    if (r.outDir.empty()) throw Error(ErrorCode::InvalidArgument, "an output folder is required");
    requireOutputFolder(r.outDir);
    if (r.shard.active() && r.mergeOnly)
        throw Error(ErrorCode::InvalidArgument, "a merge assembles every shard: drop --shard");
    std::error_code ec;
    if (fs::is_directory(r.real.path, ec)) requireOutsideDataset(r.outDir, r.real.path);  // an image folder
    if (r.knnK < 1 || r.lofK < 1 || r.rarityK < 1 || r.prK < 1)
        throw Error(ErrorCode::InvalidArgument, "every k must be at least 1");
    if (r.batchSize < 1) throw Error(ErrorCode::InvalidArgument, "the batch size must be at least 1");
}

// The request as summary.json records it: what was evaluated, not how it was split.
nlohmann::json requestRecord(const EvaluateRequest& req) {
    nlohmann::json j = nlohmann::json::parse(toJson(req));
    j.erase("shard");
    j.erase("merge_only");
    return j;
}

// Real first; images at the backbone's size when there is one, else at the real images' size.
std::vector<metrics::SampleSet> loadSets(const EvaluateRequest& req,
                                         const std::optional<models::Backbone>& backbone) {
    int size = backbone ? backbone->config().imageSize : 0,
        channels = backbone ? backbone->config().inChannels : 0;
    std::vector<metrics::SampleSet> sets;
    sets.push_back(metrics::loadSampleSet(req.realName + "=" + req.real.path, size, channels, req.real));
    if (sets[0].hasImages() && size == 0) {
        size = sets[0].imageSize;
        channels = sets[0].channels;
    }
    DatasetSpec fakeSpec = req.real;  // a labels CSV names the real set's items, not theirs
    if (fakeSpec.labels == LabelSource::Csv) fakeSpec.labels = LabelSource::None;
    fakeSpec.longTail = {};
    for (const auto& f : req.fakes)
        sets.push_back(metrics::loadSampleSet(f, size, channels, fakeSpec));
    // Names must be unique: a clash ("samples" twice) takes the parent folder's name.
    for (size_t i = 1; i < sets.size(); ++i)
        for (size_t j = 0; j < i; ++j)
            if (sets[i].name == sets[j].name)
                sets[i].name = fs::path(sets[i].path).parent_path().filename().string() + "/" + sets[i].name;
    return sets;
}

// Where the shards of an evaluation keep their feature batches: keyed by everything that changes a
// batch's features (the feature network and its weights, the sets and their images, the batch size).
struct FeatureStore {
    fs::path folder;
    FeatureStore(const EvaluateRequest& req, const std::vector<metrics::SampleSet>& sets) {
        nlohmann::json key = {
            {"features", requestRecord(req).at("features")},
            {"network_sha256", req.features.network.empty() ? "" : sha256File(req.features.network)},
            {"classifier_sha256", req.features.classifier.empty() ? "" : sha256File(req.features.classifier)},
            {"batch_size", req.batchSize}};
        for (const auto& s : sets) {
            std::string names;
            for (const auto& n : s.itemNames)
                names += n + "\n";
            key["sets"].push_back({{"path", s.path},
                                   {"size", s.size()},
                                   {"image_size", s.imageSize},
                                   {"channels", s.channels},
                                   {"items", sha256Hex(names)}});
        }
        folder = fs::path(req.outDir) / "shards" / ("features-" + sha256Hex(key.dump()).substr(0, 16));
    }
    fs::path file(size_t set, int64_t batch) const {
        char name[48];
        std::snprintf(name, sizeof name, "set%02zu-%06lld.safetensors", set, static_cast<long long>(batch));
        return folder / name;
    }
    bool has(size_t set, int64_t batch) const {
        std::error_code ec;
        return fs::exists(file(set, batch), ec);
    }
};

struct Embedding {
    std::vector<torch::Tensor> feats;  // per set; undefined for a shard's sets
    std::vector<uint64_t> missing;     // a merge: the units no shard has written
    int64_t extracted = 0, reused = 0;
};

Embedding embed(const EvaluateRequest& req, const std::vector<metrics::SampleSet>& sets,
                const torch::Device& device, std::string* description, ProgressSink& progress) {
    std::unique_ptr<metrics::FeatureExtractor> extractor;
    std::optional<FeatureStore> store;
    if (req.shard.active() || req.mergeOnly || fs::is_directory(FeatureStore(req, sets).folder))
        store.emplace(req, sets);
    ShardStatus status;
    status.shard = req.shard;
    uint64_t unit = 0;  // batches of every image set in turn: the shards' units
    for (const auto& s : sets)
        for (int64_t i = 0; s.hasImages() && !s.features.defined() && i < s.size();
             i += req.batchSize, ++unit)
            if (req.shard.owns(unit)) {
                ++status.units;
                status.done +=
                    store && store->has(static_cast<size_t>(&s - sets.data()), i / req.batchSize) ? 1 : 0;
            }
    const auto started = std::chrono::steady_clock::now();
    int64_t extractedHere = 0;
    auto saveStatus = [&](bool finished) {
        if (!req.shard.active()) return;
        status.finished = finished;
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        status.itemsPerSecond = s > 0 ? static_cast<double>(extractedHere * req.batchSize) / s : 0.0;
        writeShardStatus(req.outDir, "evaluate", status);
    };
    saveStatus(false);
    Embedding e;
    unit = 0;
    for (size_t si = 0; si < sets.size(); ++si) {
        const auto& s = sets[si];
        if (s.features.defined()) {
            e.feats.push_back(s.features);
            continue;
        }
        std::vector<torch::Tensor> parts;
        for (int64_t i = 0; i < s.size(); i += req.batchSize, ++unit) {
            throwIfCancelled(progress);
            const int64_t b = i / req.batchSize, n = std::min<int64_t>(req.batchSize, s.size() - i);
            if (!req.shard.owns(unit)) continue;
            if (store && store->has(si, b)) {
                const io::Checkpoint ckpt = io::Checkpoint::open(store->file(si, b).string());
                torch::Tensor f = io::requireTensor(io::loadAllTensors(ckpt), "features");
                if (f.dim() != 2 || f.size(0) != n)
                    throw Error(ErrorCode::Format, store->file(si, b).string() + " does not hold " +
                                                       std::to_string(n) + " feature rows");
                if (const auto it = ckpt.metadata().find("features"); it != ckpt.metadata().end())
                    *description = it->second;
                parts.push_back(std::move(f));
                ++e.reused;
                continue;
            }
            if (req.mergeOnly) {
                e.missing.push_back(unit);
                continue;
            }
            if (!extractor) {
                extractor = std::make_unique<metrics::FeatureExtractor>(req.features, device);
                *description = extractor->description();
            }
            parts.push_back(extractor->features(s.batch(i, n)).cpu());
            ++e.extracted;
            if (store && req.shard.active()) {
                std::error_code ec;
                fs::create_directories(store->folder, ec);
                io::saveSafetensors(store->file(si, b).string(), {{"features", parts.back().contiguous()}},
                                    {{"features", *description}});
                ++status.done;
                ++extractedHere;
                saveStatus(false);
            }
            progress.report(i + n, s.size(), "features of " + s.name);
        }
        e.feats.push_back(req.shard.active() || !e.missing.empty() || parts.empty() ? torch::Tensor()
                                                                                    : torch::cat(parts, 0));
    }
    saveStatus(true);
    if (req.shard.active() || !e.missing.empty()) return e;
    std::vector<torch::Tensor>& feats = e.feats;
    if (description->empty()) *description = "user-supplied features";
    for (size_t i = 1; i < feats.size(); ++i)
        if (feats[i].size(1) != feats[0].size(1))
            throw Error(ErrorCode::ShapeMismatch, sets[i].name + " has " + std::to_string(feats[i].size(1)) +
                                                      "-d features, the real set " +
                                                      std::to_string(feats[0].size(1)) + "-d");
    return e;
}

PerSet outlierMetrics(const EvaluateRequest& req, const std::vector<torch::Tensor>& feats,
                      ProgressSink& progress) {
    const int64_t kMax = std::max({req.knnK, req.lofK, req.rarityK});
    const metrics::RealReference ref(feats[0], kMax, &progress);
    PerSet perSet(feats.size());
    perSet[0]["avgknn"] = values(ref.avgKnn(req.knnK));
    perSet[0]["lof"] = values(ref.lof(req.lofK));
    for (size_t i = 1; i < feats.size(); ++i) {
        perSet[i]["avgknn"] = values(ref.avgKnn(feats[i], req.knnK, &progress));
        perSet[i]["lof"] = values(ref.lof(feats[i], req.lofK, &progress));
        perSet[i]["rarity"] = values(ref.rarity(feats[i], req.rarityK, &progress));
    }
    return perSet;
}

// Gaussians of `train` rows (labels in [0, C)); classes absent from them are left out, and rows of
// such a class are scored under their best class.
struct LabelGaussians {
    metrics::ClassGaussians g;
    std::vector<int64_t> present;  // label -> class of g, -1 when absent

    LabelGaussians(const torch::Tensor& trainFeats, const std::vector<int64_t>& trainLabels,
                   const std::vector<std::string>& names)
        : present(names.size(), -1) {
        std::vector<std::string> presentNames;
        for (int64_t l : trainLabels)
            present[l] = 0;
        for (size_t c = 0; c < names.size(); ++c)
            if (present[c] == 0) {
                present[c] = static_cast<int64_t>(presentNames.size());
                presentNames.push_back(names[c]);
            }
        std::vector<int64_t> remapped;
        for (int64_t l : trainLabels)
            remapped.push_back(present[l]);
        g = metrics::fitClassGaussians(trainFeats, remapped, static_cast<int>(presentNames.size()),
                                       Shrinkage::Oas, 0, presentNames);
    }

    std::vector<double> score(const torch::Tensor& feats, const std::vector<int64_t>& labels) const {
        std::vector<double> h;
        for (int64_t b = 0; b < feats.size(0); b += 1024) {
            const int64_t n = std::min<int64_t>(1024, feats.size(0) - b);
            std::vector<int64_t> part;
            for (int64_t i = b; i < b + n; ++i)
                part.push_back(labels[i] >= 0 ? present[labels[i]] : -1);
            for (double v : metrics::hardnessOf(metrics::classHardness(g, feats.narrow(0, b, n)), part))
                h.push_back(v);
        }
        return h;
    }
};

// Sehwag et al.'s hardness in the evaluation feature space when the real set is labelled: one
// Gaussian per real label (OAS shrinkage); a set's images under their label where they carry one of
// the real label names, else under the class that explains them best. The real images themselves
// are scored by 5-fold cross-fitting (each under Gaussians fitted without it), as AvgkNN and LOF
// leave each real out of its own neighbourhood: in-sample Gaussians in thousands of dimensions would
// put every real image far below any new one.
void hardnessScores(const std::vector<metrics::SampleSet>& sets, const std::vector<torch::Tensor>& feats,
                    PerSet& perSet, ProgressSink& progress) {
    const metrics::SampleSet& real = sets[0];
    if (real.labels.empty() || real.labelNames.empty()) return;
    std::vector<int64_t> rows, labels;
    for (size_t i = 0; i < real.labels.size(); ++i)
        if (real.labels[i] >= 0) {
            rows.push_back(static_cast<int64_t>(i));
            labels.push_back(real.labels[i]);
        }
    if (rows.empty()) return;
    const torch::Tensor realFeats = feats[0].index_select(0, torch::tensor(rows, torch::kInt64));
    std::map<std::string, int64_t> index;
    for (size_t c = 0; c < real.labelNames.size(); ++c)
        index[real.labelNames[c]] = static_cast<int64_t>(c);
    const LabelGaussians all(realFeats, labels, real.labelNames);
    for (size_t s = 1; s < sets.size(); ++s) {
        std::vector<int64_t> own(static_cast<size_t>(feats[s].size(0)), -1);
        for (size_t i = 0; i < sets[s].labels.size() && i < own.size(); ++i)
            if (sets[s].labels[i] >= 0) {
                const auto it = index.find(sets[s].labelNames[sets[s].labels[i]]);
                if (it != index.end()) own[i] = it->second;
            }
        perSet[s]["hardness"] = all.score(feats[s], own);
    }
    // Folds dealt round-robin within each class, so that every class of two or more keeps training images.
    constexpr int kFolds = 5;
    std::vector<int> fold(labels.size());
    std::map<int64_t, int> dealt;
    for (size_t i = 0; i < labels.size(); ++i)
        fold[i] = dealt[labels[i]]++ % kFolds;
    // Unlabelled reals: under their best class of the full fit.
    std::vector<double> realH =
        all.score(feats[0], std::vector<int64_t>(static_cast<size_t>(feats[0].size(0)), -1));
    for (int k = 0; k < kFolds; ++k) {
        throwIfCancelled(progress);
        progress.report(k, kFolds, "hardness of the real images (cross-fitted)");
        std::vector<int64_t> trainIdx, trainLabels, testIdx, testLabels;
        for (size_t i = 0; i < labels.size(); ++i) {
            (fold[i] == k ? testIdx : trainIdx).push_back(static_cast<int64_t>(i));
            (fold[i] == k ? testLabels : trainLabels).push_back(labels[i]);
        }
        if (testIdx.empty()) continue;
        const LabelGaussians part(realFeats.index_select(0, torch::tensor(trainIdx, torch::kInt64)),
                                  trainLabels, real.labelNames);
        const std::vector<double> h =
            part.score(realFeats.index_select(0, torch::tensor(testIdx, torch::kInt64)), testLabels);
        for (size_t j = 0; j < testIdx.size(); ++j)
            realH[static_cast<size_t>(rows[testIdx[j]])] = h[j];
    }
    perSet[0]["hardness"] = realH;
}

void minorityScores(const EvaluateRequest& req, const models::Backbone& backbone,
                    const std::vector<metrics::SampleSet>& sets, const torch::Device& device, PerSet& perSet,
                    ProgressSink& progress) {
    torch::InferenceMode inference;
    minority::BackboneScorer scorer(backbone, req.score, device);
    for (size_t i = 0; i < sets.size(); ++i) {
        if (!sets[i].hasImages()) continue;
        std::vector<double> scores;
        for (int64_t b = 0; b < sets[i].size(); b += req.batchSize) {
            throwIfCancelled(progress);
            const int64_t n = std::min<int64_t>(req.batchSize, sets[i].size() - b);
            std::vector<uint64_t> seeds;
            for (int64_t k = 0; k < n; ++k)
                seeds.push_back(
                    minority::imageSeed(req.score.seed, sets[i].name + "/" + std::to_string(b + k)));
            for (double v :
                 values(scorer.score(sets[i].batch(b, n).to(device), seeds, false).distances.mean(1)))
                scores.push_back(v);
            progress.report(b + n, sets[i].size(), "minority score of " + sets[i].name);
        }
        perSet[i]["minority"] = scores;
    }
}

EvaluateResult writeEvaluation(const EvaluateRequest& req, const std::vector<metrics::SampleSet>& sets,
                               const std::vector<torch::Tensor>& feats, PerSet& perSet,
                               const std::string& description, ProgressSink& progress) {
    EvaluateResult res;
    res.featureDescription = description;
    const bool withMinority = !perSet[0]["minority"].empty();
    const bool withHardness = !perSet[0]["hardness"].empty();
    std::error_code ec;
    fs::create_directories(req.outDir, ec);
    if (ec) throw Error(ErrorCode::Io, "cannot create " + req.outDir + ": " + ec.message());
    std::string csv = std::string("set,index,avgknn,lof,rarity") + (withMinority ? ",minority" : "") +
                      (withHardness ? ",hardness" : "") + "\n";
    nlohmann::json summary = {
        {"features", description},
        {"k",
         {{"avgknn", req.knnK}, {"lof", req.lofK}, {"rarity", req.rarityK}, {"precision_recall", req.prK}}},
        {"request", requestRecord(req)},
        {"sets", nlohmann::json::array()}};
    for (size_t i = 0; i < sets.size(); ++i) {
        auto& m = perSet[i];
        const size_t n = m["avgknn"].size();
        for (size_t k = 0; k < n; ++k) {
            char buf[160];
            std::snprintf(buf, sizeof buf, ",%zu,%.9g,%.9g,", k, m["avgknn"][k], m["lof"][k]);
            csv += csvField(sets[i].name) + buf;
            if (i > 0) csv += std::to_string(m["rarity"][k]);
            if (withMinority)
                csv += "," + (m["minority"].empty() ? std::string() : std::to_string(m["minority"][k]));
            if (withHardness) {
                std::snprintf(buf, sizeof buf, ",%.9g", m["hardness"][k]);
                csv += buf;
            }
            csv += "\n";
        }
        SetSummary ss;
        ss.name = sets[i].name;
        ss.path = sets[i].path;
        ss.count = static_cast<int64_t>(n);
        ss.isReal = i == 0;
        nlohmann::json js = {{"name", ss.name}, {"path", ss.path}, {"count", ss.count}, {"real", ss.isReal}};
        for (const auto& [metric, v] : m) {
            if (v.empty()) continue;
            ss.metrics[metric] =
                summarise(v, i == 0 || metric == "rarity" ? std::vector<double>{} : perSet[0][metric]);
            js[metric] = toJsonValue(ss.metrics[metric]);
        }
        if (i > 0) {
            const metrics::PrecisionRecall pr =
                metrics::precisionRecall(feats[0], feats[i], req.prK, &progress);
            ss.precision = pr.precision;
            ss.recall = pr.recall;
            js["precision"] = pr.precision;
            js["recall"] = pr.recall;
        }
        summary["sets"].push_back(js);
        res.sets.push_back(ss);
    }
    res.metricsCsv = (fs::path(req.outDir) / "metrics.csv").string();
    res.summaryJson = (fs::path(req.outDir) / "summary.json").string();
    writeFileAtomically(res.metricsCsv, csv);
    writeFileAtomically(res.summaryJson, summary.dump(1));
    const std::vector<std::pair<std::string, std::string>> plots = {
        {"lof", "LOF (k=" + std::to_string(req.lofK) + ")"},
        {"avgknn", "AvgkNN (k=" + std::to_string(req.knnK) + ")"},
        {"minority", "minority score"},
        {"hardness", "hardness (Sehwag et al.)"}};
    for (const auto& [metric, label] : plots) {
        if ((metric == "minority" && !withMinority) || (metric == "hardness" && !withHardness)) continue;
        std::vector<io::PlotSeries> series;
        for (size_t i = 0; i < sets.size(); ++i)
            if (!perSet[i][metric].empty())
                series.push_back({sets[i].name, perSet[i][metric], io::seriesColor(i)});
        const std::string path = (fs::path(req.outDir) / (metric + "_density.png")).string();
        io::writePng(path, io::densityPlot(label + " - " + description, label, series));
        res.plots.push_back(path);
    }
    return res;
}

EvaluateResult evaluate(const EvaluateRequest& req, ProgressSink& progress) {
    validate(req);
    spdlog::info("evaluate: {}", toJson(req));
    const torch::Device device = selectDevice(req.device);
    std::optional<models::Backbone> backbone;
    if (!req.backbone.checkpoint.empty()) {
        backbone = models::loadBackbone(req.backbone, device);
        if (backbone->config().numClasses)
            throw Error(ErrorCode::Unsupported,
                        "minority scores of generated sets need an unconditional backbone");
    }
    const std::vector<metrics::SampleSet> sets = loadSets(req, backbone);
    std::string description;
    Embedding e = embed(req, sets, device, &description, progress);
    if (req.shard.active()) {  // the shard's features are on disk; the merge computes the metrics
        EvaluateResult res;
        res.batchesExtracted = e.extracted;
        res.batchesReused = e.reused;
        res.shardStatusPath =
            (fs::path(req.outDir) / "shards" / (req.shard.fileStem("evaluate") + ".json")).string();
        spdlog::info("evaluate: shard {} done: {} feature batches extracted, {} already there",
                     req.shard.label(), e.extracted, e.reused);
        return res;
    }
    if (!e.missing.empty())
        throw Error(ErrorCode::NotFound,
                    std::to_string(e.missing.size()) +
                        " feature batches are not extracted yet (first: batch " +
                        std::to_string(e.missing.front()) + "): " +
                        shardsToRerun(req.outDir, "evaluate", e.missing,
                                      "run the same command without --merge to extract them"));
    const std::vector<torch::Tensor>& feats = e.feats;
    PerSet perSet = outlierMetrics(req, feats, progress);
    hardnessScores(sets, feats, perSet, progress);
    if (backbone) minorityScores(req, *backbone, sets, device, perSet, progress);
    EvaluateResult res = writeEvaluation(req, sets, feats, perSet, description, progress);
    res.batchesExtracted = e.extracted;
    res.batchesReused = e.reused;
    return res;
}

}  // namespace

EvaluateResult runEvaluate(const EvaluateRequest& request, ProgressSink& progress) {
    return withContext("evaluating", [&] { return evaluate(request, progress); });
}

}  // namespace mlens
