// The `train-classifier` job (api/training.h): the minority classifier recipe of Um & Ye on top of
// guided-diffusion's classifier_train.py (AdamW 3e-4, weight decay 0.05, linear anneal,
// t ~ U{0..T-1}, flips, stratified hold-out, validation loss / top-1 / top-k overall and per
// t-quartile); the same recipe trains classifiers of a dataset's own labels (a judge, a
// discriminator), on clean images when asked. Stages: resolve -> data -> model -> loop -> save.
#include <spdlog/spdlog.h>
#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "engine/api/error.h"
#include "engine/api/request_json.h"
#include "engine/api/training.h"
#include "engine/core/device.h"
#include "engine/core/random.h"
#include "engine/diffusion/gaussian_diffusion.h"
#include "engine/io/checkpoint.h"
#include "engine/minority/minority_classifier.h"
#include "engine/training/adamw.h"
#include "engine/training/classifier_defaults.h"
#include "engine/training/image_cache.h"
#include "engine/training/labelled_set.h"
#include "engine/training/metrics_log.h"
#include "engine/training/running_means.h"
#include "engine/training/training_state.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

uint64_t mix(uint64_t a, uint64_t b) {
    return seedMix(a, b, 0x632be59bd9b4e019ULL);
}

void validate(const ClassifierTrainRequest& r) {
    if (r.target == ClassifierTarget::MinorityClasses && r.workspace.empty())
        throw Error(ErrorCode::InvalidArgument, "a workspace is required");
    if (r.target == ClassifierTarget::DatasetLabels && (r.dataset.path.empty() || r.outDir.empty()))
        throw Error(ErrorCode::InvalidArgument, "a labelled dataset and an output folder are required");
    if (r.iterations < 1 || r.batchSize < 1 || r.evalEvery < 1 || r.saveEvery < 1)
        throw Error(ErrorCode::InvalidArgument,
                    "iterations, batch size, eval and save intervals must be positive");
    if (r.valFraction < 0 || r.valFraction >= 1)
        throw Error(ErrorCode::InvalidArgument, "the validation fraction must be in [0, 1)");
}

// Fills in what the request leaves open: from the workspace's scores.json (minority classes) or the
// data itself (dataset labels).
ClassifierTrainRequest resolve(ClassifierTrainRequest r) {
    if (r.target == ClassifierTarget::MinorityClasses) {
        const fs::path ws(r.workspace);
        std::ifstream in(ws / "scores.json");
        if (!in)
            throw Error(ErrorCode::NotFound,
                        "no scores.json in " + r.workspace + " (score the dataset and build classes first)");
        const nlohmann::json scores = nlohmann::json::parse(in);
        if (r.dataset.path.empty()) {
            if (scores.contains("dataset"))
                r.dataset = fromJson<DatasetSpec>(scores.at("dataset").dump());
            else
                r.dataset.path = scores.value("data", "");
        }
        if (!r.schedule) r.schedule = parse<Schedule>(scores.value("schedule", "linear"));
        if (r.diffusionSteps <= 0) r.diffusionSteps = scores.value("diffusion_steps", 1000);
        if (r.imageSize <= 0) r.imageSize = scores.value("image_size", 0);
        if (r.channels <= 0) r.channels = scores.value("channels", 0);
        if (r.outDir.empty()) r.outDir = (ws / "classifier").string();
    } else {
        if (!r.schedule) r.schedule = Schedule::Linear;
        if (r.diffusionSteps <= 0) r.diffusionSteps = 1000;
        if (r.imageSize <= 0) r.imageSize = 32;
    }
    requireOutputFolder(r.outDir);
    return r;
}

int detectChannels(const DatasetReader& reader, const std::vector<size_t>& items) {
    for (size_t i : items)
        if (const ItemImage img = reader.read(i); img.ok()) return img.display.channels() == 1 ? 1 : 3;
    throw Error(ErrorCode::Format, "none of the images can be read");
}

