// The `train-classifier` job: the minority classifier recipe of Um & Ye on top of guided-diffusion's
// classifier_train.py (AdamW 3e-4, weight decay 0.05, linear anneal, t ~ U{0..T-1}, flips,
// stratified hold-out, validation loss / top-1 / top-k overall and per t-quartile).
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "engine/api/dataset.h"
#include "engine/api/error.h"
#include "engine/api/training.h"
#include "engine/core/csv.h"
#include "engine/core/device.h"
#include "engine/diffusion/gaussian_diffusion.h"
#include "engine/io/torch_tensors.h"
#include "engine/minority/minority_classifier.h"
#include "engine/training/adamw.h"
#include "engine/training/classifier_defaults.h"
#include "engine/training/image_cache.h"
#include "engine/training/metrics_log.h"
#include "engine/training/training_state.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

struct TrainingSet {
    std::vector<std::string> paths;
    std::vector<int64_t> classes, labels;
    int numClasses = 0;
    std::vector<std::string> labelNames;
};

TrainingSet readClasses(const fs::path& ws, bool classConditional) {
    std::vector<std::string> header;
    const auto rows = readCsvFile((ws / "classes.csv").string(), &header);
    const auto col = [&](const char* name) { return static_cast<size_t>(std::find(header.begin(), header.end(), name) - header.begin()); };
    const size_t pathCol = col("path"), classCol = col("class"), labelCol = col("label");
    if (pathCol >= header.size() || classCol >= header.size())
        throw Error(ErrorCode::Format, (ws / "classes.csv").string() + " is not a MinorityLens classes file (run classes first)");
    if (classConditional && labelCol >= header.size())
        throw Error(ErrorCode::InvalidArgument, "a class-conditional classifier needs classes computed with --per-label");
    TrainingSet s;
    std::map<std::string, int64_t> labelIds;
    for (const auto& r : rows) {
        s.paths.push_back(r.at(pathCol));
        s.classes.push_back(std::stoll(r.at(classCol)));
        s.numClasses = std::max<int>(s.numClasses, static_cast<int>(s.classes.back()) + 1);
        if (classConditional) {
            auto [it, inserted] = labelIds.emplace(r.at(labelCol), 0);
            (void)inserted;
            s.labels.push_back(0);  // filled below once every name is known
        }
    }
    if (classConditional) {
        int64_t next = 0;
        for (auto& [name, id] : labelIds) {
            id = next++;
            s.labelNames.push_back(name);
        }
        for (size_t i = 0; i < rows.size(); ++i) s.labels[i] = labelIds.at(rows[i].at(labelCol));
    }
    if (s.paths.empty()) throw Error(ErrorCode::InvalidArgument, "classes.csv lists no images");
    if (s.numClasses < 2) throw Error(ErrorCode::InvalidArgument, "at least two minority classes are needed to train a classifier");
    return s;
}

// Stratified split: in every class, round(fraction * n) items (at least one when n >= 2) go to validation.
void stratifiedSplit(const std::vector<int64_t>& classes, int numClasses, double fraction, uint64_t seed, std::vector<int64_t>* train,
                     std::vector<int64_t>* val) {
    std::vector<std::vector<int64_t>> byClass(static_cast<size_t>(numClasses));
    for (size_t i = 0; i < classes.size(); ++i) byClass[static_cast<size_t>(classes[i])].push_back(static_cast<int64_t>(i));
    std::mt19937_64 rng(seed ^ 0x5eed5eedULL);
    for (auto& items : byClass) {
        std::shuffle(items.begin(), items.end(), rng);
        size_t nVal = static_cast<size_t>(std::llround(fraction * static_cast<double>(items.size())));
        if (fraction > 0 && nVal == 0 && items.size() >= 2) nVal = 1;
        val->insert(val->end(), items.begin(), items.begin() + static_cast<std::ptrdiff_t>(nVal));
        train->insert(train->end(), items.begin() + static_cast<std::ptrdiff_t>(nVal), items.end());
    }
    std::sort(train->begin(), train->end());
    std::sort(val->begin(), val->end());
}

uint64_t mix(uint64_t a, uint64_t b) {
    uint64_t z = a * 0x9e3779b97f4a7c15ULL + b + 0x632be59bd9b4e019ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return (z ^ (z >> 31)) & 0x7fffffffffffffffULL;
}

