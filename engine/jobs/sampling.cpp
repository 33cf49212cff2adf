// The `sample` job (api/sampling.h): unguided, classifier-guided (minority guidance) or
// mixture-guided sampling from a guided-diffusion backbone, optionally with the unguided baseline
// from the same noise; and the sample-folder format (writeSampleSet). Stages: validate -> load
// (kept by the session) -> check compatibility -> sample every batch -> write.
#include <spdlog/spdlog.h>
#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <opencv2/imgproc.hpp>
#include <set>

#include "engine/api/error.h"
#include "engine/api/request_json.h"
#include "engine/api/runtime.h"
#include "engine/api/sampling.h"
#include "engine/core/atomic_file.h"
#include "engine/core/device.h"
#include "engine/core/file_hash.h"
#include "engine/core/image_tensor.h"
#include "engine/diffusion/sampler.h"
#include "engine/io/checkpoint.h"
#include "engine/io/npy.h"
#include "engine/io/png_text.h"
#include "engine/io/torch_tensors.h"
#include "engine/jobs/sample_batches.h"
#include "engine/jobs/shard_status.h"
#include "engine/minority/guidance.h"
#include "engine/minority/hardness_model.h"
#include "engine/minority/minority_classifier.h"
#include "engine/minority/sehwag.h"
#include "engine/models/backbone.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

void validate(const SampleRequest& r) {
    if (r.numSamples < 1 && r.replayNoise.empty())
        throw Error(ErrorCode::InvalidArgument, "the number of samples must be at least 1");
    if (r.batchSize < 1) throw Error(ErrorCode::InvalidArgument, "the batch size must be at least 1");
    if (!r.outDir.empty()) requireOutputFolder(r.outDir);
    if (!std::isfinite(r.guidance.scale) || std::abs(r.guidance.scale) > 1e6)
        throw Error(ErrorCode::InvalidArgument, "the guidance scale must be a finite number of at most 1e6");
    if (r.eta < 0 || !std::isfinite(r.eta))
        throw Error(ErrorCode::InvalidArgument, "eta must be a number >= 0");
    const GuidanceSpec& g = r.guidance;
    const bool mixture = !g.mixtureWeights.empty();
    if (!g.classifier.empty() && g.targetClass < 0 && !mixture)
        throw Error(ErrorCode::InvalidArgument,
                    "guidance with a classifier needs a target class (or mixture weights)");
    if (!g.sehwag.empty()) {
        if (!g.classifier.empty())
            throw Error(ErrorCode::InvalidArgument,
                        "the Sehwag sampler and classifier guidance exclude each other");
        if (!(g.alpha >= 0 && g.alpha <= 1e6) || !(g.beta >= 0 && g.beta <= 1e6))
            throw Error(ErrorCode::InvalidArgument, "alpha and beta must lie in [0, 1e6]");
        if (!(g.tau > 0 && std::isfinite(g.tau)))
            throw Error(ErrorCode::InvalidArgument, "tau must be greater than 0");
        if (g.beta > 0 && g.discriminator.empty())
            throw Error(ErrorCode::InvalidArgument, "beta > 0 needs a discriminator (real vs synthetic)");
    } else if (!g.discriminator.empty() || g.alpha != 0 || g.beta != 0) {
        throw Error(ErrorCode::InvalidArgument,
                    "alpha, beta and a discriminator belong to the Sehwag sampler");
    }
    if (r.withBaseline && g.classifier.empty() && g.sehwag.empty())
        throw Error(ErrorCode::InvalidArgument,
                    "a baseline comparison needs a classifier or the Sehwag sampler");
    if (r.shard.active() || r.mergeOnly) {
        if (r.outDir.empty())
            throw Error(ErrorCode::InvalidArgument, "sharded sampling needs an output folder");
        if (!r.replayNoise.empty())
            throw Error(ErrorCode::InvalidArgument, "samples from recorded noise cannot be sharded");
        if (r.shard.active() && r.mergeOnly)
            throw Error(ErrorCode::InvalidArgument, "a merge assembles every shard: drop --shard");
    }
}

