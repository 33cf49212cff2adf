// The `sample` job: unguided, classifier-guided (minority guidance) or mixture-guided sampling from a
// guided-diffusion backbone; optionally the unguided baseline from the same noise.
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <opencv2/imgproc.hpp>

#include "engine/api/error.h"
#include "engine/api/sampling.h"
#include "engine/core/device.h"
#include "engine/core/image_tensor.h"
#include "engine/diffusion/sampler.h"
#include "engine/io/npy.h"
#include "engine/io/png_text.h"
#include "engine/io/torch_tensors.h"
#include "engine/minority/guidance.h"
#include "engine/models/model_loader.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

nlohmann::json requestJson(const SampleRequest& r) {
    return {{"model", r.model},           {"model_config", r.modelConfig}, {"image_size", r.imageSize},
            {"schedule", r.schedule},     {"diffusion_steps", r.diffusionSteps}, {"respacing", r.respacing},
            {"sigma_small", r.sigmaSmall}, {"ddim", r.ddim},               {"eta", r.eta},
            {"clip_denoised", r.clipDenoised}, {"class_label", r.classLabel}, {"classifier", r.classifier},
            {"classifier_config", r.classifierConfig}, {"target_class", r.targetClass}, {"scale", r.scale},
            {"mixture_weights", r.mixtureWeights}, {"num_samples", r.numSamples}, {"seed", r.seed},
            {"batch_size", r.batchSize}, {"replay_noise", r.replayNoise}, {"device", r.device}};
}

std::string sampleName(int64_t i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "sample_%06lld.png", static_cast<long long>(i));
    return buf;
}

// Per-batch progress folded into one bar over all batches (and both runs).
class BatchProgress final : public ProgressSink {
public:
    BatchProgress(ProgressSink& outer, int64_t index, int64_t count) : m_outer(outer), m_index(index), m_count(count) {}
    void report(int64_t done, int64_t steps, const std::string&) override { m_outer.report(m_index * steps + done, m_count * steps, "sampling"); }
    bool cancelRequested() const override { return m_outer.cancelRequested(); }

private:
    ProgressSink& m_outer;
    int64_t m_index, m_count;
};

struct Outputs {
    std::string safetensors, npz;
    std::vector<std::string> pngs;
};

Outputs writeOutputs(const fs::path& dir, const torch::Tensor& all, nlohmann::json params, int64_t classValue, bool pngs,
                     std::vector<cv::Mat>* keep) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(ErrorCode::Io, "cannot create " + dir.string() + ": " + ec.message());
    Outputs o;
    const int64_t n = all.size(0);
    o.safetensors = (dir / "samples.safetensors").string();
    io::saveSafetensors(o.safetensors, {{"x0", all}}, {{"minoritylens", params.dump()}});
    const torch::Tensor u8 = toUint8Nhwc(all);
    const torch::Tensor classes = torch::full({n}, classValue, torch::kInt64);
    io::NpyArray arr0{"arr_0", io::DType::UInt8, u8.sizes().vec(),
                      std::vector<uint8_t>(u8.data_ptr<uint8_t>(), u8.data_ptr<uint8_t>() + u8.numel())};
    io::NpyArray arr1{"arr_1", io::DType::Int64, {n},
                      std::vector<uint8_t>(reinterpret_cast<const uint8_t*>(classes.data_ptr<int64_t>()),
                                           reinterpret_cast<const uint8_t*>(classes.data_ptr<int64_t>() + n))};
    o.npz = (dir / "samples.npz").string();
    io::writeNpz(o.npz, {arr0, arr1});
    const std::string text = params.dump();
    for (int64_t i = 0; i < n; ++i) {
        cv::Mat img = tensorToImage8(all[i]);
        if (pngs) {
            const std::string path = (dir / sampleName(i)).string();
            writeSamplePng(path, img, text, i);
            o.pngs.push_back(path);
        }
        if (keep) keep->push_back(img);
    }
    return o;
}

}  // namespace

struct SamplingSession::Impl {
    std::string backboneKey, classifierKey;
    models::LoadedAdm backbone;
    std::shared_ptr<minority::MinorityClassifier> classifier;
};

SamplingSession::SamplingSession() : m_impl(std::make_unique<Impl>()) {}
SamplingSession::~SamplingSession() = default;

