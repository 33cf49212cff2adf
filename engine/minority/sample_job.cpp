// The `sample` job: unguided or classifier-guided sampling from a guided-diffusion backbone.
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

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

namespace mlens {

namespace {

nlohmann::json requestJson(const SampleRequest& r) {
    return {{"model", r.model},           {"model_config", r.modelConfig}, {"image_size", r.imageSize},
            {"schedule", r.schedule},     {"diffusion_steps", r.diffusionSteps}, {"respacing", r.respacing},
            {"sigma_small", r.sigmaSmall}, {"ddim", r.ddim},               {"eta", r.eta},
            {"clip_denoised", r.clipDenoised}, {"class_label", r.classLabel}, {"classifier", r.classifier},
            {"classifier_config", r.classifierConfig}, {"target_class", r.targetClass}, {"scale", r.scale},
            {"num_samples", r.numSamples}, {"seed", r.seed},                {"batch_size", r.batchSize},
            {"replay_noise", r.replayNoise}, {"device", r.device}};
}

std::string sampleName(int64_t i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "sample_%06lld.png", static_cast<long long>(i));
    return buf;
}

}  // namespace

SampleResult runSample(const SampleRequest& req, ProgressSink& progress) {
    const nlohmann::json params = requestJson(req);
    spdlog::info("sample: {}", params.dump());
    if (req.outDir.empty()) throw Error(ErrorCode::InvalidArgument, "an output folder is required");
    if (req.numSamples < 1 && req.replayNoise.empty()) throw Error(ErrorCode::InvalidArgument, "--num-samples must be at least 1");
    if (req.batchSize < 1) throw Error(ErrorCode::InvalidArgument, "--batch-size must be at least 1");
    if (!std::isfinite(req.scale)) throw Error(ErrorCode::InvalidArgument, "the guidance scale must be a finite number");
    if (req.eta < 0 || !std::isfinite(req.eta)) throw Error(ErrorCode::InvalidArgument, "eta must be >= 0");
    if (!req.classifier.empty() && req.targetClass < 0)
        throw Error(ErrorCode::InvalidArgument, "a classifier needs --target-class");

    const torch::Device device = selectDevice(req.device);
    const models::LoadedAdm backbone = models::loadAdm(req.model, req.modelConfig, device, models::AdmKind::UNet, "backbone", req.imageSize);
    const models::AdmConfig& bc = backbone.config;
    const auto variance = bc.learnSigma() ? diffusion::VarianceType::LearnedRange
                                          : (req.sigmaSmall ? diffusion::VarianceType::FixedSmall : diffusion::VarianceType::FixedLarge);
    if (!bc.learnSigma() && bc.outChannels != bc.inChannels)
        throw Error(ErrorCode::Unsupported, "the backbone outputs " + std::to_string(bc.outChannels) + " channels for " +
                                                std::to_string(bc.inChannels) + " input channels: not an epsilon-prediction model");
    const auto diff = diffusion::GaussianDiffusion::create(diffusion::parseSchedule(req.schedule), req.diffusionSteps, req.respacing, variance);

    std::optional<torch::Tensor> label;
    if (bc.numClasses) {
        if (req.classLabel < 0 || req.classLabel >= *bc.numClasses)
            throw Error(ErrorCode::InvalidArgument, "the backbone is class-conditional: --class-label must be in 0.." +
                                                        std::to_string(*bc.numClasses - 1));
    } else if (req.classLabel >= 0) {
        throw Error(ErrorCode::InvalidArgument, "--class-label given, but the backbone is unconditional");
    }

    models::LoadedAdm classifier;
    if (!req.classifier.empty()) {
        classifier = models::loadAdm(req.classifier, req.classifierConfig, device, models::AdmKind::EncoderUNet, "classifier");
        const models::AdmConfig& cc = classifier.config;
        if (cc.inChannels != bc.inChannels)
            throw Error(ErrorCode::ShapeMismatch, "the classifier takes " + std::to_string(cc.inChannels) + " channels, the backbone makes " +
                                                      std::to_string(bc.inChannels));
        const bool classifierSizeKnown = cc.pool == "attention" || !req.classifierConfig.empty();
        if (classifierSizeKnown && cc.imageSize != bc.imageSize)
            throw Error(ErrorCode::ShapeMismatch, "classifier and backbone resolutions disagree (" + std::to_string(cc.imageSize) + " vs " +
                                                      std::to_string(bc.imageSize) + ")");
        if (req.targetClass >= cc.outChannels)
            throw Error(ErrorCode::InvalidArgument, "target class " + std::to_string(req.targetClass) + " is out of range: the classifier has " +
                                                        std::to_string(cc.outChannels) + " classes (0.." + std::to_string(cc.outChannels - 1) + ")");
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

    std::error_code ec;
    std::filesystem::create_directories(req.outDir, ec);
    if (ec) throw Error(ErrorCode::Io, "cannot create " + req.outDir + ": " + ec.message());

    diffusion::SamplerOptions opts;
    opts.ddim = req.ddim;
    opts.eta = req.eta;
    opts.clipDenoised = req.clipDenoised;
    opts.previewEvery = req.onPreview ? req.previewEvery : 0;

    std::vector<torch::Tensor> results;
    const auto start = std::chrono::steady_clock::now();
    torch::NoGradGuard noGrad;  // not InferenceMode: guidance needs autograd
    for (int64_t first = 0; first < total; first += batch) {
        const int64_t n = std::min(batch, total - first);
        const std::vector<int64_t> shape = {n, bc.inChannels, bc.imageSize, bc.imageSize};
        std::unique_ptr<diffusion::NoiseSource> noise;
        if (replayXT.defined()) noise = std::make_unique<diffusion::ReplayNoise>(replayXT, replayNoises);
        else noise = std::make_unique<diffusion::PerSampleNoise>(req.seed, first, n);
        if (bc.numClasses) label = torch::full({n}, req.classLabel, torch::TensorOptions().dtype(torch::kInt64).device(device));
        const diffusion::ModelFn modelFn = [unet = backbone.unet.ptr(), label](const torch::Tensor& x, const torch::Tensor& t) {
            return unet->forward(x, t, label);
        };
        diffusion::GuidanceFn guidance;
        if (classifier.encoder && req.scale != 0.0)
            guidance = minority::classifierGuidance(classifier.encoder, torch::full({n}, req.targetClass, torch::kInt64), req.scale);
        diffusion::StepCallback onStep;
        if (opts.previewEvery > 0)
            onStep = [&, first](const diffusion::StepView& v) {
                SamplePreview p{first, v.step, v.total, {}};
                for (int64_t i = 0; i < v.predXstart.size(0); ++i) p.images.push_back(tensorToImage8(v.predXstart[i].cpu()));
                req.onPreview(p);
            };
        struct BatchProgress final : ProgressSink {
            ProgressSink& outer;
            int64_t first, total;
            BatchProgress(ProgressSink& o, int64_t f, int64_t t) : outer(o), first(f), total(t) {}
            void report(int64_t done, int64_t steps, const std::string&) override {
                outer.report(first * steps + done * 1, total * steps, "sampling");
            }
            bool cancelRequested() const override { return outer.cancelRequested(); }
        } batchProgress(progress, first / batch, (total + batch - 1) / batch);
        const torch::Tensor x0 = diffusion::sampleLoop(diff, modelFn, guidance ? &guidance : nullptr, *noise, shape, opts, device,
                                                       batchProgress, onStep);
        results.push_back(x0.clamp(-1, 1).to(torch::kCPU));
    }
    SampleResult res;
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    res.device = device.str();
    const torch::Tensor all = torch::cat(results, 0).contiguous();  // [N, C, H, W] in [-1, 1]
    res.numSamples = all.size(0);

    res.safetensorsPath = (std::filesystem::path(req.outDir) / "samples.safetensors").string();
    io::saveSafetensors(res.safetensorsPath, {{"x0", all}}, {{"minoritylens", params.dump()}});
    const torch::Tensor u8 = toUint8Nhwc(all);
    const int64_t classValue = req.classifier.empty() ? req.classLabel : req.targetClass;
    const torch::Tensor classes = torch::full({res.numSamples}, classValue, torch::kInt64);
    io::NpyArray arr0{"arr_0", io::DType::UInt8, u8.sizes().vec(),
                      std::vector<uint8_t>(u8.data_ptr<uint8_t>(), u8.data_ptr<uint8_t>() + u8.numel())};
    io::NpyArray arr1{"arr_1", io::DType::Int64, {res.numSamples},
                      std::vector<uint8_t>(reinterpret_cast<const uint8_t*>(classes.data_ptr<int64_t>()),
                                           reinterpret_cast<const uint8_t*>(classes.data_ptr<int64_t>() + res.numSamples))};
    res.npzPath = (std::filesystem::path(req.outDir) / "samples.npz").string();
    io::writeNpz(res.npzPath, {arr0, arr1});
    for (int64_t i = 0; i < res.numSamples; ++i) {
        cv::Mat img = tensorToImage8(all[i]);
        if (req.writePngs) {
            nlohmann::json p = params;
            p["index"] = i;
            p["sample_seed"] = req.replayNoise.empty() ? nlohmann::json(req.seed + static_cast<uint64_t>(i)) : nlohmann::json(nullptr);
            const std::string path = (std::filesystem::path(req.outDir) / sampleName(i)).string();
            io::writePng(path, img, {{"Software", std::string("MinorityLens")}, {"minoritylens", p.dump()}});
            res.pngPaths.push_back(path);
        }
        if (req.keepImages) res.images.push_back(img);
    }
    spdlog::info("sample: {} images in {:.2f} s ({:.3f} s/image) on {}", res.numSamples, res.seconds,
                 res.seconds / static_cast<double>(res.numSamples), res.device);
    return res;
}

}  // namespace mlens