std::string sampleName(int64_t i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "sample_%06lld.png", static_cast<long long>(i));
    return buf;
}

// Per-batch progress folded into one bar over all batches (and both runs).
class BatchProgress final : public ProgressSink {
public:
    BatchProgress(ProgressSink& outer, int64_t index, int64_t count)
        : m_outer(outer), m_index(index), m_count(count) {}
    void report(int64_t done, int64_t steps, const std::string&) override {
        m_outer.report(m_index * steps + done, m_count * steps, "sampling");
    }
    bool cancelRequested() const override { return m_outer.cancelRequested(); }

private:
    ProgressSink& m_outer;
    int64_t m_index, m_count;
};

SampleSet toSampleSet(const torch::Tensor& all, int64_t classValue, std::string parameters) {
    SampleSet s;
    s.classValue = classValue;
    s.parameters = std::move(parameters);
    for (int64_t i = 0; i < all.size(0); ++i) {
        s.images.push_back(tensorToImage8(all[i]));
        s.x0.push_back(tensorToFloatImage(all[i]));
    }
    return s;
}

void writeSamplePng(const std::string& path, const cv::Mat& image, const nlohmann::json& parameters,
                    int64_t index) {
    nlohmann::json p = parameters;
    p["index"] = index;
    if (p.value("replay_noise", std::string()).empty())
        p["sample_seed"] = p.value("seed", uint64_t{0}) + static_cast<uint64_t>(index);
    io::writePng(path, image, {{"Software", std::string("MinorityLens")}, {"minoritylens", p.dump()}});
}

// The ADM evaluation suite's .npz: arr_0 uint8 NHWC (RGB), arr_1 the class value of each.
void writeSamplesNpz(const std::string& path, const SampleSet& set) {
    const cv::Mat& first = set.images.front();
    const int h = first.rows, w = first.cols, c = first.channels();
    io::NpyArray arr0{"arr_0", io::DType::UInt8, {static_cast<int64_t>(set.images.size()), h, w, c}, {}};
    for (const cv::Mat& img : set.images) {
        if (img.rows != h || img.cols != w || img.channels() != c || img.depth() != CV_8U)
            throw Error(ErrorCode::InvalidArgument, "samples differ in size or type");
        cv::Mat rgb;
        if (c == 3)
            cv::cvtColor(img, rgb, cv::COLOR_BGR2RGB);
        else
            rgb = img.isContinuous() ? img : img.clone();
        arr0.data.insert(arr0.data.end(), rgb.data, rgb.data + rgb.total() * rgb.elemSize());
    }
    const std::vector<int64_t> classes(set.images.size(), set.classValue);
    io::NpyArray arr1{
        "arr_1",
        io::DType::Int64,
        {static_cast<int64_t>(set.images.size())},
        std::vector<uint8_t>(reinterpret_cast<const uint8_t*>(classes.data()),
                             reinterpret_cast<const uint8_t*>(classes.data() + classes.size()))};
    io::writeNpz(path, {arr0, arr1});
}

SampleFiles writeSetFolder(const fs::path& dir, const SampleSet& set, bool pngs) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(ErrorCode::Io, "cannot create " + dir.string() + ": " + ec.message());
    SampleFiles f;
    f.safetensors = (dir / "samples.safetensors").string();
    if (!set.x0.empty())
        io::saveSafetensors(f.safetensors, {{"x0", floatImagesToTensor(set.x0)}},
                            {{"minoritylens", set.parameters}});
    f.npz = (dir / "samples.npz").string();
    writeSamplesNpz(f.npz, set);
    if (pngs) {
        const nlohmann::json params = nlohmann::json::parse(set.parameters);
        for (size_t i = 0; i < set.images.size(); ++i) {
            f.pngs.push_back((dir / sampleName(static_cast<int64_t>(i))).string());
            writeSamplePng(f.pngs.back(), set.images[i], params, static_cast<int64_t>(i));
        }
    }
    return f;
}

