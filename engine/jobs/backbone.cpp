// The `train-backbone` job (api/backbone.h): a guided-diffusion UNet trained with epsilon prediction,
// learned-range variance and the hybrid loss (Nichol & Dhariwal), EMA weights for sampling;
// class-conditional with OC_LT target transfer, class-balanced batches and classifier-free label
// drop (Zhang et al.). Stages: data -> model -> restore -> loop (batch, step, EMA, log) -> save.
#include <ATen/CPUGeneratorImpl.h>
#include <spdlog/spdlog.h>
#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>

#include "engine/api/backbone.h"
#include "engine/api/error.h"
#include "engine/api/request_json.h"
#include "engine/core/atomic_file.h"
#include "engine/core/device.h"
#include "engine/core/random.h"
#include "engine/diffusion/losses.h"
#include "engine/io/checkpoint.h"
#include "engine/io/torch_tensors.h"
#include "engine/models/adm_models.h"
#include "engine/training/adamw.h"
#include "engine/training/backbone_defaults.h"
#include "engine/training/image_cache.h"
#include "engine/training/metrics_log.h"
#include "engine/training/oc_lt.h"
#include "engine/training/running_means.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

uint64_t mix(uint64_t a, uint64_t b) {
    return seedMix(a, b, 0x7f4a7c159e3779b9ULL);
}

void validate(const BackboneTrainRequest& r) {
    if (r.dataset.path.empty() || r.outDir.empty())
        throw Error(ErrorCode::InvalidArgument, "a dataset and an output folder are required");
    if (r.iterations < 1 || r.batchSize < 1 || r.logEvery < 1 || r.saveEvery < 1)
        throw Error(ErrorCode::InvalidArgument,
                    "iterations, batch size, log and save intervals must be positive");
    if (r.emaRate < 0 || r.emaRate >= 1)
        throw Error(ErrorCode::InvalidArgument, "the EMA rate must be in [0, 1)");
    if (r.labelDrop < 0 || r.labelDrop >= 1)
        throw Error(ErrorCode::InvalidArgument, "the label-drop probability must be in [0, 1)");
    requireOutputFolder(r.outDir);
    requireOutsideDataset(r.outDir, r.dataset.path);
}

io::StateDict namedTensors(const std::string& prefix,
                           const std::vector<std::pair<std::string, torch::Tensor>>& v) {
    io::StateDict out;
    for (const auto& [k, t] : v)
        out.emplace_back(prefix + k, t.detach());
    return out;
}

// The training data: readable items, their labels and class frequencies.
struct TrainingData {
    std::unique_ptr<DatasetReader> reader;
    std::unique_ptr<training::ImageCache> images;
    std::vector<int64_t> usable;                // positions into the cache
    std::vector<int64_t> labelOf;               // per position (-1 unlabelled)
    std::vector<std::vector<int64_t>> byClass;  // positions per label
    torch::Tensor classFreq;                    // empirical p(y)
    int numLabels = 0;
    int channels = 0;
};

int detectChannels(const DatasetReader& reader) {
    for (size_t i = 0; i < reader.size(); ++i)
        if (const ItemImage img = reader.read(i); img.ok()) return img.display.channels() == 1 ? 1 : 3;
    throw Error(ErrorCode::Format, "none of the images in " + reader.listing().root + " can be read");
}

class BackboneTraining {
public:
    BackboneTraining(const BackboneTrainRequest& req, ProgressSink& progress)
        : m_req(req), m_device(selectDevice(req.device)), m_out(req.outDir) {
        m_data.reader = std::make_unique<DatasetReader>(scanDataset(req.dataset));
        const DatasetListing& listing = m_data.reader->listing();
        if (listing.items.empty())
            throw Error(ErrorCode::InvalidArgument, "no images found in " + req.dataset.path);
        m_conditional = !req.unconditional && !listing.labelNames.empty();
        if ((req.transfer != Transfer::None || req.balancedBatches) && !m_conditional)
            throw Error(ErrorCode::InvalidArgument,
                        "target transfer and balanced batches need a class-conditional model (labels)");
        m_data.channels = req.channels > 0 ? req.channels : detectChannels(*m_data.reader);
        m_data.numLabels = m_conditional ? static_cast<int>(listing.labelNames.size()) : 0;
        m_nullClass = m_conditional && req.labelDrop > 0 ? m_data.numLabels : -1;
        const int modelClasses = m_conditional ? m_data.numLabels + (m_nullClass >= 0 ? 1 : 0) : 0;
        m_config = req.modelConfig.empty() ? training::defaultBackboneConfig(req.imageSize, m_data.channels,
                                                                             req.learnSigma, modelClasses)
                                           : models::loadConfigFile(req.modelConfig, models::AdmKind::UNet);
        if (m_config.inChannels != m_data.channels)
            throw Error(ErrorCode::ShapeMismatch,
                        "the model config takes " + std::to_string(m_config.inChannels) +
                            " channels, the images have " + std::to_string(m_data.channels));
        if (!req.modelConfig.empty() && m_conditional && m_config.numClasses.value_or(0) != modelClasses)
            throw Error(ErrorCode::InvalidArgument,
                        "the model config must have num_classes = " + std::to_string(modelClasses));
        m_config.validate();
        std::error_code ec;
        fs::create_directories(m_out, ec);
        if (ec) throw Error(ErrorCode::Io, "cannot create " + req.outDir + ": " + ec.message());
        m_key = nlohmann::json::parse(toJson(req));
        for (const char* k : {"iterations", "device", "resume", "log_every", "save_every", "out_dir"})
            m_key.erase(k);
        m_key["dataset"].erase("path");
        m_key["config"] = models::configToJson(m_config);
        spdlog::info("train-backbone: {}", toJson(req));
        loadData(progress);
        buildModel();
    }