minority::MinorityClassifierSpec classifierSpec(const ClassifierTrainRequest& req, int numClasses,
                                                int numLabels) {
    minority::MinorityClassifierSpec spec;
    spec.featureCheckpoint = req.featureClassifier;
    spec.featureConfig = req.featureClassifierConfig;
    if (!req.classifierConfig.empty()) {
        spec.head = models::loadConfigFile(req.classifierConfig, models::AdmKind::EncoderUNet);
        spec.head.outChannels = numClasses;
    } else if (!spec.featureCheckpoint.empty()) {
        // the head classifies the extractor's middle-block features: their size and channels
        const auto [side, featureChannels] =
            minority::MinorityClassifier::featureShape(spec.featureCheckpoint, spec.featureConfig);
        spec.head = training::defaultClassifierConfig(side, featureChannels, numClasses);
    } else {
        spec.head = training::defaultClassifierConfig(req.imageSize, req.channels, numClasses);
    }
    if (req.classConditional) spec.head.numClasses = numLabels;
    spec.head.validate();
    return spec;
}

// What must match for a run to resume: everything but its length, its logging and where things are.
nlohmann::json resumeKey(const ClassifierTrainRequest& req, const minority::MinorityClassifierSpec& spec) {
    nlohmann::json j = nlohmann::json::parse(toJson(req));
    for (const char* k : {"iterations", "device", "resume", "eval_every", "save_every", "workspace",
                          "out_dir", "classifier_config"})
        j.erase(k);
    j["dataset"].erase("path");
    j["classifier"] = models::configToJson(spec.head);
    return j;
}

struct Batch {
    torch::Tensor x0, t, noise, target, label;
};

class ClassifierTraining {
public:
    ClassifierTraining(const ClassifierTrainRequest& req, ProgressSink& progress)
        : m_req(req),
          m_device(selectDevice(req.device)),
          m_out(req.outDir),
          m_log((m_out / "metrics.jsonl").string()) {
        m_set = m_req.target == ClassifierTarget::MinorityClasses
                    ? training::minorityClassSet(req.workspace, req.dataset, req.classConditional)
                    : training::datasetLabelSet(req.dataset);
        if (m_req.channels <= 0) m_req.channels = detectChannels(*m_set.reader, m_set.items);
        if (m_req.imageSize <= 0)
            throw Error(ErrorCode::InvalidArgument, "the image size is unknown: give it explicitly");
        requireOutsideDataset(m_out.string(), req.dataset.path);
        std::error_code ec;
        fs::create_directories(m_out, ec);
        if (ec) throw Error(ErrorCode::Io, "cannot create " + m_out.string() + ": " + ec.message());
        m_spec = classifierSpec(m_req, m_set.numClasses, static_cast<int>(m_set.labelNames.size()));
        m_clf = minority::MinorityClassifier::create(m_spec, m_device, mix(req.seed, 0x1417));
        if (m_clf->inChannels() != m_req.channels ||
            (!m_spec.featureCheckpoint.empty() && m_clf->imageSize() != m_req.imageSize))
            throw Error(ErrorCode::ShapeMismatch,
                        "the classifier takes " + std::to_string(m_clf->inChannels()) + "x" +
                            std::to_string(m_clf->imageSize()) + " images, the data are " +
                            std::to_string(m_req.channels) + "x" + std::to_string(m_req.imageSize));
        m_params = {{"request", nlohmann::json::parse(toJson(m_req))},
                    {"classifier", models::configToJson(m_spec.head)},
                    {"class_names", m_set.classNames},
                    {"label_names", m_set.labelNames}};
        spdlog::info("train-classifier: {}", m_params.dump());
        loadData(progress);
        m_diffusion = diffusion::GaussianDiffusion::create(*m_req.schedule, m_req.diffusionSteps, "",
                                                           diffusion::VarianceType::FixedLarge);
        std::vector<std::pair<std::string, torch::Tensor>> named;
        for (const auto& p : m_clf->head()->named_parameters(true))
            named.emplace_back(p.key(), p.value());
        m_optimizer = std::make_unique<training::AdamW>(named, req.weightDecay);
        m_topK = std::min(5, m_set.numClasses);
    }

