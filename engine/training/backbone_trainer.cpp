// The `train-backbone` job: a guided-diffusion UNet trained with epsilon prediction, learned-range
// variance and the hybrid loss (Nichol & Dhariwal), EMA weights for sampling; class-conditional with
// OC_LT target transfer, class-balanced batches and classifier-free label drop (Zhang et al.).
#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <chrono>
#include <filesystem>

#include "engine/api/backbone.h"
#include "engine/api/error.h"
#include "engine/core/atomic_file.h"
#include "engine/core/device.h"
#include "engine/diffusion/losses.h"
#include "engine/io/checkpoint.h"
#include "engine/io/image_loader.h"
#include "engine/io/torch_tensors.h"
#include "engine/models/adm_models.h"
#include "engine/training/adamw.h"
#include "engine/training/backbone_defaults.h"
#include "engine/training/image_cache.h"
#include "engine/training/metrics_log.h"
#include "engine/training/oc_lt.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

uint64_t mix(uint64_t a, uint64_t b) {
    uint64_t z = a * 0x9e3779b97f4a7c15ULL + b + 0x7f4a7c159e3779b9ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return (z ^ (z >> 31)) & 0x7fffffffffffffffULL;
}

int detectChannels(const DatasetListing& listing) {
    for (const auto& item : listing.items) {
        const io::DecodedImage d = io::decodeImageFile((fs::path(listing.root) / item.relativePath).string());
        if (d.ok()) return d.image.channels() == 1 ? 1 : 3;
    }
    throw Error(ErrorCode::Format, "none of the images in " + listing.root + " can be read");
}

io::StateDict namedTensors(const std::string& prefix, const std::vector<std::pair<std::string, torch::Tensor>>& v) {
    io::StateDict out;
    for (const auto& [k, t] : v) out.emplace_back(prefix + k, t.detach());
    return out;
}

}  // namespace

