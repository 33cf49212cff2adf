#include "engine/models/model_loader.h"

#include <spdlog/spdlog.h>
#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "engine/api/error.h"
#include "engine/models/state_dict.h"

namespace mlens::models {

namespace {

// guided-diffusion users keep the constructor arguments beside the weights (model.pt + model.json);
// such a file is used when it is a valid configuration, otherwise the configuration is inferred.
std::string siblingConfig(const std::string& checkpoint, AdmKind kind, AdmConfig* config) {
    std::filesystem::path json(checkpoint);
    json.replace_extension(".json");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(json, ec)) return {};
    try {
        *config = loadConfigFile(json.string(), kind);
        return json.string();
    } catch (const std::exception& e) {
        spdlog::warn("{} is not a usable configuration ({}); inferring one from the weights", json.string(),
                     e.what());
        return {};
    }
}

}  // namespace

ResolvedConfig resolveConfig(const io::Checkpoint& ckpt, const std::string& path,
                             const std::string& configPath, AdmKind kind) {
    ResolvedConfig r;
    const auto meta = ckpt.metadata().find("minoritylens_model");
    if (configPath.empty() && meta != ckpt.metadata().end()) {
        r.config = configFromJson(nlohmann::json::parse(meta->second).at("config"), kind);
        r.source = "the checkpoint's metadata";
    } else if (!configPath.empty()) {
        r.config = loadConfigFile(configPath, kind);
        r.source = "config file " + configPath;
    } else if (const std::string sibling = siblingConfig(path, kind, &r.config); !sibling.empty()) {
        r.source = "config file " + sibling + " (beside the checkpoint)";
    } else {
        InferredConfig inf = inferAdmConfig(ckpt.tensors(), std::filesystem::path(path).filename().string());
        r.config = inf.config;
        r.assumed = inf.assumed;
        r.inferred = inf.inferred;
        r.source = "inferred from the checkpoint";
    }
    return r;
}

LoadedAdm loadAdm(const std::string& path, const std::string& configPath, const torch::Device& device,
                  std::optional<AdmKind> expected, const std::string& what, int imageSizeOverride) {
    return withContext("loading " + what + " " + path, [&] {
        const io::Checkpoint ckpt = io::Checkpoint::open(path);
        LoadedAdm m;
        const auto meta = ckpt.metadata().find("minoritylens_model");
        if (meta != ckpt.metadata().end()) {
            const auto j = nlohmann::json::parse(meta->second);
            m.schedule = j.value("schedule", "");
            m.diffusionSteps = j.value("diffusion_steps", 0);
            m.nullClass = j.value("null_class", -1);
        }
        ResolvedConfig used = resolveConfig(ckpt, path, configPath, expected.value_or(AdmKind::UNet));
        m.config = used.config;
        m.configSource = used.source;
        m.assumed = used.assumed;
        if (imageSizeOverride > 0) m.config.imageSize = imageSizeOverride;
        m.config.validate();
        if (expected && m.config.kind != *expected)
            throw Error(ErrorCode::InvalidArgument, "this is a " + std::string(kindName(m.config.kind)) +
                                                        ", but the " + what + " must be a " +
                                                        kindName(*expected));
        LoadReport report;
        if (m.config.kind == AdmKind::UNet) {
            m.unet = UNetModel(m.config);
            report = loadWeights(*m.unet, ckpt);
            m.unet->to(device);
            m.unet->eval();
        } else {
            m.encoder = EncoderUNetModel(m.config);
            report = loadWeights(*m.encoder, ckpt);
            m.encoder->to(device);
            m.encoder->eval();
        }
        m.prefix = report.prefix;
        m.converted = report.converted;
        spdlog::info(
            "{}: {} ({}), {} tensors{}{}", what, kindName(m.config.kind), m.configSource, report.loaded,
            report.prefix.empty() ? "" : " under '" + report.prefix + "'",
            report.converted ? ", " + std::to_string(report.converted) + " converted to float32" : "");
        for (const auto& a : m.assumed)
            spdlog::warn("{}: assumed {}", what, a);
        return m;
    });
}

}  // namespace mlens::models
