#include "engine/minority/minority_classifier.h"

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "engine/api/error.h"
#include "engine/core/atomic_file.h"
#include "engine/io/checkpoint.h"
#include "engine/io/torch_tensors.h"
#include "engine/models/config_inference.h"
#include "engine/models/model_loader.h"
#include "engine/models/state_dict.h"

namespace fs = std::filesystem;

namespace mlens::minority {

namespace {

const char* kMetadataKey = "minoritylens_classifier";

void attachFeatures(MinorityClassifierSpec& spec, models::EncoderUNetModel& features,
                    models::AdmConfig& featureConfig, const torch::Device& device) {
    if (spec.featureCheckpoint.empty()) return;
    models::LoadedAdm f = models::loadAdm(spec.featureCheckpoint, spec.featureConfig, device,
                                          models::AdmKind::EncoderUNet, "feature extractor");
    features = f.encoder;
    featureConfig = f.config;
    for (auto& p : features->parameters())
        p.set_requires_grad(false);
    const int64_t featureChannels = models::planAdm(f.config).finalChannels;
    if (spec.head.inChannels != featureChannels)
        throw Error(ErrorCode::ShapeMismatch,
                    "the classifier head takes " + std::to_string(spec.head.inChannels) +
                        " channels, the feature extractor gives " + std::to_string(featureChannels));
}

}  // namespace

std::shared_ptr<MinorityClassifier> MinorityClassifier::create(const MinorityClassifierSpec& spec,
                                                               const torch::Device& device,
                                                               uint64_t initSeed) {
    auto c = std::make_shared<MinorityClassifier>();
    c->m_spec = spec;
    attachFeatures(c->m_spec, c->m_features, c->m_featureConfig, device);
    torch::manual_seed(initSeed);
    c->m_head = models::EncoderUNetModel(spec.head);
    models::zeroInitLikeReference(*c->m_head);
    c->m_head->to(device);
    return c;
}

std::shared_ptr<MinorityClassifier> MinorityClassifier::load(const std::string& checkpoint,
                                                             const std::string& configPath,
                                                             const torch::Device& device) {
    return withContext("loading classifier " + checkpoint, [&] {
        auto c = std::make_shared<MinorityClassifier>();
        const io::Checkpoint ckpt = io::Checkpoint::open(checkpoint);
        const auto meta = ckpt.metadata().find(kMetadataKey);
        if (configPath.empty() && meta != ckpt.metadata().end()) {
            const auto j = nlohmann::json::parse(meta->second);
            c->m_spec.head = models::configFromJson(j.at("head"), models::AdmKind::EncoderUNet);
            c->m_spec.featureCheckpoint = j.value("feature_checkpoint", "");
            c->m_spec.featureConfig = j.value("feature_config", "");
            attachFeatures(c->m_spec, c->m_features, c->m_featureConfig, device);
            c->m_head = models::EncoderUNetModel(c->m_spec.head);
            models::loadWeights(*c->m_head, ckpt);
            c->m_head->to(device);
        } else {
            models::LoadedAdm m =
                models::loadAdm(checkpoint, configPath, device, models::AdmKind::EncoderUNet, "classifier");
            c->m_spec.head = m.config;
            c->m_head = m.encoder;
            c->m_sizeKnown = !configPath.empty() || m.config.pool == "attention";
        }
        c->m_head->eval();
        return c;
    });
}

std::pair<int, int> MinorityClassifier::featureShape(const std::string& checkpoint,
                                                     const std::string& configPath) {
    const models::AdmConfig c = configPath.empty()
                                    ? models::inferAdmConfig(io::Checkpoint::open(checkpoint).tensors(),
                                                             fs::path(checkpoint).filename().string())
                                          .config
                                    : models::loadConfigFile(configPath, models::AdmKind::EncoderUNet);
    const models::AdmPlan p = models::planAdm(c);
    return {c.imageSize / p.finalDs, p.finalChannels};
}

torch::Tensor MinorityClassifier::headInput(const torch::Tensor& x, const torch::Tensor& tOrig) {
    return m_features ? m_features->middleFeatures(x, tOrig) : x;
}

torch::Tensor MinorityClassifier::logits(const torch::Tensor& x, const torch::Tensor& tOrig,
                                         const std::optional<torch::Tensor>& y) {
    return m_head->forward(headInput(x, tOrig), tOrig, y);
}

torch::Tensor MinorityClassifier::penultimate(const torch::Tensor& x, const torch::Tensor& tOrig,
                                              const std::optional<torch::Tensor>& y) {
    return m_head->penultimate(headInput(x, tOrig), tOrig, y);
}

int MinorityClassifier::inChannels() const {
    return m_features ? m_featureConfig.inChannels : m_spec.head.inChannels;
}
int MinorityClassifier::imageSize() const {
    return m_features ? m_featureConfig.imageSize : m_spec.head.imageSize;
}

void MinorityClassifier::save(const std::string& path,
                              const std::map<std::string, std::string>& extraMetadata) const {
    io::StateDict sd;
    for (const auto& p : m_head->named_parameters(true))
        sd.emplace_back(p.key(), p.value().detach());
    for (const auto& b : m_head->named_buffers(true))
        sd.emplace_back(b.key(), b.value().detach());
    nlohmann::json meta = {{"head", models::configToJson(m_spec.head)}};
    if (!m_spec.featureCheckpoint.empty()) {
        meta["feature_checkpoint"] = fs::absolute(m_spec.featureCheckpoint).string();
        meta["feature_config"] =
            m_spec.featureConfig.empty() ? "" : fs::absolute(m_spec.featureConfig).string();
    }
    std::map<std::string, std::string> metadata = extraMetadata;
    metadata[kMetadataKey] = meta.dump();
    io::saveSafetensors(path, sd, metadata);
    const fs::path stem = fs::path(path).replace_extension();
    io::saveTorchCheckpoint(stem.string() + ".pt", sd);
    writeFileAtomically(stem.string() + ".json", meta.at("head").dump(1));
}

}  // namespace mlens::minority