SampleResult runSample(const SampleRequest& req, ProgressSink& progress) {
    SamplingSession session;
    return session.run(req, progress);
}

void writeSamplePng(const std::string& path, const cv::Mat& image, const std::string& parameters, int64_t index) {
    nlohmann::json p = nlohmann::json::parse(parameters);
    p["index"] = index;
    if (p.value("replay_noise", std::string()).empty()) p["sample_seed"] = p.value("seed", uint64_t{0}) + static_cast<uint64_t>(index);
    io::writePng(path, image, {{"Software", std::string("MinorityLens")}, {"minoritylens", p.dump()}});
}

void writeSamplesNpz(const std::string& path, const std::vector<cv::Mat>& images, int64_t classValue) {
    if (images.empty()) throw Error(ErrorCode::InvalidArgument, "no samples to write");
    const int h = images[0].rows, w = images[0].cols, c = images[0].channels();
    io::NpyArray arr0{"arr_0", io::DType::UInt8, {static_cast<int64_t>(images.size()), h, w, c}, {}};
    for (const cv::Mat& img : images) {
        if (img.rows != h || img.cols != w || img.channels() != c || img.depth() != CV_8U)
            throw Error(ErrorCode::InvalidArgument, "samples differ in size or type");
        cv::Mat rgb;
        if (c == 3) cv::cvtColor(img, rgb, cv::COLOR_BGR2RGB);
        else rgb = img.isContinuous() ? img : img.clone();
        arr0.data.insert(arr0.data.end(), rgb.data, rgb.data + rgb.total() * rgb.elemSize());
    }
    const std::vector<int64_t> classes(images.size(), classValue);
    io::NpyArray arr1{"arr_1", io::DType::Int64, {static_cast<int64_t>(images.size())},
                      std::vector<uint8_t>(reinterpret_cast<const uint8_t*>(classes.data()), reinterpret_cast<const uint8_t*>(classes.data() + classes.size()))};
    io::writeNpz(path, {arr0, arr1});
}