struct Loaded {
    std::string backboneKey, classifierKey, sehwagKey;
    models::Backbone backbone;
    std::shared_ptr<minority::MinorityClassifier> classifier;
    std::string backboneSha, classifierSha;
    // The Sehwag sampler: its hardness model and discriminator (a classifier or a hardness model).
    std::shared_ptr<minority::HardnessModel> hardness, discriminatorHardness;
    std::shared_ptr<minority::MinorityClassifier> discriminator;
    std::string hardnessSha, discriminatorSha;
    int realClass = 1;
};

// The classifier must fit the backbone, the labels the models.
void checkCompatibility(const SampleRequest& req, const models::Backbone& backbone,
                        const minority::MinorityClassifier* classifier) {
    const models::AdmConfig& bc = backbone.config();
    if (bc.numClasses) {
        if (req.classLabel < 0 || req.classLabel >= *bc.numClasses)
            throw Error(ErrorCode::InvalidArgument,
                        "the backbone is class-conditional: the class label must be in 0.." +
                            std::to_string(*bc.numClasses - 1));
    } else if (req.classLabel >= 0 && !classifier && req.guidance.sehwag.empty()) {
        throw Error(ErrorCode::InvalidArgument, "a class label was given, but the backbone is unconditional");
    }
    if (!classifier) return;
    if (classifier->inChannels() != bc.inChannels)
        throw Error(ErrorCode::ShapeMismatch,
                    "the classifier takes " + std::to_string(classifier->inChannels()) +
                        " channels, the backbone makes " + std::to_string(bc.inChannels));
    if (classifier->imageSizeKnown() && classifier->imageSize() != bc.imageSize)
        throw Error(ErrorCode::ShapeMismatch, "classifier and backbone resolutions disagree (" +
                                                  std::to_string(classifier->imageSize()) + " vs " +
                                                  std::to_string(bc.imageSize) + ")");
    if (req.guidance.mixtureWeights.empty() && req.guidance.targetClass >= classifier->numClasses())
        throw Error(ErrorCode::InvalidArgument,
                    "the target class " + std::to_string(req.guidance.targetClass) +
                        " is out of range: the classifier has " + std::to_string(classifier->numClasses()) +
                        " classes (0.." + std::to_string(classifier->numClasses() - 1) + ")");
    if (classifier->classConditional() &&
        (req.classLabel < 0 || req.classLabel >= *classifier->spec().head.numClasses))
        throw Error(ErrorCode::InvalidArgument,
                    "the classifier is class-conditional: the class label must be in 0.." +
                        std::to_string(*classifier->spec().head.numClasses - 1));
}

// The Sehwag sampler's models must see the backbone's images; its class labels are the hardness
// model's classes.
void checkSehwag(const SampleRequest& req, const Loaded& m) {
    if (!m.hardness) return;
    const models::AdmConfig& bc = m.backbone.config();
    auto fits = [&](minority::MinorityClassifier& c, const std::string& what) {
        if (c.inChannels() != bc.inChannels || (c.imageSizeKnown() && c.imageSize() != bc.imageSize))
            throw Error(ErrorCode::ShapeMismatch, what + " takes " + std::to_string(c.inChannels()) +
                                                      "-channel " + std::to_string(c.imageSize()) +
                                                      " px images, the backbone makes " +
                                                      std::to_string(bc.inChannels) + "-channel " +
                                                      std::to_string(bc.imageSize) + " px ones");
    };
    fits(m.hardness->classifier(), "the hardness model's classifier");
    if (m.discriminator) fits(*m.discriminator, "the discriminator");
    if (m.discriminatorHardness) fits(m.discriminatorHardness->classifier(), "the discriminator");
    const int classes = static_cast<int>(m.hardness->info().classes.size());
    if (bc.numClasses && *bc.numClasses != classes)
        throw Error(ErrorCode::ShapeMismatch, "the backbone has " + std::to_string(*bc.numClasses) +
                                                  " class labels, the hardness model " +
                                                  std::to_string(classes) + " classes");
    if (req.classLabel >= classes)
        throw Error(ErrorCode::InvalidArgument, "the class label " + std::to_string(req.classLabel) +
                                                    " is out of range: the hardness model has " +
                                                    std::to_string(classes) + " classes");
    const int discClasses = m.discriminator ? m.discriminator->numClasses()
                            : m.discriminatorHardness
                                ? static_cast<int>(m.discriminatorHardness->info().classes.size())
                                : 2;
    if (m.realClass >= discClasses)
        throw Error(ErrorCode::InvalidArgument,
                    "the discriminator has no class " + std::to_string(m.realClass));
}