    BackboneTrainResult run(ProgressSink& progress) {
        const auto start = std::chrono::steady_clock::now();
        training::MetricsLog log((m_out / "metrics.jsonl").string());
        training::RunningMeans means;
        double earlierSeconds = 0;  // of the runs this one resumes
        int64_t step = restore(log, means, earlierSeconds);
        auto seconds = [&] {
            return earlierSeconds +
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        };
        BackboneTrainResult res;
        res.images = static_cast<int64_t>(m_data.usable.size());
        res.numClasses = m_conditional ? m_data.numLabels + (m_nullClass >= 0 ? 1 : 0) : 0;
        res.checkpoint = (m_out / "model.safetensors").string();
        res.torchCheckpoint = (m_out / "model.pt").string();
        res.configJson = (m_out / "model.json").string();
        res.metricsLog = log.path();
        try {
            while (step < m_req.iterations) {
                throwIfCancelled(progress);
                const double lr =
                    m_req.lr * std::min(1.0, static_cast<double>(step + 1) / std::max(1, m_req.warmup));
                trainStep(step, lr, means);
                ++step;
                progress.report(step, m_req.iterations, "training backbone");
                if (step % m_req.logEvery == 0 || step == m_req.iterations) {
                    BackboneMetrics m{step,
                                      lr,
                                      means.mean("loss"),
                                      means.mean("mse"),
                                      means.mean("vb"),
                                      means.mean("grad_norm"),
                                      means.mean("transferred"),
                                      seconds()};
                    means.reset();
                    log.append(nlohmann::json{{"step", m.step},
                                              {"lr", m.lr},
                                              {"loss", m.loss},
                                              {"mse", m.mse},
                                              {"vb", m.vb},
                                              {"grad_norm", m.gradNorm},
                                              {"transferred", m.transferred},
                                              {"seconds", m.seconds}});
                    res.last = m;
                    if (m_req.onMetrics) m_req.onMetrics(m);
                }
                if (step % m_req.saveEvery == 0 || step == m_req.iterations)
                    save(step, res, means, seconds());
            }
        } catch (const Cancelled&) {
            save(step, res, means, seconds());
            throw;
        }
        res.steps = step;
        return res;
    }

private:
    void loadData(ProgressSink& progress) {
        const DatasetListing& listing = m_data.reader->listing();
        std::vector<size_t> all(listing.items.size());
        for (size_t i = 0; i < all.size(); ++i)
            all[i] = i;
        m_data.images =
            std::make_unique<training::ImageCache>(*m_data.reader, all, m_config.imageSize, m_data.channels,
                                                   m_req.dataset.fit, int64_t{3} << 30, progress);
        for (const auto& [i, why] : m_data.images->problems())
            spdlog::warn("train-backbone: leaving out {}: {}", listing.items[i].relativePath, why);
        m_data.byClass.resize(static_cast<size_t>(std::max(1, m_data.numLabels)));
        for (size_t i = 0; i < all.size(); ++i) {
            const int label = listing.items[i].label;
            m_data.labelOf.push_back(label);
            if (!m_data.images->readable(i)) continue;
            if (m_conditional && label < 0) {
                spdlog::warn("train-backbone: leaving out {}: no label", listing.items[i].relativePath);
                continue;
            }
            m_data.usable.push_back(static_cast<int64_t>(i));
            if (m_conditional) m_data.byClass[static_cast<size_t>(label)].push_back(static_cast<int64_t>(i));
        }
        if (m_data.usable.empty())
            throw Error(ErrorCode::InvalidArgument, "no usable images in " + m_req.dataset.path);
        if (m_conditional) {
            std::vector<double> f;
            for (const auto& c : m_data.byClass)
                f.push_back(static_cast<double>(c.size()) / static_cast<double>(m_data.usable.size()));
            m_data.classFreq = torch::tensor(f, torch::kFloat64);
        }
    }