SampleResult SamplingSession::run(const SampleRequest& req, ProgressSink& progress) {
    const nlohmann::json params = requestJson(req);
    spdlog::info("sample: {}", params.dump());
    if (req.outDir.empty() && !req.keepImages) throw Error(ErrorCode::InvalidArgument, "an output folder is required");
    if (req.numSamples < 1 && req.replayNoise.empty()) throw Error(ErrorCode::InvalidArgument, "--num-samples must be at least 1");
    if (req.batchSize < 1) throw Error(ErrorCode::InvalidArgument, "--batch-size must be at least 1");
    if (!std::isfinite(req.scale)) throw Error(ErrorCode::InvalidArgument, "the guidance scale must be a finite number");
    if (req.eta < 0 || !std::isfinite(req.eta)) throw Error(ErrorCode::InvalidArgument, "eta must be >= 0");
    const bool mixture = !req.mixtureWeights.empty();
    if (!req.classifier.empty() && req.targetClass < 0 && !mixture)
        throw Error(ErrorCode::InvalidArgument, "a classifier needs a target class (or mixture weights)");
    if (req.withBaseline && req.classifier.empty()) throw Error(ErrorCode::InvalidArgument, "a baseline comparison needs a classifier");

    const torch::Device device = selectDevice(req.device);
    const std::string backboneKey = req.model + "|" + req.modelConfig + "|" + std::to_string(req.imageSize) + "|" + device.str();
    if (backboneKey != m_impl->backboneKey) {
        m_impl->backboneKey.clear();
        m_impl->backbone = models::loadAdm(req.model, req.modelConfig, device, models::AdmKind::UNet, "backbone", req.imageSize);
        m_impl->backboneKey = backboneKey;
    }
    const models::LoadedAdm& backbone = m_impl->backbone;
    const models::AdmConfig& bc = backbone.config;
    const auto variance = bc.learnSigma() ? diffusion::VarianceType::LearnedRange
                                          : (req.sigmaSmall ? diffusion::VarianceType::FixedSmall : diffusion::VarianceType::FixedLarge);
    if (!bc.learnSigma() && bc.outChannels != bc.inChannels)
        throw Error(ErrorCode::Unsupported, "the backbone outputs " + std::to_string(bc.outChannels) + " channels for " +
                                                std::to_string(bc.inChannels) + " input channels: not an epsilon-prediction model");
    const std::string schedule = !req.schedule.empty() ? req.schedule : (!backbone.schedule.empty() ? backbone.schedule : "linear");
    const int steps = req.diffusionSteps > 0 ? req.diffusionSteps : (backbone.diffusionSteps > 0 ? backbone.diffusionSteps : 1000);
    const auto diff = diffusion::GaussianDiffusion::create(diffusion::parseSchedule(schedule), steps, req.respacing, variance);

    if (bc.numClasses) {
        if (req.classLabel < 0 || req.classLabel >= *bc.numClasses)
            throw Error(ErrorCode::InvalidArgument, "the backbone is class-conditional: --class-label must be in 0.." +
                                                        std::to_string(*bc.numClasses - 1));
    } else if (req.classLabel >= 0 && req.classifier.empty()) {
        throw Error(ErrorCode::InvalidArgument, "--class-label given, but the backbone is unconditional");
    }

    std::shared_ptr<minority::MinorityClassifier> classifier;
    if (!req.classifier.empty()) {
        const std::string classifierKey = req.classifier + "|" + req.classifierConfig + "|" + device.str();
        if (classifierKey != m_impl->classifierKey) {
            m_impl->classifierKey.clear();
            m_impl->classifier = minority::MinorityClassifier::load(req.classifier, req.classifierConfig, device);
            m_impl->classifierKey = classifierKey;
        }
        classifier = m_impl->classifier;
        if (classifier->inChannels() != bc.inChannels)
            throw Error(ErrorCode::ShapeMismatch, "the classifier takes " + std::to_string(classifier->inChannels()) + " channels, the backbone makes " +
                                                      std::to_string(bc.inChannels));
        if (classifier->imageSizeKnown() && classifier->imageSize() != bc.imageSize)
            throw Error(ErrorCode::ShapeMismatch, "classifier and backbone resolutions disagree (" + std::to_string(classifier->imageSize()) + " vs " +
                                                      std::to_string(bc.imageSize) + ")");
        if (!mixture && req.targetClass >= classifier->numClasses())
            throw Error(ErrorCode::InvalidArgument, "target class " + std::to_string(req.targetClass) + " is out of range: the classifier has " +
                                                        std::to_string(classifier->numClasses()) + " classes (0.." +
                                                        std::to_string(classifier->numClasses() - 1) + ")");
        if (classifier->classConditional() && (req.classLabel < 0 || req.classLabel >= *classifier->spec().head.numClasses))
            throw Error(ErrorCode::InvalidArgument, "the classifier is class-conditional: --class-label must be in 0.." +
                                                        std::to_string(*classifier->spec().head.numClasses - 1));
    }

    // Replayed noise fixes the batch.
    torch::Tensor replayXT, replayNoises;
    int64_t total = req.numSamples;
    if (!req.replayNoise.empty()) {
        const io::StateDict rec = withContext("reading " + req.replayNoise, [&] { return io::loadTensorFile(req.replayNoise); });
        replayXT = io::requireTensor(rec, "x_T");
        if (const torch::Tensor* n = io::findTensor(rec, "noises")) replayNoises = *n;
        total = replayXT.size(0);
        if (replayXT.dim() != 4 || replayXT.size(1) != bc.inChannels || replayXT.size(2) != bc.imageSize || replayXT.size(3) != bc.imageSize)
            throw Error(ErrorCode::ShapeMismatch, "recorded x_T " + io::shapeToString(replayXT.sizes().vec()) + " does not fit a " +
                                                      std::to_string(bc.inChannels) + "x" + std::to_string(bc.imageSize) + "x" +
                                                      std::to_string(bc.imageSize) + " model");
    }
    const int64_t batch = replayXT.defined() ? total : req.batchSize;
    const int64_t batches = (total + batch - 1) / batch;
    const int runs = req.withBaseline ? 2 : 1;

    diffusion::SamplerOptions opts;
    opts.ddim = req.ddim;
    opts.eta = req.eta;
    opts.clipDenoised = req.clipDenoised;

    torch::NoGradGuard noGrad;  // not InferenceMode: guidance needs autograd
    // One full sampling pass over all samples, guided or not.
    auto runAll = [&](bool guided, int runIndex, double* seconds) {
        std::vector<torch::Tensor> results;
        const auto start = std::chrono::steady_clock::now();
        for (int64_t first = 0, b = 0; first < total; first += batch, ++b) {
            const int64_t n = std::min(batch, total - first);
            const std::vector<int64_t> shape = {n, bc.inChannels, bc.imageSize, bc.imageSize};
            std::unique_ptr<diffusion::NoiseSource> noise;
            if (replayXT.defined()) noise = std::make_unique<diffusion::ReplayNoise>(replayXT, replayNoises);
            else noise = std::make_unique<diffusion::PerSampleNoise>(req.seed, first, n);
            std::optional<torch::Tensor> y, label;
            if (req.classLabel >= 0) label = torch::full({n}, req.classLabel, torch::TensorOptions().dtype(torch::kInt64).device(device));
            if (bc.numClasses) y = label;
            const diffusion::ModelFn modelFn = [unet = backbone.unet.ptr(), y](const torch::Tensor& x, const torch::Tensor& t) {
                return unet->forward(x, t, y);
            };
            diffusion::GuidanceFn guidance;
            if (guided && classifier && req.scale != 0.0) {
                const std::optional<torch::Tensor> clfLabel = classifier->classConditional() ? label : std::nullopt;
                guidance = mixture ? minority::mixtureGuidance(classifier, req.mixtureWeights, req.scale, clfLabel)
                                   : minority::classifierGuidance(classifier, torch::full({n}, req.targetClass, torch::kInt64), req.scale, clfLabel);
            }
            diffusion::StepCallback onStep;
            diffusion::SamplerOptions o = opts;
            if (req.onPreview && req.previewEvery > 0) {
                o.previewEvery = req.previewEvery;
                onStep = [&, first, guided](const diffusion::StepView& v) {
                    SamplePreview p{first, v.step, v.total, {}, guided};
                    for (int64_t i = 0; i < v.predXstart.size(0); ++i) p.images.push_back(tensorToImage8(v.predXstart[i].cpu()));
                    req.onPreview(p);
                };
            }
            BatchProgress bp(progress, runIndex * batches + b, runs * batches);
            results.push_back(diffusion::sampleLoop(diff, modelFn, guidance ? &guidance : nullptr, *noise, shape, o, device, bp, onStep)
                                  .clamp(-1, 1)
                                  .to(torch::kCPU));
        }
        *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return torch::cat(results, 0).contiguous();  // [N, C, H, W] in [-1, 1]
    };

    SampleResult res;
    res.device = device.str();
    res.parameters = params.dump();
    torch::Tensor baseline;
    if (req.withBaseline) baseline = runAll(false, 0, &res.baselineSeconds);
    const torch::Tensor samples = runAll(true, runs - 1, &res.seconds);
    res.seconds += res.baselineSeconds;
    res.numSamples = samples.size(0);
    if (req.outDir.empty()) {  // interactive: images only
        for (int64_t i = 0; i < samples.size(0); ++i) res.images.push_back(tensorToImage8(samples[i]));
        if (req.withBaseline)
            for (int64_t i = 0; i < baseline.size(0); ++i) res.baselineImages.push_back(tensorToImage8(baseline[i]));
        return res;
    }
    const fs::path out(req.outDir);
    const int64_t classValue = req.classifier.empty() ? req.classLabel : (mixture ? -1 : req.targetClass);
    if (req.withBaseline) {
        nlohmann::json baseParams = params;
        baseParams["scale"] = 0.0;
        res.baselineDir = (out / "baseline").string();
        writeOutputs(out / "baseline", baseline, baseParams, req.classLabel, req.writePngs, req.keepImages ? &res.baselineImages : nullptr);
    }
    const Outputs o = writeOutputs(req.withBaseline ? out / "guided" : out, samples, params, classValue, req.writePngs,
                                   req.keepImages ? &res.images : nullptr);
    res.safetensorsPath = o.safetensors;
    res.npzPath = o.npz;
    res.pngPaths = o.pngs;
    spdlog::info("sample: {} images in {:.2f} s ({:.3f} s/image) on {}", res.numSamples, res.seconds,
                 res.seconds / static_cast<double>(res.numSamples * runs), res.device);
    return res;
}

}  // namespace mlens