// The request as it ran: resolved process values, checkpoint hashes and versions.
nlohmann::json resolvedParameters(const SampleRequest& req, const Loaded& m, const torch::Device& device) {
    nlohmann::json p = nlohmann::json::parse(toJson(req));
    p.erase("shard");  // how the set was computed, not what it is: a merged set equals an unsharded one
    p.erase("merge_only");
    p["backbone"]["schedule"] = name(m.backbone.schedule);
    p["backbone"]["diffusion_steps"] = m.backbone.diffusionSteps;
    p["backbone"]["sha256"] = m.backboneSha;
    if (!req.guidance.classifier.empty()) p["guidance"]["sha256"] = m.classifierSha;
    if (!req.guidance.sehwag.empty()) {
        p["guidance"]["sehwag_sha256"] = m.hardnessSha;
        p["guidance"]["hardness_classifier_sha256"] = m.hardness->info().classifierSha256;
        if (!req.guidance.discriminator.empty()) {
            p["guidance"]["discriminator_sha256"] = m.discriminatorSha;
            p["guidance"]["real_class"] = m.realClass;
        }
    }
    p["device"] = device.str();
    p["minoritylens_version"] = engineVersion();
    p["minoritylens_commit"] = engineCommit();
    p["libtorch_version"] = torchVersion();
    return p;
}

class SampleRun {
public:
    SampleRun(const SampleRequest& req, const Loaded& m, const torch::Device& device, ProgressSink& progress,
              int runs)
        : m_req(req),
          m_m(m),
          m_device(device),
          m_progress(progress),
          m_diffusion(m.backbone.process(req.respacing)) {
        const models::AdmConfig& bc = m.backbone.config();
        m_total = req.numSamples;
        if (!req.replayNoise.empty()) {
            const io::StateDict rec = withContext("reading " + req.replayNoise,
                                                  [&] { return io::loadTensorFile(req.replayNoise); });
            m_replayXT = io::requireTensor(rec, "x_T");
            if (const torch::Tensor* n = io::findTensor(rec, "noises")) m_replayNoises = *n;
            m_total = m_replayXT.size(0);
            if (m_replayXT.dim() != 4 || m_replayXT.size(1) != bc.inChannels ||
                m_replayXT.size(2) != bc.imageSize || m_replayXT.size(3) != bc.imageSize)
                throw Error(ErrorCode::ShapeMismatch,
                            "recorded x_T " + io::shapeToString(m_replayXT.sizes().vec()) +
                                " does not fit a " + std::to_string(bc.inChannels) + "x" +
                                std::to_string(bc.imageSize) + "x" + std::to_string(bc.imageSize) + " model");
        }
        m_batch = m_replayXT.defined() ? m_total : req.batchSize;
        m_batches = (m_total + m_batch - 1) / m_batch;
        m_runs = runs;
    }

    int64_t total() const { return m_total; }
    int64_t batches() const { return m_batches; }

