// The `fit-hardness` and `hardness` jobs (api/hardness.h): Sehwag et al.'s class Gaussians of a noisy
// classifier's embeddings, and the hardness of images under them.
#include <spdlog/spdlog.h>
#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <map>

#include "engine/api/error.h"
#include "engine/api/hardness.h"
#include "engine/api/request_json.h"
#include "engine/core/atomic_file.h"
#include "engine/core/csv.h"
#include "engine/core/device.h"
#include "engine/core/file_hash.h"
#include "engine/io/image_loader.h"
#include "engine/io/torch_tensors.h"
#include "engine/metrics/class_gaussians.h"
#include "engine/metrics/sample_sets.h"
#include "engine/minority/hardness_model.h"
#include "engine/minority/minority_classifier.h"
#include "engine/minority/minority_score.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

void validate(const FitHardnessRequest& r, int diffusionSteps) {
    if (r.data.path.empty()) throw Error(ErrorCode::InvalidArgument, "a labelled dataset is required");
    if (r.data.labels == LabelSource::None)
        throw Error(ErrorCode::InvalidArgument,
                    "the hardness score needs labels: subfolders, a labels CSV or IDX labels");
    if (r.classifier.empty()) throw Error(ErrorCode::InvalidArgument, "a classifier is required");
    if (r.out.empty() || fs::path(r.out).extension() != ".safetensors")
        throw Error(ErrorCode::InvalidArgument, "the output must be a .safetensors file");
    if (r.shrinkage == Shrinkage::Fixed && !(r.shrinkageWeight >= 0 && r.shrinkageWeight <= 1))
        throw Error(ErrorCode::InvalidArgument, "the shrinkage weight must lie in [0, 1]");
    if (r.batchSize < 1) throw Error(ErrorCode::InvalidArgument, "the batch size must be at least 1");
    for (int t : r.t)
        if (t < 0 || t >= diffusionSteps)
            throw Error(ErrorCode::InvalidArgument, "t = " + std::to_string(t) +
                                                        " lies outside the classifier's [0, " +
                                                        std::to_string(diffusionSteps - 1) + "]");
    const std::string folder = fs::absolute(r.out).parent_path().string();
    requireOutputFolder(folder);
    requireOutsideDataset(folder, r.data.path);
}