    void buildModel() {
        torch::manual_seed(mix(m_req.seed, 0x1417));
        m_model = models::UNetModel(m_config);
        models::zeroInitLikeReference(*m_model);
        m_model->to(m_device);
        m_model->train();
        for (const auto& p : m_model->named_parameters(true))
            m_named.emplace_back(p.key(), p.value());
        for (const auto& [k, v] : m_named) {
            m_params.push_back(v);
            m_ema.emplace_back(k, v.detach().clone());
        }
        m_optimizer = std::make_unique<training::AdamW>(m_named, 0.0);
        m_diffusion =
            diffusion::GaussianDiffusion::create(m_req.schedule, m_req.diffusionSteps, "",
                                                 m_config.learnSigma() ? diffusion::VarianceType::LearnedRange
                                                                       : diffusion::VarianceType::FixedLarge);
    }

    int64_t restore(training::MetricsLog& log, training::RunningMeans& means, double& seconds) {
        const fs::path statePath = m_out / "training_state.safetensors";
        if (!m_req.resume) {
            log.truncateAfter(-1);
            return 0;
        }
        if (!fs::exists(statePath))
            throw Error(ErrorCode::NotFound, "nothing to resume: " + statePath.string() + " does not exist");
        const io::Checkpoint ckpt = io::Checkpoint::open(statePath.string());
        const auto& meta = ckpt.metadata();
        if (!meta.count("key") || nlohmann::json::parse(meta.at("key")) != m_key)
            throw Error(ErrorCode::InvalidArgument,
                        "cannot resume: the saved run used other settings (see " + statePath.string() + ")");
        const io::StateDict all = io::loadAllTensors(ckpt);
        torch::NoGradGuard g;
        io::StateDict optim;
        for (const auto& [k, v] : all)
            if (k.rfind("optim/", 0) == 0) optim.emplace_back(k.substr(6), v);
        for (auto& [k, v] : m_named)
            v.copy_(io::requireTensor(all, "model/" + k));
        for (auto& [k, v] : m_ema)
            v.copy_(io::requireTensor(all, "ema/" + k));
        m_optimizer->loadState(optim);
        const int64_t step = std::stoll(meta.at("step"));
        if (meta.count("progress")) {
            const nlohmann::json saved = nlohmann::json::parse(meta.at("progress"));
            means = training::RunningMeans::fromJson(saved.value("means", nlohmann::json::object()));
            seconds = saved.value("seconds", 0.0);
        }
        log.truncateAfter(step);
        spdlog::info("train-backbone: resuming at step {}", step);
        return step;
    }

    std::vector<int64_t> drawBatch(torch::Generator& gen) {
        std::vector<int64_t> idx;
        const int64_t n = m_req.batchSize;
        if (m_req.balancedBatches) {  // a class uniformly, then an image of it uniformly
            const torch::Tensor cls = torch::randint(0, m_data.numLabels, {n}, gen, torch::kInt64);
            const torch::Tensor u = torch::rand({n}, gen, torch::kFloat64);
            for (int64_t k = 0; k < n; ++k) {
                auto& members = m_data.byClass[static_cast<size_t>(cls[k].item<int64_t>())];
                if (members.empty()) members = m_data.byClass[0];
                idx.push_back(
                    members[static_cast<size_t>(u[k].item<double>() * static_cast<double>(members.size())) %
                            members.size()]);
            }
        } else {
            const torch::Tensor pick =
                torch::randint(0, static_cast<int64_t>(m_data.usable.size()), {n}, gen, torch::kInt64);
            for (int64_t k = 0; k < n; ++k)
                idx.push_back(m_data.usable[static_cast<size_t>(pick[k].item<int64_t>())]);
        }
        return idx;
    }