    // Sharded runs: batches found in `store` are loaded, a shard samples only its own and saves each
    // (then calls onSaved), a merge samples none and notes the missing ones.
    void useStore(const SampleBatches* store, nlohmann::json parameters, std::function<void()> onSaved) {
        m_store = store;
        m_params = std::move(parameters);
        m_onSaved = std::move(onSaved);
    }
    const std::vector<uint64_t>& missing() const { return m_missing; }
    int64_t sampled() const { return m_sampled; }
    int64_t reused() const { return m_reused; }
    const std::set<std::string>& devices() const { return m_devices; }  // where the batches were made

    // One sampling pass over all samples (a shard: its batches), guided or not: [N, C, H, W] in
    // [-1, 1] on the CPU; undefined when this run has none.
    torch::Tensor all(bool guided, int runIndex, double* seconds) {
        std::vector<torch::Tensor> results;
        const auto start = std::chrono::steady_clock::now();
        for (int64_t first = 0, b = 0; first < m_total; first += m_batch, ++b) {
            const int64_t n = std::min(m_batch, m_total - first);
            if (!m_req.shard.owns(static_cast<uint64_t>(b))) continue;  // another shard's
            if (m_store && m_store->has(guided, b)) {
                nlohmann::json made;
                torch::Tensor x = m_store->load(guided, b, &made);
                if (x.dim() != 4 || x.size(0) != n)
                    throw Error(ErrorCode::Format, "the shard batch " + std::to_string(b) + " in " +
                                                       m_store->folder() + " does not hold its " +
                                                       std::to_string(n) + " samples");
                m_devices.insert(made.value("device", std::string("?")));
                results.push_back(std::move(x));
                ++m_reused;
                continue;
            }
            if (m_req.mergeOnly) {
                m_missing.push_back(static_cast<uint64_t>(b));
                continue;
            }
            BatchProgress bp(m_progress, runIndex * m_batches + b, m_runs * m_batches);
            results.push_back(batch(first, n, guided, bp));
            ++m_sampled;
            m_devices.insert(m_device.str());
            if (m_store && m_req.shard.active()) {
                m_store->save(guided, b, results.back(), m_params);
                if (m_onSaved) m_onSaved();
            }
        }
        *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return results.empty() ? torch::Tensor() : torch::cat(results, 0).contiguous();
    }

private:
    torch::Tensor batch(int64_t first, int64_t n, bool guided, ProgressSink& progress) {
        const models::AdmConfig& bc = m_m.backbone.config();
        const std::vector<int64_t> shape = {n, bc.inChannels, bc.imageSize, bc.imageSize};
        std::unique_ptr<diffusion::NoiseSource> noise;
        if (m_replayXT.defined())
            noise = std::make_unique<diffusion::ReplayNoise>(m_replayXT, m_replayNoises);
        else
            noise = std::make_unique<diffusion::PerSampleNoise>(m_req.seed, first, n);
        std::optional<torch::Tensor> y, label;
        if (m_req.classLabel >= 0)
            label = torch::full({n}, m_req.classLabel,
                                torch::TensorOptions().dtype(torch::kInt64).device(m_device));
        if (bc.numClasses) y = label;
        const diffusion::ModelFn modelFn = [unet = m_m.backbone.unet().ptr(), y](const torch::Tensor& x,
                                                                                 const torch::Tensor& t) {
            return unet->forward(x, t, y);
        };
        diffusion::GuidanceFn guidance;
        const GuidanceSpec& g = m_req.guidance;
        if (guided && m_m.hardness && (g.alpha > 0 || g.beta > 0)) {
            minority::SehwagTerms terms;
            terms.hardness = m_m.hardness;
            if (label) terms.classes = label;
            terms.alpha = g.alpha;
            terms.beta = g.beta;
            terms.tau = g.tau;
            terms.discriminator = m_m.discriminator;
            terms.discriminatorHardness = m_m.discriminatorHardness;
            terms.realClass = m_m.realClass;
            guidance = minority::sehwagGuidance(terms);
        } else if (guided && m_m.classifier && g.scale != 0.0) {
            const std::optional<torch::Tensor> clfLabel =
                m_m.classifier->classConditional() ? label : std::nullopt;
            guidance =
                !g.mixtureWeights.empty()
                    ? minority::mixtureGuidance(m_m.classifier, g.mixtureWeights, g.scale, clfLabel)
                    : minority::classifierGuidance(
                          m_m.classifier, torch::full({n}, g.targetClass, torch::kInt64), g.scale, clfLabel);
        }
        diffusion::SamplerOptions o;
        o.ddim = m_req.sampler == Sampler::Ddim;
        o.eta = m_req.eta;
        o.clipDenoised = m_req.clipDenoised;
        diffusion::StepCallback onStep;
        if (m_req.onPreview && m_req.previewEvery > 0) {
            o.previewEvery = m_req.previewEvery;
            onStep = [this, first, guided](const diffusion::StepView& v) {
                SamplePreview p{first, v.step, v.total, {}, guided};
                for (int64_t i = 0; i < v.predXstart.size(0); ++i)
                    p.images.push_back(tensorToImage8(v.predXstart[i].cpu()));
                m_req.onPreview(p);
            };
        }
        return diffusion::sampleLoop(m_diffusion, modelFn, guidance ? &guidance : nullptr, *noise, shape, o,
                                     m_device, progress, onStep)
            .clamp(-1, 1)
            .to(torch::kCPU);
    }

