#include "engine/models/model_loader.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <filesystem>

#include "engine/api/error.h"
#include "engine/models/state_dict.h"

namespace mlens::models {

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
        if (configPath.empty() && meta != ckpt.metadata().end()) {
            m.config = configFromJson(nlohmann::json::parse(meta->second).at("config"), expected.value_or(AdmKind::UNet));
            m.configSource = "the checkpoint's metadata";
        } else if (!configPath.empty()) {
            m.config = loadConfigFile(configPath, expected.value_or(AdmKind::UNet));
            m.configSource = "config file " + configPath;
        } else {
            InferredConfig inf = inferAdmConfig(ckpt.tensors(), std::filesystem::path(path).filename().string());
            m.config = inf.config;
            m.assumed = inf.assumed;
            m.configSource = "inferred from the checkpoint";
        }
        if (imageSizeOverride > 0) m.config.imageSize = imageSizeOverride;
        m.config.validate();
        if (expected && m.config.kind != *expected)
            throw Error(ErrorCode::InvalidArgument, "this is a " + std::string(kindName(m.config.kind)) + ", but the " + what +
                                                        " must be a " + kindName(*expected));
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
        spdlog::info("{}: {} ({}), {} tensors{}{}", what, kindName(m.config.kind), m.configSource, report.loaded,
                     report.prefix.empty() ? "" : " under '" + report.prefix + "'",
                     report.converted ? ", " + std::to_string(report.converted) + " converted to float32" : "");
        for (const auto& a : m.assumed) spdlog::warn("{}: assumed {}", what, a);
        return m;
    });
}

}  // namespace mlens::models