    void trainStep(int64_t step, double lr, training::RunningMeans& means) {
        torch::Generator gen = at::detail::createCPUGenerator(mix(m_req.seed, static_cast<uint64_t>(step)));
        torch::manual_seed(mix(m_req.seed ^ 0xD20F,
                               static_cast<uint64_t>(step)));  // dropout draws from the global generator
        const std::vector<int64_t> idx = drawBatch(gen);
        const int64_t n = m_req.batchSize;
        torch::Tensor x0 = m_data.images->batch(idx);
        const torch::Tensor flip = torch::rand({n}, gen) < 0.5;
        if (m_req.flip) x0 = torch::where(flip.view({-1, 1, 1, 1}), x0.flip({3}), x0);
        x0 = x0.to(m_device);
        const torch::Tensor t = torch::randint(0, m_req.diffusionSteps, {n}, gen, torch::kInt64).to(m_device);
        const torch::Tensor noise = torch::randn(x0.sizes(), gen, torch::kFloat32).to(m_device);
        const torch::Tensor xt = m_diffusion->qSample(x0, t, noise);
        std::optional<torch::Tensor> y;
        torch::Tensor target = noise;
        if (m_conditional) {
            std::vector<int64_t> lab;
            for (int64_t i : idx)
                lab.push_back(m_data.labelOf[static_cast<size_t>(i)]);
            const torch::Tensor labels = torch::tensor(lab, torch::kInt64);
            if (m_req.transfer != Transfer::None) {
                const auto tt =
                    training::transferTargets(x0, xt, m_diffusion->sqrtAlphasCumprod(t, x0).view({-1}),
                                              labels, m_data.classFreq, m_req.transfer, gen);
                target = tt.epsTarget;
                means.add(
                    "transferred",
                    tt.partner.ne(torch::arange(n, torch::kInt64)).to(torch::kFloat64).mean().item<double>());
            }
            const bool drop = m_nullClass >= 0 &&
                              torch::rand({1}, gen).item<double>() < m_req.labelDrop;  // one coin per batch
            y = (drop ? torch::full({n}, m_nullClass, torch::kInt64) : labels).to(m_device);
        }
        const diffusion::HybridLoss l =
            diffusion::hybridLoss(*m_diffusion, m_model->forward(xt, t, y), x0, xt, t, target);
        const torch::Tensor loss = l.loss.mean();
        m_optimizer->zeroGrad();
        loss.backward();
        means.add("grad_norm", training::clipGradNorm(m_params, m_req.gradClip));
        m_optimizer->step(lr);
        {
            torch::NoGradGuard g;
            const double rate = std::min(
                m_req.emaRate, (1.0 + static_cast<double>(step)) / (10.0 + static_cast<double>(step)));
            for (size_t k = 0; k < m_ema.size(); ++k)
                m_ema[k].second.mul_(rate).add_(m_named[k].second.detach(), 1 - rate);
        }
        means.add("loss", loss.item<double>());
        means.add("mse", l.mse.mean().item<double>());
        means.add("vb", l.vb.mean().item<double>());
        if (!m_conditional || m_req.transfer == Transfer::None) means.add("transferred", 0.0);
    }

    void save(int64_t step, const BackboneTrainResult& res, const training::RunningMeans& means,
              double seconds) {
        const DatasetListing& listing = m_data.reader->listing();
        const nlohmann::json modelMeta = {
            {"config", models::configToJson(m_config)},
            {"schedule", name(m_req.schedule)},
            {"diffusion_steps", m_req.diffusionSteps},
            {"class_names", m_conditional ? listing.labelNames : std::vector<std::string>{}},
            {"null_class", m_nullClass},
            {"step", step}};
        const io::StateDict emaDict = namedTensors("", m_ema);
        io::saveSafetensors(res.checkpoint, emaDict, {{"minoritylens_model", modelMeta.dump()}});
        io::saveTorchCheckpoint(res.torchCheckpoint, emaDict);
        writeFileAtomically(res.configJson, models::configToJson(m_config).dump(1));
        io::StateDict state = namedTensors("model/", m_named);
        for (auto& e : namedTensors("ema/", m_ema))
            state.push_back(e);
        for (auto& [k, v] : m_optimizer->state())
            state.emplace_back("optim/" + k, v);
        io::saveSafetensors(
            (m_out / "training_state.safetensors").string(), state,
            {{"step", std::to_string(step)},
             {"key", m_key.dump()},
             {"request", toJson(m_req)},
             {"progress", nlohmann::json{{"means", means.toJson()}, {"seconds", seconds}}.dump()}});
    }

    BackboneTrainRequest m_req;
    torch::Device m_device;
    fs::path m_out;
    TrainingData m_data;
    bool m_conditional = false;
    int m_nullClass = -1;
    models::AdmConfig m_config;
    nlohmann::json m_key;
    models::UNetModel m_model{nullptr};
    std::vector<std::pair<std::string, torch::Tensor>> m_named, m_ema;
    std::vector<torch::Tensor> m_params;
    std::unique_ptr<training::AdamW> m_optimizer;
    std::optional<diffusion::GaussianDiffusion> m_diffusion;
};

}  // namespace

BackboneTrainResult runTrainBackbone(const BackboneTrainRequest& request, ProgressSink& progress) {
    return withContext("training the backbone", [&] {
        validate(request);
        BackboneTraining training(request, progress);
        return training.run(progress);
    });
}

}  // namespace mlens