    const SampleRequest& m_req;
    const Loaded& m_m;
    torch::Device m_device;
    ProgressSink& m_progress;
    diffusion::GaussianDiffusion m_diffusion;
    torch::Tensor m_replayXT, m_replayNoises;
    int64_t m_total = 0, m_batch = 1, m_batches = 1;
    int m_runs = 1;
    const SampleBatches* m_store = nullptr;
    nlohmann::json m_params;
    std::function<void()> m_onSaved;
    std::vector<uint64_t> m_missing;
    int64_t m_sampled = 0, m_reused = 0;
    std::set<std::string> m_devices;
};

}  // namespace

// Everything the unguided baseline depends on; empty when it must not be reused (replayed noise).
std::string baselineKey(const SampleRequest& req, const Loaded& m, const torch::Device& device) {
    if (!req.withBaseline || !req.replayNoise.empty()) return {};
    SampleRequest k = req;
    k.guidance = GuidanceSpec{};
    k.outDir.clear();
    k.writePngs = true;
    k.previewEvery = 0;
    k.onPreview = nullptr;
    return toJson(k) + "|" + device.str() + "|" + m.backboneSha;
}

struct SamplingSession::Impl {
    Loaded loaded;
    std::string baselineKey;  // of `baseline`, the last completed baseline run
    torch::Tensor baseline;

    void loadSehwag(const GuidanceSpec& g, const torch::Device& device) {
        const std::string key =
            g.sehwag + "|" + g.discriminator + "|" + g.discriminatorConfig + "|" + device.str();
        if (g.sehwag.empty()) {
            loaded.hardness.reset();
            loaded.discriminator.reset();
            loaded.discriminatorHardness.reset();
            loaded.sehwagKey.clear();
            return;
        }
        if (key == loaded.sehwagKey) return;
        loaded.sehwagKey.clear();
        loaded.hardness = std::make_shared<minority::HardnessModel>(g.sehwag, device);
        loaded.hardnessSha = sha256File(g.sehwag);
        loaded.discriminator.reset();
        loaded.discriminatorHardness.reset();
        if (!g.discriminator.empty()) {
            const io::Checkpoint ckpt = io::Checkpoint::open(g.discriminator);
            if (ckpt.metadata().count(minority::kHardnessMetadataKey))
                loaded.discriminatorHardness =
                    std::make_shared<minority::HardnessModel>(g.discriminator, device);
            else
                loaded.discriminator =
                    minority::MinorityClassifier::load(g.discriminator, g.discriminatorConfig, device);
            loaded.discriminatorSha = sha256File(g.discriminator);
            loaded.realClass = minority::realClassOf(g.discriminator);
        }
        loaded.sehwagKey = key;
    }

