#include "engine/api/checkpoint_tools.h"

#include <spdlog/spdlog.h>
#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "engine/api/error.h"
#include "engine/core/device.h"
#include "engine/io/checkpoint.h"
#include "engine/io/torch_tensors.h"
#include "engine/models/config_inference.h"
#include "engine/models/model_loader.h"

namespace mlens {

namespace {

bool has(const io::Checkpoint& c, const std::string& suffix) {
    for (const auto& t : c.tensors())
        if (t.name.size() >= suffix.size() &&
            t.name.compare(t.name.size() - suffix.size(), suffix.size(), suffix) == 0)
            return true;
    return false;
}

// Recognises the other networks MinorityLens reads, by their torchvision / lpips names.
std::string otherModelType(const io::Checkpoint& c) {
    if (has(c, "lin0.model.1.weight")) return "LPIPS linear heads";
    if (has(c, "layer4.2.conv3.weight") && has(c, "layer1.0.downsample.0.weight"))
        return "ResNet-50 (torchvision)";
    if (has(c, "features.28.weight")) return "VGG16 features (torchvision)";
    if (has(c, "features.10.weight") && !has(c, "features.12.weight"))
        return "AlexNet features (torchvision)";
    return "unknown";
}

}  // namespace

static InspectResult inspect(const std::string& path) {
    const io::Checkpoint ckpt = io::Checkpoint::open(path);
    InspectResult r;
    r.path = path;
    r.format = io::formatName(ckpt.format());
    r.fileSize = ckpt.fileSize();
    for (const auto& t : ckpt.tensors()) {
        r.tensors.push_back({t.name, io::dtypeName(t.record->dtype), t.record->shape});
        r.parameterCount += t.record->numel();
    }
    for (const auto& v : ckpt.values())
        r.values.emplace_back(v.name, v.repr);
    r.metadata = ckpt.metadata();
    if (const auto kind = models::detectAdmKind(ckpt.tensors(), &r.prefix)) {
        r.modelType = models::kindName(*kind);
        try {
            const models::ResolvedConfig used = models::resolveConfig(ckpt, path, {}, *kind);
            r.configJson = models::configToJson(used.config).dump(1);
            r.configSource = used.source;
            r.inferred = used.inferred;
            r.assumed = used.assumed;
        } catch (const Error& e) {
            r.inferenceError = e.message();
        }
    } else {
        r.modelType = otherModelType(ckpt);
    }
    return r;
}

static VerifyResult verify(const VerifyRequest& req) {
    spdlog::info("verify: model={} config={} io={} tol={} device={}", req.model, req.config, req.io,
                 req.tolerance, req.device);
    const torch::Device device = selectDevice(req.device);
    const io::StateDict io = withContext("reading " + req.io, [&] { return io::loadTensorFile(req.io); });
    models::LoadedAdm m = models::loadAdm(req.model, req.config, device, std::nullopt, "model");
    return withContext("verifying against " + req.io, [&] {
        c10::InferenceMode inference;
        const torch::Tensor x = io::requireTensor(io, "x").to(device, torch::kFloat32);
        const torch::Tensor t = io::requireTensor(io, "t").to(device, torch::kInt64);
        const torch::Tensor ref = io::requireTensor(io, "out").to(torch::kFloat64);
        if (x.dim() != 4 || x.size(1) != m.config.inChannels)
            throw Error(ErrorCode::ShapeMismatch,
                        "x " + io::shapeToString(x.sizes().vec()) + " does not fit a model with " +
                            std::to_string(m.config.inChannels) + " input channels");
        if (t.dim() != 1 || t.size(0) != x.size(0))
            throw Error(ErrorCode::ShapeMismatch, "t must be [N] for x of batch N");
        std::optional<torch::Tensor> y;
        if (const torch::Tensor* yt = io::findTensor(io, "y"); yt && m.config.numClasses)
            y = yt->to(device, torch::kInt64);
        if (y && (y->min().item<int64_t>() < 0 || y->max().item<int64_t>() >= *m.config.numClasses))
            throw Error(ErrorCode::InvalidArgument,
                        "class labels in y are outside 0.." + std::to_string(*m.config.numClasses - 1));
        const torch::Tensor out0 = m.unet ? m.unet->forward(x, t, y) : m.encoder->forward(x, t, y);
        torch::Tensor out = out0;
        out = out.to(torch::kCPU, torch::kFloat64);
        if (out.sizes() != ref.sizes())
            throw Error(ErrorCode::ShapeMismatch, "model output " + io::shapeToString(out.sizes().vec()) +
                                                      " vs recorded out " +
                                                      io::shapeToString(ref.sizes().vec()));
        VerifyResult r;
        r.modelType = models::kindName(m.config.kind);
        r.configSource = m.configSource;
        r.device = device.str();
        r.outputShape = out.sizes().vec();
        const double refNorm = ref.norm().item<double>();
        const double diffNorm = (out - ref).norm().item<double>();
        r.relativeError = refNorm > 0 ? diffNorm / refNorm : diffNorm;
        r.maxAbsError = (out - ref).abs().max().item<double>();
        r.passed = std::isfinite(r.relativeError) && r.relativeError <= req.tolerance;
        return r;
    });
}

InspectResult inspectCheckpoint(const std::string& path) {
    return withContext("inspecting " + path, [&] { return inspect(path); });
}

VerifyResult verifyCheckpoint(const VerifyRequest& request) {
    return withContext("verifying " + request.model, [&] { return verify(request); });
}

}  // namespace mlens