    ClassifierTrainResult run(ProgressSink& progress) {
        const auto start = std::chrono::steady_clock::now();
        training::RunningMeans means;
        double earlierSeconds = 0;  // of the runs this one resumes
        int64_t step = restore(means, earlierSeconds);
        auto seconds = [&] {
            return earlierSeconds +
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        };
        ClassifierTrainResult result = describe();
        if (step >= m_req.iterations)  // resumed after the end: report the run's last figures
            if (const auto done = readTrainMetrics(m_log.path()); !done.empty()) result.last = done.back();
        m_clf->head()->train();
        try {
            while (step < m_req.iterations) {
                throwIfCancelled(progress);
                const double lr =
                    m_req.anneal ? m_req.lr * (1.0 - static_cast<double>(step) / m_req.iterations) : m_req.lr;
                trainStep(step, lr, means);
                ++step;
                progress.report(step, m_req.iterations, "training classifier");
                if (step % m_req.evalEvery == 0 || step == m_req.iterations) {
                    TrainMetrics m = report(step, lr, means);
                    m.seconds = seconds();
                    m_log.append(m);
                    result.last = m;
                    if (m_req.onMetrics) m_req.onMetrics(m);
                }
                if (step % m_req.saveEvery == 0 || step == m_req.iterations) save(step, means, seconds());
            }
        } catch (const Cancelled&) {
            save(step, means, seconds());  // training resumes from here
            throw;
        }
        result.steps = step;
        return result;
    }

private:
    void loadData(ProgressSink& progress) {
        training::stratifiedSplit(m_set.classes, m_set.numClasses, m_req.valFraction, m_req.seed, &m_train,
                                  &m_val);
        if (m_train.empty())
            throw Error(ErrorCode::InvalidArgument, "no images left for training after the validation split");
        m_images = std::make_unique<training::ImageCache>(*m_set.reader, m_set.items, m_req.imageSize,
                                                          m_req.channels, m_req.dataset.fit, int64_t{2} << 30,
                                                          progress);
        const auto& items = m_set.reader->listing().items;
        for (const auto& [i, why] : m_images->problems())
            spdlog::warn("train-classifier: leaving out {}: {}", items[m_set.items[i]].relativePath, why);
        auto readableOnly = [&](std::vector<int64_t>& v) {
            v.erase(std::remove_if(v.begin(), v.end(),
                                   [&](int64_t i) { return !m_images->readable(static_cast<size_t>(i)); }),
                    v.end());
        };
        readableOnly(m_train);
        readableOnly(m_val);
        if (m_train.empty())
            throw Error(ErrorCode::InvalidArgument, "none of the training images can be read");
    }

    int64_t restore(training::RunningMeans& means, double& seconds) {
        const fs::path state = m_out / "training_state.safetensors";
        if (!m_req.resume) {
            m_log.truncateAfter(-1);
            return 0;
        }
        nlohmann::json saved;
        const int64_t step = training::loadTrainingState(state.string(), *m_clf, *m_optimizer,
                                                         resumeKey(m_req, m_spec), &saved);
        if (saved.is_object()) {
            means = training::RunningMeans::fromJson(saved.value("means", nlohmann::json::object()));
            seconds = saved.value("seconds", 0.0);
        }
        m_log.truncateAfter(step);
        spdlog::info("train-classifier: resuming at step {}", step);
        return step;
    }