    void load(const SampleRequest& req, const torch::Device& device) {
        const BackboneSpec& b = req.backbone;
        const std::string backboneKey = toJson(b) + "|" + device.str();
        if (backboneKey != loaded.backboneKey) {
            loaded.backboneKey.clear();
            loaded.backbone = models::loadBackbone(b, device);
            loaded.backboneSha = sha256File(b.checkpoint);
            loaded.backboneKey = backboneKey;
        }
        const GuidanceSpec& g = req.guidance;
        loadSehwag(g, device);
        if (g.classifier.empty()) {
            loaded.classifier.reset();
            loaded.classifierKey.clear();
            return;
        }
        const std::string classifierKey = g.classifier + "|" + g.classifierConfig + "|" + device.str();
        if (classifierKey != loaded.classifierKey) {
            loaded.classifierKey.clear();
            loaded.classifier = minority::MinorityClassifier::load(g.classifier, g.classifierConfig, device);
            loaded.classifierSha = sha256File(g.classifier);
            loaded.classifierKey = classifierKey;
        }
    }
};

SamplingSession::SamplingSession() : m_impl(std::make_unique<Impl>()) {}
SamplingSession::~SamplingSession() = default;

std::string respacingFor(Sampler sampler, int steps) {
    return (sampler == Sampler::Ddim ? "ddim" : "") + std::to_string(steps);
}

SampleResult runSample(const SampleRequest& req, ProgressSink& progress) {
    SamplingSession session;
    return session.run(req, progress);
}

int SamplingSession::classifierClasses(const SampleRequest& req) {
    return withContext("sampling", [&] {
        validate(req);
        m_impl->load(req, selectDevice(req.device));
        return m_impl->loaded.classifier ? m_impl->loaded.classifier->numClasses() : 0;
    });
}