HardnessModelInfo fit(FitHardnessRequest req, ProgressSink& progress) {
    const auto [schedule, steps] = minority::classifierSchedule(req.classifier);
    if (req.t.empty()) req.t = defaultHardnessSteps(steps);
    validate(req, steps);
    spdlog::info("fit-hardness: {}", toJson(req));
    const torch::Device device = selectDevice(req.device);
    const auto clf = minority::MinorityClassifier::load(req.classifier, req.classifierConfig, device);
    if (clf->classConditional())
        throw Error(ErrorCode::Unsupported,
                    "the classifier " + req.classifier +
                        " is class-conditional; its embedding needs an unconditional one");
    clf->head()->eval();
    const diffusion::GaussianDiffusion diff =
        diffusion::GaussianDiffusion::create(schedule, steps, "", diffusion::VarianceType::FixedLarge);

    const DatasetReader reader(scanDataset(req.data));
    const DatasetListing& listing = reader.listing();
    const int numClasses = static_cast<int>(listing.labelNames.size());
    if (numClasses == 0) throw Error(ErrorCode::InvalidArgument, req.data.path + " has no labelled images");
    const int size = clf->imageSize(), channels = clf->inChannels();

    torch::InferenceMode inference;
    std::vector<std::vector<torch::Tensor>> parts(req.t.size());
    std::vector<int64_t> labels;
    int64_t skipped = 0;
    std::vector<torch::Tensor> batch;
    std::vector<uint64_t> seeds;
    auto flush = [&] {
        if (batch.empty()) return;
        const torch::Tensor x0 = torch::stack(batch).to(device);
        const int64_t n = x0.size(0);
        for (size_t b = 0; b < req.t.size(); ++b) {
            const torch::Tensor x = minority::noisedAt(diff, x0, req.t[b], seeds);
            const torch::Tensor tOrig =
                torch::full({n}, req.t[b], torch::dtype(torch::kInt64).device(device));
            parts[b].push_back(clf->penultimate(x, tOrig).to(torch::kCPU, torch::kFloat64));
        }
        batch.clear();
        seeds.clear();
    };
    for (size_t i = 0; i < reader.size(); ++i) {
        throwIfCancelled(progress);
        const DatasetItem& item = listing.items[i];
        if (item.label < 0) continue;
        const ItemImage img = reader.read(i);
        if (!img.ok()) {
            ++skipped;
            continue;
        }
        batch.push_back(io::admPreprocess(img.display, size, channels, req.data.fit));
        seeds.push_back(minority::imageSeed(req.seed, item.relativePath));
        labels.push_back(item.label);
        if (static_cast<int>(batch.size()) == req.batchSize) flush();
        progress.report(static_cast<int64_t>(i + 1), static_cast<int64_t>(reader.size()),
                        "embedding the images");
    }
    flush();
    if (labels.empty())
        throw Error(ErrorCode::InvalidArgument, req.data.path + " holds no readable labelled images");
    if (skipped) spdlog::warn("fit-hardness: {} unreadable image(s) skipped", skipped);

    std::vector<torch::Tensor> means, precisions, logDets;
    std::vector<metrics::ClassGaussians> fits;
    for (size_t b = 0; b < req.t.size(); ++b) {
        progress.report(static_cast<int64_t>(b), static_cast<int64_t>(req.t.size()),
                        "fitting the class Gaussians");
        fits.push_back(metrics::fitClassGaussians(torch::cat(parts[b], 0), labels, numClasses, req.shrinkage,
                                                  req.shrinkageWeight, listing.labelNames));
        means.push_back(fits.back().means);
        precisions.push_back(fits.back().precisions);
        logDets.push_back(fits.back().logDets);
    }

    HardnessModelInfo info;
    info.path = req.out;
    info.classifier = fs::absolute(req.classifier).lexically_normal().string();
    info.classifierSha256 = sha256File(req.classifier);
    info.dataset = fs::absolute(req.data.path).lexically_normal().string();
    info.schedule = name(schedule);
    info.diffusionSteps = steps;
    info.t = req.t;
    info.dim = fits[0].dim();
    info.shrinkageRule = req.shrinkage == Shrinkage::Fixed ? "fixed " + std::to_string(req.shrinkageWeight)
                                                           : std::string(name(req.shrinkage));
    nlohmann::json classes = nlohmann::json::array();
    for (int c = 0; c < numClasses; ++c) {
        HardnessClassInfo ci{
            listing.labelNames[c], fits[0].counts[c], static_cast<bool>(fits[0].pooled[c]), {}};
        for (const auto& f : fits)
            ci.shrinkage.push_back(f.shrinkage[c]);
        classes.push_back(
            {{"name", ci.name}, {"count", ci.count}, {"pooled", ci.pooled}, {"shrinkage", ci.shrinkage}});
        info.classes.push_back(ci);
    }
    const nlohmann::json meta = {
        {"format", 1},
        {"classifier", info.classifier},
        {"classifier_config",
         req.classifierConfig.empty() ? std::string() : fs::absolute(req.classifierConfig).string()},
        {"classifier_sha256", info.classifierSha256},
        {"dataset", info.dataset},
        {"schedule", info.schedule},
        {"diffusion_steps", steps},
        {"t", info.t},
        {"dim", info.dim},
        {"shrinkage_rule", info.shrinkageRule},
        {"skipped", skipped},
        {"classes", classes},
        {"request", nlohmann::json::parse(toJson(req))}};
    io::saveSafetensors(
        req.out,
        {{"t", torch::tensor(std::vector<int64_t>(req.t.begin(), req.t.end()), torch::kInt64)},
         {"means", torch::stack(means)},
         {"precisions", torch::stack(precisions)},
         {"log_dets", torch::stack(logDets)}},
        {{minority::kHardnessMetadataKey, meta.dump()}});
    spdlog::info("fit-hardness: {} classes, {} images, {} dimensions, t = {} -> {}", numClasses,
                 labels.size(), info.dim, nlohmann::json(info.t).dump(), req.out);
    return info;
}