    ClassifierTrainResult describe() const {
        ClassifierTrainResult r;
        r.numClasses = m_set.numClasses;
        r.trainImages = static_cast<int64_t>(m_train.size());
        r.valImages = static_cast<int64_t>(m_val.size());
        r.checkpoint = (m_out / "classifier.safetensors").string();
        r.torchCheckpoint = (m_out / "classifier.pt").string();
        r.configJson = (m_out / "classifier.json").string();
        r.metricsLog = m_log.path();
        return r;
    }

    Batch makeBatch(const std::vector<int64_t>& positions, torch::Generator& gen, bool flip) const {
        Batch b;
        b.x0 = m_images->batch(positions);
        const int64_t n = b.x0.size(0);
        if (flip) {
            const torch::Tensor mask = torch::rand({n}, gen) < 0.5;
            b.x0 = torch::where(mask.view({-1, 1, 1, 1}), b.x0.flip({3}), b.x0);
        }
        b.t = m_req.noisy ? torch::randint(0, m_req.diffusionSteps, {n}, gen, torch::kInt64)
                          : torch::zeros({n}, torch::kInt64);
        b.noise = torch::randn(b.x0.sizes(), gen, torch::kFloat32);
        std::vector<int64_t> target, label;
        for (int64_t i : positions) {
            target.push_back(m_set.classes[static_cast<size_t>(i)]);
            if (m_req.classConditional) label.push_back(m_set.labels[static_cast<size_t>(i)]);
        }
        b.target = torch::tensor(target, torch::kInt64).to(m_device);
        if (m_req.classConditional) b.label = torch::tensor(label, torch::kInt64).to(m_device);
        b.x0 = b.x0.to(m_device);
        b.t = b.t.to(m_device);
        b.noise = b.noise.to(m_device);
        return b;
    }

    torch::Tensor forward(const Batch& b) const {
        const torch::Tensor x = m_req.noisy ? m_diffusion->qSample(b.x0, b.t, b.noise) : b.x0;
        std::optional<torch::Tensor> y;
        if (b.label.defined()) y = b.label;
        return m_clf->logits(x, b.t, y);
    }

    void trainStep(int64_t step, double lr, training::RunningMeans& means) {
        // Every step draws from its own generator, so a resumed run sees exactly the batches an
        // uninterrupted one would have.
        torch::Generator gen = at::detail::createCPUGenerator(mix(m_req.seed, static_cast<uint64_t>(step)));
        torch::manual_seed(mix(m_req.seed ^ 0xD20F,
                               static_cast<uint64_t>(step)));  // dropout draws from the global generator
        const torch::Tensor pick =
            torch::randint(0, static_cast<int64_t>(m_train.size()), {m_req.batchSize}, gen, torch::kInt64);
        std::vector<int64_t> positions;
        for (int64_t k = 0; k < m_req.batchSize; ++k)
            positions.push_back(m_train[static_cast<size_t>(pick[k].item<int64_t>())]);
        const Batch b = makeBatch(positions, gen, m_req.flip);
        const torch::Tensor logits = forward(b);
        const torch::Tensor loss = torch::nn::functional::cross_entropy(logits, b.target);
        m_optimizer->zeroGrad();
        loss.backward();
        m_optimizer->step(lr);
        means.add("loss", loss.item<double>());
        means.add("top1", logits.argmax(1).eq(b.target).to(torch::kFloat64).mean().item<double>());
    }

    TrainMetrics report(int64_t step, double lr, training::RunningMeans& means) {
        TrainMetrics m;
        m.step = step;
        m.lr = lr;
        m.topK = m_topK;
        m.trainLoss = means.mean("loss");
        m.trainTop1 = means.mean("top1");
        means.reset();
        validation(m);
        return m;
    }