struct Batch {
    torch::Tensor x0, t, noise, target, label;
};

}  // namespace

ClassifierTrainResult runTrainClassifier(const ClassifierTrainRequest& req, ProgressSink& progress) {
    const auto start = std::chrono::steady_clock::now();
    if (req.workspace.empty()) throw Error(ErrorCode::InvalidArgument, "a workspace (--workspace) is required");
    if (req.iterations < 1 || req.batchSize < 1 || req.evalEvery < 1 || req.saveEvery < 1)
        throw Error(ErrorCode::InvalidArgument, "iterations, batch size, eval and save intervals must be positive");
    if (req.valFraction < 0 || req.valFraction >= 1) throw Error(ErrorCode::InvalidArgument, "--val-fraction must be in [0, 1)");
    const fs::path ws(req.workspace);
    nlohmann::json scores;
    {
        std::ifstream in(ws / "scores.json");
        if (!in) throw Error(ErrorCode::NotFound, "no scores.json in " + req.workspace + " (run score and classes first)");
        scores = nlohmann::json::parse(in);
    }
    const std::string data = req.data.empty() ? scores.value("data", "") : req.data;
    const std::string schedule = req.schedule.empty() ? scores.value("schedule", "linear") : req.schedule;
    const int steps = req.diffusionSteps > 0 ? req.diffusionSteps : scores.value("diffusion_steps", 1000);
    const int size = req.imageSize > 0 ? req.imageSize : scores.value("image_size", 0);
    const int channels = req.channels > 0 ? req.channels : scores.value("channels", 0);
    if (size <= 0 || channels <= 0) throw Error(ErrorCode::InvalidArgument, "image size and channels are unknown: pass --image-size and --channels");
    const TrainingSet set = readClasses(ws, req.classConditional);
    const fs::path out = req.outDir.empty() ? ws / "classifier" : fs::path(req.outDir);
    requireOutsideDataset(out.string(), data);
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec) throw Error(ErrorCode::Io, "cannot create " + out.string() + ": " + ec.message());

    const torch::Device device = selectDevice(req.device);
    minority::MinorityClassifierSpec spec;
    spec.featureCheckpoint = req.featureClassifier;
    spec.featureConfig = req.featureClassifierConfig;
    if (!req.classifierConfig.empty()) {
        spec.head = models::loadConfigFile(req.classifierConfig, models::AdmKind::EncoderUNet);
        spec.head.outChannels = set.numClasses;
    } else if (!spec.featureCheckpoint.empty()) {
        // the head classifies the extractor's middle-block features: their size and channels
        const auto [side, featureChannels] = minority::MinorityClassifier::featureShape(spec.featureCheckpoint, spec.featureConfig);
        spec.head = training::defaultClassifierConfig(side, featureChannels, set.numClasses);
    } else {
        spec.head = training::defaultClassifierConfig(size, channels, set.numClasses);
    }
    if (req.classConditional) spec.head.numClasses = static_cast<int>(set.labelNames.size());
    spec.head.validate();
    std::shared_ptr<minority::MinorityClassifier> clf = minority::MinorityClassifier::create(spec, device, mix(req.seed, 0x1417));
    if (clf->inChannels() != channels || (!spec.featureCheckpoint.empty() && clf->imageSize() != size))
        throw Error(ErrorCode::ShapeMismatch, "the classifier takes " + std::to_string(clf->inChannels()) + "x" + std::to_string(clf->imageSize()) +
                                                  " images, the backbone's are " + std::to_string(channels) + "x" + std::to_string(size));

    nlohmann::json params = {{"workspace", fs::absolute(ws).string()}, {"data", data}, {"schedule", schedule}, {"diffusion_steps", steps},
                             {"image_size", size}, {"channels", channels}, {"classifier", models::configToJson(spec.head)},
                             {"feature_classifier", spec.featureCheckpoint}, {"class_conditional", req.classConditional},
                             {"iterations", req.iterations}, {"batch_size", req.batchSize}, {"lr", req.lr}, {"weight_decay", req.weightDecay},
                             {"anneal", req.anneal}, {"flip", req.flip}, {"val_fraction", req.valFraction}, {"seed", req.seed},
                             {"device", device.str()}};
    spdlog::info("train-classifier: {}", params.dump());

    std::vector<int64_t> trainIdx, valIdx;
    stratifiedSplit(set.classes, set.numClasses, req.valFraction, req.seed, &trainIdx, &valIdx);
    if (trainIdx.empty()) throw Error(ErrorCode::InvalidArgument, "no images left for training after the validation split");
    training::ImageCache images(data, set.paths, size, channels, int64_t{2} << 30, progress);
    for (const auto& [i, why] : images.problems()) spdlog::warn("train-classifier: leaving out {}: {}", set.paths[i], why);
    auto readableOnly = [&](std::vector<int64_t>& v) {
        v.erase(std::remove_if(v.begin(), v.end(), [&](int64_t i) { return !images.readable(static_cast<size_t>(i)); }), v.end());
    };
    readableOnly(trainIdx);
    readableOnly(valIdx);
    if (trainIdx.empty()) throw Error(ErrorCode::InvalidArgument, "none of the images in classes.csv can be read");
    const auto diffusion = diffusion::GaussianDiffusion::create(diffusion::parseSchedule(schedule), steps, "", diffusion::VarianceType::FixedLarge);

    std::vector<std::pair<std::string, torch::Tensor>> named;
    for (const auto& p : clf->head()->named_parameters(true)) named.emplace_back(p.key(), p.value());
    training::AdamW optimizer(named, req.weightDecay);
    training::MetricsLog log((out / "metrics.jsonl").string());
    int64_t step = 0;
    const fs::path statePath = out / "training_state.safetensors";
    if (req.resume) {
        step = training::loadTrainingState(statePath.string(), *clf, optimizer, params);
        log.truncateAfter(step);
        spdlog::info("train-classifier: resuming at step {}", step);
    } else {
        log.truncateAfter(-1);
    }

    const int topK = std::min(5, set.numClasses);
    auto makeBatch = [&](const std::vector<int64_t>& idx, torch::Generator& gen, bool flip) {
        Batch b;
        b.x0 = images.batch(idx);
        const int64_t n = b.x0.size(0);
        if (flip) {
            const torch::Tensor mask = torch::rand({n}, gen) < 0.5;
            b.x0 = torch::where(mask.view({-1, 1, 1, 1}), b.x0.flip({3}), b.x0);
        }
        b.t = torch::randint(0, steps, {n}, gen, torch::kInt64);
        b.noise = torch::randn(b.x0.sizes(), gen, torch::kFloat32);
        std::vector<int64_t> target, label;
        for (int64_t i : idx) {
            target.push_back(set.classes[static_cast<size_t>(i)]);
            if (req.classConditional) label.push_back(set.labels[static_cast<size_t>(i)]);
        }
        b.target = torch::tensor(target, torch::kInt64).to(device);
        if (req.classConditional) b.label = torch::tensor(label, torch::kInt64).to(device);
        b.x0 = b.x0.to(device);
        b.t = b.t.to(device);
        b.noise = b.noise.to(device);
        return b;
    };
    auto forward = [&](const Batch& b) {
        const torch::Tensor xt = diffusion.qSample(b.x0, b.t, b.noise);
        std::optional<torch::Tensor> y;
        if (b.label.defined()) y = b.label;
        return clf->logits(xt, b.t, y);
    };
    auto evaluate = [&](TrainMetrics& m) {
        if (valIdx.empty()) return;
        torch::NoGradGuard noGrad;
        clf->head()->eval();
        torch::Generator gen = at::detail::createCPUGenerator(mix(req.seed, 0xE7A1));  // the same draws at every evaluation
        std::array<double, 4> qLoss{}, qTop1{}, qCount{};
        double loss = 0, top1 = 0, topk = 0;
        for (size_t first = 0; first < valIdx.size(); first += static_cast<size_t>(req.batchSize)) {
            const std::vector<int64_t> idx(valIdx.begin() + static_cast<std::ptrdiff_t>(first),
                                           valIdx.begin() + static_cast<std::ptrdiff_t>(std::min(valIdx.size(), first + static_cast<size_t>(req.batchSize))));
            const Batch b = makeBatch(idx, gen, false);
            const torch::Tensor logits = forward(b);
            const torch::Tensor l = torch::nn::functional::cross_entropy(
                logits, b.target, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone));
            const torch::Tensor best = std::get<1>(logits.topk(topK, 1));
            const torch::Tensor hit1 = best.select(1, 0).eq(b.target).to(torch::kFloat64);
            const torch::Tensor hitk = best.eq(b.target.view({-1, 1})).any(1).to(torch::kFloat64);
            const torch::Tensor quart = (b.t * 4 / steps).clamp(0, 3).cpu();
            const torch::Tensor lc = l.to(torch::kFloat64).cpu(), h1 = hit1.cpu();
            for (int64_t i = 0; i < l.size(0); ++i) {
                const auto q = static_cast<size_t>(quart[i].item<int64_t>());
                qLoss[q] += lc[i].item<double>();
                qTop1[q] += h1[i].item<double>();
                qCount[q] += 1;
            }
            loss += lc.sum().item<double>();
            top1 += h1.sum().item<double>();
            topk += hitk.sum().item<double>();
        }
        const double n = static_cast<double>(valIdx.size());
        m.hasValidation = true;
        m.valLoss = loss / n;
        m.valTop1 = top1 / n;
        m.valTopK = topk / n;
        for (size_t q = 0; q < 4; ++q) {
            m.valLossByQuartile[q] = qCount[q] > 0 ? qLoss[q] / qCount[q] : 0;
            m.valTop1ByQuartile[q] = qCount[q] > 0 ? qTop1[q] / qCount[q] : 0;
        }
        clf->head()->train();
    };

    ClassifierTrainResult result;
    result.numClasses = set.numClasses;
    result.trainImages = static_cast<int64_t>(trainIdx.size());
    result.valImages = static_cast<int64_t>(valIdx.size());
    result.checkpoint = (out / "classifier.safetensors").string();
    result.torchCheckpoint = (out / "classifier.pt").string();
    result.configJson = (out / "classifier.json").string();
    result.metricsLog = log.path();
    auto save = [&](int64_t atStep) {
        clf->save(result.checkpoint, {{"step", std::to_string(atStep)}, {"params", params.dump()}});
        training::saveTrainingState(statePath.string(), *clf, optimizer, atStep, params);
    };

    double lossSum = 0, top1Sum = 0;
    int64_t since = 0;
    clf->head()->train();
    try {
        while (step < req.iterations) {
            throwIfCancelled(progress);
            // Every step draws from its own generator, so a resumed run sees exactly the batches an
            // uninterrupted one would have.
            torch::Generator gen = at::detail::createCPUGenerator(mix(req.seed, static_cast<uint64_t>(step)));
            torch::manual_seed(mix(req.seed ^ 0xD20F, static_cast<uint64_t>(step)));  // dropout draws from the global generator
            const torch::Tensor pick = torch::randint(0, static_cast<int64_t>(trainIdx.size()), {req.batchSize}, gen, torch::kInt64);
            std::vector<int64_t> idx;
            for (int64_t k = 0; k < req.batchSize; ++k) idx.push_back(trainIdx[static_cast<size_t>(pick[k].item<int64_t>())]);
            const Batch b = makeBatch(idx, gen, req.flip);
            const torch::Tensor logits = forward(b);
            const torch::Tensor loss = torch::nn::functional::cross_entropy(logits, b.target);
            optimizer.zeroGrad();
            loss.backward();
            const double lr = req.anneal ? req.lr * (1.0 - static_cast<double>(step) / req.iterations) : req.lr;
            optimizer.step(lr);
            ++step;
            lossSum += loss.item<double>();
            top1Sum += logits.argmax(1).eq(b.target).to(torch::kFloat64).mean().item<double>();
            ++since;
            progress.report(step, req.iterations, "training classifier");
            if (step % req.evalEvery == 0 || step == req.iterations) {
                TrainMetrics m;
                m.step = step;
                m.lr = lr;
                m.topK = topK;
                m.trainLoss = lossSum / static_cast<double>(since);
                m.trainTop1 = top1Sum / static_cast<double>(since);
                lossSum = top1Sum = 0;
                since = 0;
                evaluate(m);
                m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                log.append(m);
                result.last = m;
                if (req.onMetrics) req.onMetrics(m);
            }
            if (step % req.saveEvery == 0 || step == req.iterations) save(step);
        }
    } catch (const Cancelled&) {
        save(step);  // training resumes from here
        throw;
    }
    result.steps = step;
    return result;
}

}  // namespace mlens