SampleResult SamplingSession::run(const SampleRequest& req, ProgressSink& progress) {
    return withContext("sampling", [&] {
        spdlog::info("sample: {}", toJson(req));
        validate(req);
        const torch::Device device = selectDevice(req.device);
        m_impl->load(req, device);
        const Loaded& m = m_impl->loaded;
        checkCompatibility(req, m.backbone, m.classifier.get());
        checkSehwag(req, m);
        const nlohmann::json params = resolvedParameters(req, m, device);
        spdlog::info("sample: resolved {}", params.dump());

        torch::NoGradGuard noGrad;  // not InferenceMode: guidance needs autograd
        // Sharded runs keep one file per batch; a run without a shard uses them when they exist.
        std::optional<SampleBatches> store;
        if (!req.outDir.empty() && req.replayNoise.empty()) {
            store.emplace(req.outDir, params);
            if (!req.shard.active() && !req.mergeOnly && !store->exists()) store.reset();
        }
        const std::string key = store ? "" : baselineKey(req, m, device);
        SampleResult res;
        res.device = device.str();
        res.baselineReused = !key.empty() && key == m_impl->baselineKey;
        const bool sampleBaseline = req.withBaseline && !res.baselineReused;
        SampleRun run(req, m, device, progress, sampleBaseline ? 2 : 1);
        ShardStatus status;
        status.shard = req.shard;
        const auto started = std::chrono::steady_clock::now();
        auto saveStatus = [&](bool finished) {
            if (!req.shard.active()) return;
            status.finished = finished;
            const double s =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            status.itemsPerSecond = s > 0 ? static_cast<double>(status.done) * req.batchSize / s : 0.0;
            writeShardStatus(req.outDir, "sample", status);
        };
        if (store) {
            for (int64_t b = 0; b < run.batches(); ++b)
                if (req.shard.owns(static_cast<uint64_t>(b)))
                    for (int set = 0; set < (req.withBaseline ? 2 : 1); ++set) {
                        ++status.units;
                        status.done += store->has(set == 0, b) ? 1 : 0;
                    }
            run.useStore(&*store, params, [&] {
                ++status.done;
                saveStatus(false);
            });
            if (req.shard.active()) {
                res.shardStatusPath =
                    (fs::path(req.outDir) / "shards" / (req.shard.fileStem("sample") + ".json")).string();
                saveStatus(false);
            }
        }
        torch::Tensor baseline;
        if (res.baselineReused) {
            baseline = m_impl->baseline;
        } else if (sampleBaseline) {
            m_impl->baselineKey.clear();
            baseline = run.all(false, 0, &res.baselineSeconds);
            if (!key.empty()) {
                m_impl->baseline = baseline;
                m_impl->baselineKey = key;
            }
        }
        const torch::Tensor samples = run.all(true, sampleBaseline ? 1 : 0, &res.seconds);
        res.seconds += res.baselineSeconds;
        res.batchesSampled = run.sampled();
        res.batchesReused = run.reused();
        if (req.shard.active()) {  // the shard's batches are on disk; the merge writes the set
            saveStatus(true);
            res.numSamples = samples.defined() ? samples.size(0) : 0;
            spdlog::info("sample: shard {} done: {} batch runs sampled, {} already there, in {:.1f} s",
                         req.shard.label(), res.batchesSampled, res.batchesReused, res.seconds);
            return res;
        }
        if (!run.missing().empty())
            throw Error(ErrorCode::NotFound,
                        std::to_string(run.missing().size()) +
                            " batch runs are not sampled yet (first: batch " +
                            std::to_string(run.missing().front()) + "): " +
                            shardsToRerun(req.outDir, "sample", run.missing(),
                                          "run the same command without --merge to sample them"));
        nlohmann::json setParams = params;  // a merge: where the shards made the batches
        if (store && !run.devices().empty()) {
            std::string devices;
            for (const std::string& d : run.devices())
                devices += (devices.empty() ? "" : ",") + d;
            setParams["device"] = devices;
        }
        res.numSamples = samples.size(0);
        const GuidanceSpec& g = req.guidance;
        const int64_t classValue =
            g.classifier.empty() ? req.classLabel : (g.mixtureWeights.empty() ? g.targetClass : -1);
        nlohmann::json guidedParams = setParams;
        guidedParams["set"] = "guided";
        res.guided = toSampleSet(samples, classValue, guidedParams.dump());
        if (req.withBaseline) {
            nlohmann::json baseParams = setParams;
            baseParams["set"] = "baseline";
            baseParams["guidance"]["scale"] = 0.0;
            baseParams["guidance"]["alpha"] = 0.0;
            baseParams["guidance"]["beta"] = 0.0;
            res.baseline = toSampleSet(baseline, req.classLabel, baseParams.dump());
        }
        if (!req.outDir.empty()) {
            const SampleFiles f = writeSampleSet(res, req.outDir, req.writePngs);
            res.safetensorsPath = f.safetensors;
            res.npzPath = f.npz;
            res.pngPaths = f.pngs;
            res.baselineDir = f.baselineDir;
        }
        spdlog::info("sample: {} images in {:.2f} s ({:.3f} s/image) on {}", res.numSamples, res.seconds,
                     res.seconds / static_cast<double>(res.numSamples * (sampleBaseline ? 2 : 1)),
                     res.device);
        return res;
    });
}

SampleFiles writeSampleSet(const SampleResult& result, const std::string& outDir, bool writePngs) {
    return withContext("writing samples to " + outDir, [&] {
        if (result.guided.empty()) throw Error(ErrorCode::InvalidArgument, "there are no samples to write");
        const fs::path out(outDir);
        SampleFiles files;
        if (!result.baseline.empty()) {
            files.baselineDir = (out / "baseline").string();
            writeSetFolder(out / "baseline", result.baseline, writePngs);
        }
        const SampleFiles g =
            writeSetFolder(result.baseline.empty() ? out : out / "guided", result.guided, writePngs);
        files.safetensors = g.safetensors;
        files.npz = g.npz;
        files.pngs = g.pngs;
        return files;
    });
}

}  // namespace mlens
