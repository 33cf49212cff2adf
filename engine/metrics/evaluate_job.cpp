// The `evaluate` job: generated sets against real data in a feature space.
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <cstdio>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>

#include "engine/api/error.h"
#include "engine/api/evaluation.h"
#include "engine/core/atomic_file.h"
#include "engine/core/csv.h"
#include "engine/core/device.h"
#include "engine/io/plot.h"
#include "engine/io/png_text.h"
#include "engine/metrics/feature_extractor.h"
#include "engine/metrics/outliers.h"
#include "engine/metrics/sample_sets.h"
#include "engine/minority/minority_score.h"
#include "engine/models/model_loader.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

double quantile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const double h = q * static_cast<double>(v.size() - 1);
    const size_t lo = static_cast<size_t>(std::floor(h));
    const size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

std::vector<double> values(const torch::Tensor& t) {
    const torch::Tensor c = t.to(torch::kCPU, torch::kFloat64).contiguous();
    return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

MetricSummary summarise(const std::vector<double>& v, const std::vector<double>& real) {
    MetricSummary m;
    if (v.empty()) return m;
    double sum = 0;
    for (double x : v) sum += x;
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

nlohmann::json toJson(const MetricSummary& m) {
    return {{"mean", m.mean}, {"median", m.median}, {"q90", m.q90}, {"q99", m.q99}, {"above_real_p90", m.aboveRealP90},
            {"above_real_p99", m.aboveRealP99}};
}

}  // namespace

EvaluateResult runEvaluate(const EvaluateRequest& req, ProgressSink& progress) {
    if (req.real.empty() || req.fakes.empty()) throw Error(ErrorCode::InvalidArgument, "--real and at least one --fake are required");
    if (req.outDir.empty()) throw Error(ErrorCode::InvalidArgument, "an output folder (--out) is required");
    spdlog::info("evaluate: real={} fakes={} features={} seed={} size={} k={}/{}/{}/{} backbone={}", req.real, req.fakes.size(),
                 req.featureNetwork.empty() ? "random" : req.featureNetwork, req.featureSeed, req.featureSize, req.knnK, req.lofK, req.rarityK,
                 req.prK, req.backbone);
    const torch::Device device = selectDevice(req.device);

    std::optional<models::LoadedAdm> backbone;
    int loadSize = 0, loadChannels = 0;
    if (!req.backbone.empty()) {
        backbone = models::loadAdm(req.backbone, req.backboneConfig, device, models::AdmKind::UNet, "backbone");
        if (backbone->config.numClasses) throw Error(ErrorCode::Unsupported, "minority scores of generated sets need an unconditional backbone");
        loadSize = backbone->config.imageSize;
        loadChannels = backbone->config.inChannels;
    }
    std::vector<metrics::SampleSet> sets;
    sets.push_back(metrics::loadSampleSet(req.real, loadSize, loadChannels));
    if (sets[0].images.defined() && loadSize == 0) {
        loadSize = static_cast<int>(sets[0].images.size(2));
        loadChannels = static_cast<int>(sets[0].images.size(1));
    }
    for (const auto& f : req.fakes) sets.push_back(metrics::loadSampleSet(f, loadSize, loadChannels));
    // Names must be unique: a clash ("samples" twice) takes the parent folder's name.
    for (size_t i = 1; i < sets.size(); ++i)
        for (size_t j = 0; j < i; ++j)
            if (sets[i].name == sets[j].name) sets[i].name = fs::path(sets[i].path).parent_path().filename().string() + "/" + sets[i].name;

    EvaluateResult res;
    std::unique_ptr<metrics::FeatureExtractor> extractor;
    std::vector<torch::Tensor> feats;
    for (auto& s : sets) {
        if (s.features.defined()) {
            feats.push_back(s.features);
            continue;
        }
        if (!extractor) {
            extractor = std::make_unique<metrics::FeatureExtractor>(req.featureNetwork, req.featureSeed, req.featureSize, device);
            res.featureDescription = extractor->description() + ", inputs " + std::to_string(req.featureSize) + " px";
        }
        std::vector<torch::Tensor> parts;
        for (int64_t i = 0; i < s.images.size(0); i += req.batchSize) {
            throwIfCancelled(progress);
            parts.push_back(extractor->features(s.images.narrow(0, i, std::min<int64_t>(req.batchSize, s.images.size(0) - i))));
            progress.report(i, s.images.size(0), "features of " + s.name);
        }
        feats.push_back(torch::cat(parts, 0));
    }
    if (res.featureDescription.empty()) res.featureDescription = "user-supplied features";
    for (size_t i = 1; i < feats.size(); ++i)
        if (feats[i].size(1) != feats[0].size(1))
            throw Error(ErrorCode::ShapeMismatch, sets[i].name + " has " + std::to_string(feats[i].size(1)) + "-d features, the real set " +
                                                      std::to_string(feats[0].size(1)) + "-d");

    const int64_t kMax = std::max({req.knnK, req.lofK, req.rarityK});
    const metrics::RealReference ref(feats[0], kMax, &progress);
    std::vector<std::map<std::string, std::vector<double>>> perSet(sets.size());
    perSet[0]["avgknn"] = values(ref.avgKnn(req.knnK));
    perSet[0]["lof"] = values(ref.lof(req.lofK));
    for (size_t i = 1; i < sets.size(); ++i) {
        perSet[i]["avgknn"] = values(ref.avgKnn(feats[i], req.knnK, &progress));
        perSet[i]["lof"] = values(ref.lof(feats[i], req.lofK, &progress));
        perSet[i]["rarity"] = values(ref.rarity(feats[i], req.rarityK, &progress));
    }
    if (backbone) {
        torch::InferenceMode inference;
        const models::AdmConfig& bc = backbone->config;
        const std::string schedule = backbone->schedule.empty() ? "linear" : backbone->schedule;
        const int steps = backbone->diffusionSteps > 0 ? backbone->diffusionSteps : 1000;
        int tIndex = 0;
        std::string respacing;
        const auto process = minority::resolveNoiseLevel(schedule, steps, req.t, -1, "",
                                                         bc.learnSigma() ? diffusion::VarianceType::LearnedRange
                                                                         : diffusion::VarianceType::FixedLarge,
                                                         &tIndex, &respacing);
        auto distance = minority::makeDistance(req.distance, req.lpipsTrunk, req.lpipsHeads, device);
        minority::MinorityScorer scorer(backbone->unet, process, tIndex, *distance, req.draws);
        for (size_t i = 0; i < sets.size(); ++i) {
            if (!sets[i].images.defined()) continue;
            std::vector<double> scores;
            for (int64_t b = 0; b < sets[i].images.size(0); b += req.batchSize) {
                throwIfCancelled(progress);
                const int64_t n = std::min<int64_t>(req.batchSize, sets[i].images.size(0) - b);
                std::vector<uint64_t> seeds;
                for (int64_t k = 0; k < n; ++k) seeds.push_back(minority::imageSeed(req.seed, sets[i].name + "/" + std::to_string(b + k)));
                const auto d = scorer.score(sets[i].images.narrow(0, b, n).to(device), seeds, false).distances.mean(1);
                for (double v : values(d)) scores.push_back(v);
                progress.report(b + n, sets[i].images.size(0), "minority score of " + sets[i].name);
            }
            perSet[i]["minority"] = scores;
        }
    }

    // Per-sample CSV, summaries, plots.
    const bool withMinority = !perSet[0]["minority"].empty();
    std::error_code ec;
    fs::create_directories(req.outDir, ec);
    if (ec) throw Error(ErrorCode::Io, "cannot create " + req.outDir + ": " + ec.message());
    std::string csv = withMinority ? "set,index,avgknn,lof,rarity,minority\n" : "set,index,avgknn,lof,rarity\n";
    nlohmann::json summary = {{"features", res.featureDescription},
                              {"k", {{"avgknn", req.knnK}, {"lof", req.lofK}, {"rarity", req.rarityK}, {"precision_recall", req.prK}}},
                              {"sets", nlohmann::json::array()}};
    for (size_t i = 0; i < sets.size(); ++i) {
        auto& m = perSet[i];
        const size_t n = m["avgknn"].size();
        for (size_t k = 0; k < n; ++k) {
            char buf[160];
            std::snprintf(buf, sizeof buf, ",%zu,%.9g,%.9g,", k, m["avgknn"][k], m["lof"][k]);
            csv += csvField(sets[i].name) + buf;
            if (i > 0) csv += std::to_string(m["rarity"][k]);
            if (withMinority) csv += "," + (m["minority"].empty() ? std::string() : std::to_string(m["minority"][k]));
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
            ss.metrics[metric] = summarise(v, i == 0 || metric == "rarity" ? std::vector<double>{} : perSet[0][metric]);
            js[metric] = toJson(ss.metrics[metric]);
        }
        if (i > 0) {
            const metrics::PrecisionRecall pr = metrics::precisionRecall(feats[0], feats[i], req.prK, &progress);
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
        {"lof", "LOF (k=" + std::to_string(req.lofK) + ")"}, {"avgknn", "AvgkNN (k=" + std::to_string(req.knnK) + ")"}, {"minority", "minority score"}};
    for (const auto& [metric, label] : plots) {
        if (metric == "minority" && !withMinority) continue;
        std::vector<io::PlotSeries> series;
        for (size_t i = 0; i < sets.size(); ++i)
            if (!perSet[i][metric].empty()) series.push_back({sets[i].name, perSet[i][metric], io::seriesColor(i)});
        const std::string path = (fs::path(req.outDir) / (metric + "_density.png")).string();
        io::writePng(path, io::densityPlot(label + " - " + res.featureDescription, label, series));
        res.plots.push_back(path);
    }
    return res;
}

}  // namespace mlens