    void validation(TrainMetrics& m) {
        if (m_val.empty()) return;
        torch::NoGradGuard noGrad;
        m_clf->head()->eval();
        torch::Generator gen =
            at::detail::createCPUGenerator(mix(m_req.seed, 0xE7A1));  // the same draws at every evaluation
        std::array<double, 4> qLoss{}, qTop1{}, qCount{};
        double loss = 0, top1 = 0, topk = 0;
        const auto batch = static_cast<size_t>(m_req.batchSize);
        for (size_t first = 0; first < m_val.size(); first += batch) {
            const std::vector<int64_t> positions(
                m_val.begin() + static_cast<std::ptrdiff_t>(first),
                m_val.begin() + static_cast<std::ptrdiff_t>(std::min(m_val.size(), first + batch)));
            const Batch b = makeBatch(positions, gen, false);
            const torch::Tensor logits = forward(b);
            const torch::Tensor l = torch::nn::functional::cross_entropy(
                logits, b.target, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone));
            const torch::Tensor best = std::get<1>(logits.topk(m_topK, 1));
            const torch::Tensor hit1 = best.select(1, 0).eq(b.target).to(torch::kFloat64);
            const torch::Tensor hitk = best.eq(b.target.view({-1, 1})).any(1).to(torch::kFloat64);
            const torch::Tensor quart = (b.t * 4 / m_req.diffusionSteps).clamp(0, 3).cpu();
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
        const double n = static_cast<double>(m_val.size());
        m.hasValidation = true;
        m.valLoss = loss / n;
        m.valTop1 = top1 / n;
        m.valTopK = topk / n;
        for (size_t q = 0; q < 4; ++q) {
            m.valLossByQuartile[q] = qCount[q] > 0 ? qLoss[q] / qCount[q] : 0;
            m.valTop1ByQuartile[q] = qCount[q] > 0 ? qTop1[q] / qCount[q] : 0;
        }
        m_clf->head()->train();
    }

    void save(int64_t step, const training::RunningMeans& means, double seconds) {
        m_clf->save((m_out / "classifier.safetensors").string(),
                    {{"step", std::to_string(step)}, {"params", m_params.dump()}});
        training::saveTrainingState((m_out / "training_state.safetensors").string(), *m_clf, *m_optimizer,
                                    step, resumeKey(m_req, m_spec), toJson(m_req),
                                    {{"means", means.toJson()}, {"seconds", seconds}});
    }

    ClassifierTrainRequest m_req;
    torch::Device m_device;
    fs::path m_out;
    training::MetricsLog m_log;
    training::LabelledSet m_set;
    minority::MinorityClassifierSpec m_spec;
    std::shared_ptr<minority::MinorityClassifier> m_clf;
    nlohmann::json m_params;
    std::vector<int64_t> m_train, m_val;
    std::unique_ptr<training::ImageCache> m_images;
    std::optional<diffusion::GaussianDiffusion> m_diffusion;
    std::unique_ptr<training::AdamW> m_optimizer;
    int m_topK = 5;
};

}  // namespace

ClassifierTrainResult runTrainClassifier(const ClassifierTrainRequest& request, ProgressSink& progress) {
    return withContext("training the classifier", [&] {
        validate(request);
        ClassifierTraining training(resolve(request), progress);
        return training.run(progress);
    });
}

ClassifierTrainRequest savedTrainRequest(const std::string& outDir, int64_t* step) {
    const std::string path = (fs::path(outDir) / "training_state.safetensors").string();
    if (!fs::exists(path)) throw Error(ErrorCode::NotFound, "nothing to resume: " + path + " does not exist");
    const io::Checkpoint ckpt = io::Checkpoint::open(path);
    const auto& meta = ckpt.metadata();
    if (!meta.count("step") || !meta.count("request"))
        throw Error(
            ErrorCode::Format,
            path + " is not a training state of this MinorityLens version (start the training again)");
    ClassifierTrainRequest r = fromJson<ClassifierTrainRequest>(meta.at("request"));
    r.outDir = outDir;
    if (fs::exists(fs::path(outDir) / "classifier.json"))
        r.classifierConfig = (fs::path(outDir) / "classifier.json").string();
    if (step) *step = std::stoll(meta.at("step"));
    r.resume = true;
    return r;
}

}  // namespace mlens