HardnessResult score(const HardnessRequest& req, ProgressSink& progress) {
    if (req.model.empty() || req.data.empty())
        throw Error(ErrorCode::InvalidArgument, "a hardness model and images are required");
    if (req.batchSize < 1) throw Error(ErrorCode::InvalidArgument, "the batch size must be at least 1");
    if (!req.outCsv.empty()) {
        const std::string folder = fs::absolute(req.outCsv).parent_path().string();
        requireOutputFolder(folder);
        std::error_code ec;
        if (fs::is_directory(req.data, ec)) requireOutsideDataset(folder, req.data);
    }
    spdlog::info("hardness: {}", toJson(req));
    const torch::Device device = selectDevice(req.device);
    minority::HardnessModel model(req.model, device);
    HardnessResult res;
    res.model = model.info();
    const int bin = model.binFor(req.t);
    res.t = res.model.t[bin];
    const metrics::SampleSet set =
        metrics::loadSampleSet(req.data, model.imageSize(), model.channels(), req.images);
    if (!set.hasImages())
        throw Error(ErrorCode::InvalidArgument,
                    req.data + " holds features, not images: hardness embeds images");
    std::map<std::string, int64_t> classIndex;
    for (size_t c = 0; c < res.model.classes.size(); ++c)
        classIndex[res.model.classes[c].name] = static_cast<int64_t>(c);
    const int64_t n = set.size();
    std::vector<int64_t> labels(static_cast<size_t>(n), -1);
    int64_t unknown = 0;
    for (int64_t i = 0; i < n; ++i) {
        res.names.push_back(static_cast<size_t>(i) < set.itemNames.size() ? set.itemNames[i]
                                                                          : "#" + std::to_string(i));
        std::string label;
        if (static_cast<size_t>(i) < set.labels.size() && set.labels[i] >= 0)
            label = set.labelNames[set.labels[i]];
        if (!label.empty()) {
            const auto it = classIndex.find(label);
            if (it != classIndex.end())
                labels[i] = it->second;
            else
                ++unknown;
        }
        res.labels.push_back(label);
    }
    if (unknown)
        spdlog::warn(
            "hardness: {} image(s) carry labels the model has no class for: scored under their best class",
            unknown);
    torch::InferenceMode inference;
    std::vector<torch::Tensor> all;
    for (int64_t b = 0; b < n; b += req.batchSize) {
        throwIfCancelled(progress);
        const int64_t m = std::min<int64_t>(req.batchSize, n - b);
        std::vector<uint64_t> seeds;
        for (int64_t k = 0; k < m; ++k)
            seeds.push_back(minority::imageSeed(req.seed, res.names[b + k]));
        const torch::Tensor f = model.embed(set.batch(b, m), bin, seeds).to(torch::kFloat64);
        all.push_back(metrics::classHardness(model.gaussians(bin), f).cpu());
        progress.report(b + m, n, "hardness");
    }
    std::vector<int64_t> used;
    res.hardness = metrics::hardnessOf(torch::cat(all, 0), labels, &used);
    for (int64_t c : used)
        res.classes.push_back(res.model.classes[c].name);
    if (!req.outCsv.empty()) {
        std::string csv = "path,label,class,hardness\n";
        for (int64_t i = 0; i < n; ++i) {
            char buf[64];
            std::snprintf(buf, sizeof buf, ",%.9g\n", res.hardness[i]);
            csv +=
                csvField(res.names[i]) + "," + csvField(res.labels[i]) + "," + csvField(res.classes[i]) + buf;
        }
        writeFileAtomically(req.outCsv, csv);
        res.csvPath = req.outCsv;
    }
    return res;
}

}  // namespace

std::vector<int> defaultHardnessSteps(int diffusionSteps) {
    std::vector<int> out;
    for (int t : {0, 250, 500, 750}) {
        const int s = static_cast<int>(static_cast<int64_t>(t) * diffusionSteps / 1000);
        if (out.empty() || out.back() != s) out.push_back(s);
    }
    return out;
}

HardnessModelInfo runFitHardness(const FitHardnessRequest& request, ProgressSink& progress) {
    return withContext("fitting the hardness model", [&] { return fit(request, progress); });
}

HardnessResult runHardness(const HardnessRequest& request, ProgressSink& progress) {
    return withContext("scoring hardness", [&] { return score(request, progress); });
}

}  // namespace mlens
