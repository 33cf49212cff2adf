#include "engine/training/training_state.h"

#include <torch/torch.h>

#include <filesystem>

#include "engine/api/error.h"
#include "engine/api/training.h"
#include "engine/io/checkpoint.h"
#include "engine/io/torch_tensors.h"

namespace mlens::training {

void saveTrainingState(const std::string& path, const minority::MinorityClassifier& classifier,
                       const AdamW& optimizer, int64_t step, const nlohmann::json& key,
                       const std::string& request, const nlohmann::json& progress) {
    io::StateDict sd;
    for (const auto& p : classifier.head()->named_parameters(true))
        sd.emplace_back("model/" + p.key(), p.value().detach());
    for (auto& [k, v] : optimizer.state())
        sd.emplace_back("optim/" + k, v);
    io::saveSafetensors(path, sd,
                        {{"step", std::to_string(step)},
                         {"key", key.dump()},
                         {"request", request},
                         {"progress", progress.dump()}});
}

int64_t loadTrainingState(const std::string& path, minority::MinorityClassifier& classifier, AdamW& optimizer,
                          const nlohmann::json& key, nlohmann::json* progress) {
    if (!std::filesystem::exists(path))
        throw Error(ErrorCode::NotFound, "nothing to resume: " + path + " does not exist");
    const io::Checkpoint ckpt = io::Checkpoint::open(path);
    const auto& meta = ckpt.metadata();
    if (!meta.count("step") || !meta.count("key"))
        throw Error(ErrorCode::Format, path + " is not a training state of this MinorityLens version");
    if (nlohmann::json::parse(meta.at("key")) != key)
        throw Error(ErrorCode::InvalidArgument, "cannot resume: the saved run used other settings (see " +
                                                    path + "); start a new run instead");
    const io::StateDict all = io::loadAllTensors(ckpt);
    io::StateDict optim;
    torch::NoGradGuard noGrad;
    auto named = classifier.head()->named_parameters(true);
    for (const auto& [k, v] : all) {
        if (k.rfind("optim/", 0) == 0) optim.emplace_back(k.substr(6), v);
    }
    for (auto& p : named)
        p.value().copy_(io::requireTensor(all, "model/" + p.key()));
    optimizer.loadState(optim);
    if (progress)
        *progress = meta.count("progress") ? nlohmann::json::parse(meta.at("progress")) : nlohmann::json();
    return std::stoll(meta.at("step"));
}

}  // namespace mlens::training