BackboneTrainResult runTrainBackbone(const BackboneTrainRequest& req, ProgressSink& progress) {
    const auto start = std::chrono::steady_clock::now();
    if (req.data.empty() || req.outDir.empty()) throw Error(ErrorCode::InvalidArgument, "--data and --out are required");
    if (req.iterations < 1 || req.batchSize < 1 || req.logEvery < 1 || req.saveEvery < 1)
        throw Error(ErrorCode::InvalidArgument, "iterations, batch size, log and save intervals must be positive");
    if (req.emaRate < 0 || req.emaRate >= 1) throw Error(ErrorCode::InvalidArgument, "--ema must be in [0, 1)");
    if (req.labelDrop < 0 || req.labelDrop >= 1) throw Error(ErrorCode::InvalidArgument, "--label-drop must be in [0, 1)");
    requireOutsideDataset(req.outDir, req.data);
    const training::Transfer transfer = training::parseTransfer(req.transfer);
    const DatasetListing listing = scanDataset(req.data, req.labels);
    if (listing.items.empty()) throw Error(ErrorCode::InvalidArgument, "no images found in " + req.data);
    const bool conditional = !listing.labelNames.empty();
    if ((transfer != training::Transfer::None || req.balancedBatches) && !conditional)
        throw Error(ErrorCode::InvalidArgument, "--transfer and --balanced need labels (--labels subfolders or --labels-csv)");
    const int channels = req.channels > 0 ? req.channels : detectChannels(listing);
    const int numLabels = static_cast<int>(listing.labelNames.size());
    const int nullClass = conditional && req.labelDrop > 0 ? numLabels : -1;
    const int modelClasses = conditional ? numLabels + (nullClass >= 0 ? 1 : 0) : 0;

    models::AdmConfig config = req.modelConfig.empty() ? training::defaultBackboneConfig(req.imageSize, channels, req.learnSigma, modelClasses)
                                                       : models::loadConfigFile(req.modelConfig, models::AdmKind::UNet);
    if (config.inChannels != channels) throw Error(ErrorCode::ShapeMismatch, "the model config takes " + std::to_string(config.inChannels) +
                                                                                 " channels, the images have " + std::to_string(channels));
    if (!req.modelConfig.empty() && conditional && config.numClasses.value_or(0) != modelClasses)
        throw Error(ErrorCode::InvalidArgument, "the model config must have num_classes = " + std::to_string(modelClasses));
    config.validate();
    const int size = config.imageSize;
    const torch::Device device = selectDevice(req.device);
    std::error_code ec;
    const fs::path out(req.outDir);
    fs::create_directories(out, ec);
    if (ec) throw Error(ErrorCode::Io, "cannot create " + req.outDir + ": " + ec.message());

    nlohmann::json params = {{"data", listing.root}, {"labels", listing.labelNames}, {"config", models::configToJson(config)},
                             {"schedule", req.schedule}, {"diffusion_steps", req.diffusionSteps}, {"learn_sigma", config.learnSigma()},
                             {"batch_size", req.batchSize}, {"lr", req.lr}, {"warmup", req.warmup}, {"grad_clip", req.gradClip},
                             {"ema", req.emaRate}, {"transfer", training::transferName(transfer)}, {"balanced", req.balancedBatches},
                             {"label_drop", conditional ? req.labelDrop : 0.0}, {"seed", req.seed}, {"iterations", req.iterations},
                             {"device", device.str()}};
    spdlog::info("train-backbone: {}", params.dump());

    std::vector<std::string> paths;
    std::vector<int64_t> labelOf;
    for (const auto& item : listing.items) {
        paths.push_back(item.relativePath);
        labelOf.push_back(item.label);
    }
    training::ImageCache images(listing.root, paths, size, channels, int64_t{3} << 30, progress);
    for (const auto& [i, why] : images.problems()) spdlog::warn("train-backbone: leaving out {}: {}", paths[i], why);
    std::vector<int64_t> usable;
    std::vector<std::vector<int64_t>> byClass(static_cast<size_t>(std::max(1, numLabels)));
    for (size_t i = 0; i < paths.size(); ++i) {
        if (!images.readable(i)) continue;
        if (conditional && labelOf[i] < 0) {
            spdlog::warn("train-backbone: leaving out {}: no label", paths[i]);
            continue;
        }
        usable.push_back(static_cast<int64_t>(i));
        if (conditional) byClass[static_cast<size_t>(labelOf[i])].push_back(static_cast<int64_t>(i));
    }
    if (usable.empty()) throw Error(ErrorCode::InvalidArgument, "no usable images in " + req.data);
    torch::Tensor classFreq;
    if (conditional) {
        std::vector<double> f;
        for (const auto& c : byClass) f.push_back(static_cast<double>(c.size()) / static_cast<double>(usable.size()));
        classFreq = torch::tensor(f, torch::kFloat64);
    }

    torch::manual_seed(mix(req.seed, 0x1417));
    models::UNetModel model(config);
    models::zeroInitLikeReference(*model);
    model->to(device);
    model->train();
    std::vector<std::pair<std::string, torch::Tensor>> named;
    for (const auto& p : model->named_parameters(true)) named.emplace_back(p.key(), p.value());
    std::vector<torch::Tensor> params_;
    std::vector<std::pair<std::string, torch::Tensor>> ema;
    for (const auto& [k, v] : named) {
        params_.push_back(v);
        ema.emplace_back(k, v.detach().clone());
    }
    training::AdamW optimizer(named, 0.0);
    const auto diffusion = diffusion::GaussianDiffusion::create(diffusion::parseSchedule(req.schedule), req.diffusionSteps, "",
                                                                config.learnSigma() ? diffusion::VarianceType::LearnedRange
                                                                                    : diffusion::VarianceType::FixedLarge);
    training::MetricsLog log((out / "metrics.jsonl").string());
    const fs::path statePath = out / "training_state.safetensors";
    nlohmann::json comparable = params;
    comparable.erase("iterations");
    comparable.erase("device");
    int64_t step = 0;
    if (req.resume) {
        if (!fs::exists(statePath)) throw Error(ErrorCode::NotFound, "nothing to resume: " + statePath.string() + " does not exist");
        const io::Checkpoint ckpt = io::Checkpoint::open(statePath.string());
        const auto saved = nlohmann::json::parse(ckpt.metadata().at("params"));
        nlohmann::json savedComparable = saved;
        savedComparable.erase("iterations");
        savedComparable.erase("device");
        if (savedComparable != comparable)
            throw Error(ErrorCode::InvalidArgument, "cannot resume: the saved run used other settings (see " + statePath.string() + ")");
        const io::StateDict all = io::loadAllTensors(ckpt);
        torch::NoGradGuard g;
        io::StateDict optim;
        for (const auto& [k, v] : all)
            if (k.rfind("optim/", 0) == 0) optim.emplace_back(k.substr(6), v);
        for (auto& [k, v] : named) v.copy_(io::requireTensor(all, "model/" + k));
        for (auto& [k, v] : ema) v.copy_(io::requireTensor(all, "ema/" + k));
        optimizer.loadState(optim);
        step = std::stoll(ckpt.metadata().at("step"));
        log.truncateAfter(step);
    } else {
        log.truncateAfter(-1);
    }

    BackboneTrainResult res;
    res.images = static_cast<int64_t>(usable.size());
    res.numClasses = modelClasses;
    res.checkpoint = (out / "model.safetensors").string();
    res.torchCheckpoint = (out / "model.pt").string();
    res.configJson = (out / "model.json").string();
    res.metricsLog = log.path();
    nlohmann::json modelMeta = {{"config", models::configToJson(config)}, {"schedule", req.schedule}, {"diffusion_steps", req.diffusionSteps},
                                {"class_names", listing.labelNames}, {"null_class", nullClass}};
    auto save = [&](int64_t atStep) {
        modelMeta["step"] = atStep;
        const io::StateDict emaDict = namedTensors("", ema);
        io::saveSafetensors(res.checkpoint, emaDict, {{"minoritylens_model", modelMeta.dump()}});
        io::saveTorchCheckpoint(res.torchCheckpoint, emaDict);
        writeFileAtomically(res.configJson, models::configToJson(config).dump(1));
        io::StateDict state = namedTensors("model/", named);
        for (auto& e : namedTensors("ema/", ema)) state.push_back(e);
        for (auto& [k, v] : optimizer.state()) state.emplace_back("optim/" + k, v);
        io::saveSafetensors(statePath.string(), state, {{"step", std::to_string(atStep)}, {"params", params.dump()}});
    };

    BackboneMetrics acc;
    int64_t since = 0;
    try {
        while (step < req.iterations) {
            throwIfCancelled(progress);
            torch::Generator gen = at::detail::createCPUGenerator(mix(req.seed, static_cast<uint64_t>(step)));
            torch::manual_seed(mix(req.seed ^ 0xD20F, static_cast<uint64_t>(step)));  // dropout draws from the global generator
            std::vector<int64_t> idx;
            if (req.balancedBatches) {  // a class uniformly, then an image of it uniformly
                const torch::Tensor cls = torch::randint(0, numLabels, {req.batchSize}, gen, torch::kInt64);
                const torch::Tensor u = torch::rand({req.batchSize}, gen, torch::kFloat64);
                for (int64_t k = 0; k < req.batchSize; ++k) {
                    auto& members = byClass[static_cast<size_t>(cls[k].item<int64_t>())];
                    if (members.empty()) members = byClass[0];
                    idx.push_back(members[static_cast<size_t>(u[k].item<double>() * static_cast<double>(members.size())) % members.size()]);
                }
            } else {
                const torch::Tensor pick = torch::randint(0, static_cast<int64_t>(usable.size()), {req.batchSize}, gen, torch::kInt64);
                for (int64_t k = 0; k < req.batchSize; ++k) idx.push_back(usable[static_cast<size_t>(pick[k].item<int64_t>())]);
            }
            torch::Tensor x0 = images.batch(idx);
            const torch::Tensor flip = torch::rand({req.batchSize}, gen) < 0.5;
            x0 = torch::where(flip.view({-1, 1, 1, 1}), x0.flip({3}), x0).to(device);
            const torch::Tensor t = torch::randint(0, req.diffusionSteps, {req.batchSize}, gen, torch::kInt64).to(device);
            const torch::Tensor noise = torch::randn(x0.sizes(), gen, torch::kFloat32).to(device);
            const torch::Tensor xt = diffusion.qSample(x0, t, noise);
            std::optional<torch::Tensor> y;
            torch::Tensor target = noise;
            double transferred = 0;
            if (conditional) {
                std::vector<int64_t> lab;
                for (int64_t i : idx) lab.push_back(labelOf[static_cast<size_t>(i)]);
                const torch::Tensor labels = torch::tensor(lab, torch::kInt64);
                if (transfer != training::Transfer::None) {
                    const auto tt = training::transferTargets(x0, xt, diffusion.sqrtAlphasCumprod(t, x0).view({-1}), labels, classFreq, transfer, gen);
                    target = tt.epsTarget;
                    transferred = tt.partner.ne(torch::arange(req.batchSize, torch::kInt64)).to(torch::kFloat64).mean().item<double>();
                }
                const bool drop = nullClass >= 0 && torch::rand({1}, gen).item<double>() < req.labelDrop;  // one coin per batch
                y = (drop ? torch::full({req.batchSize}, nullClass, torch::kInt64) : labels).to(device);
            }
            const diffusion::HybridLoss l = diffusion::hybridLoss(diffusion, model->forward(xt, t, y), x0, xt, t, target);
            const torch::Tensor loss = l.loss.mean();
            optimizer.zeroGrad();
            loss.backward();
            const double gradNorm = training::clipGradNorm(params_, req.gradClip);
            const double lr = req.lr * std::min(1.0, static_cast<double>(step + 1) / std::max(1, req.warmup));
            optimizer.step(lr);
            {
                torch::NoGradGuard g;
                const double rate = std::min(req.emaRate, (1.0 + static_cast<double>(step)) / (10.0 + static_cast<double>(step)));
                for (size_t k = 0; k < ema.size(); ++k) ema[k].second.mul_(rate).add_(named[k].second.detach(), 1 - rate);
            }
            ++step;
            acc.loss += loss.item<double>();
            acc.mse += l.mse.mean().item<double>();
            acc.vb += l.vb.mean().item<double>();
            acc.gradNorm += gradNorm;
            acc.transferred += transferred;
            ++since;
            progress.report(step, req.iterations, "training backbone");
            if (step % req.logEvery == 0 || step == req.iterations) {
                BackboneMetrics m;
                m.step = step;
                m.lr = lr;
                m.loss = acc.loss / since;
                m.mse = acc.mse / since;
                m.vb = acc.vb / since;
                m.gradNorm = acc.gradNorm / since;
                m.transferred = acc.transferred / since;
                m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                acc = BackboneMetrics{};
                since = 0;
                log.append(nlohmann::json{{"step", m.step}, {"lr", m.lr}, {"loss", m.loss}, {"mse", m.mse}, {"vb", m.vb},
                                          {"grad_norm", m.gradNorm}, {"transferred", m.transferred}, {"seconds", m.seconds}});
                res.last = m;
                if (req.onMetrics) req.onMetrics(m);
            }
            if (step % req.saveEvery == 0 || step == req.iterations) save(step);
        }
    } catch (const Cancelled&) {
        save(step);
        throw;
    }
    res.steps = step;
    return res;
}

}  // namespace mlens
