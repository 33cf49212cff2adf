#include "engine/training/training_state.h"

#include <torch/torch.h>

#include <filesystem>

#include "engine/api/error.h"
#include "engine/api/training.h"
#include "engine/io/checkpoint.h"
#include "engine/io/torch_tensors.h"

namespace mlens::training {

namespace {

// Parameters that may change between a run and its resumption.
nlohmann::json comparable(nlohmann::json p) {
    for (const char* k : {"iterations", "device", "workspace", "data"}) p.erase(k);
    return p;
}

}  // namespace

void saveTrainingState(const std::string& path, const minority::MinorityClassifier& classifier, const AdamW& optimizer, int64_t step,
                       const nlohmann::json& params) {
    io::StateDict sd;
    for (const auto& p : classifier.head()->named_parameters(true)) sd.emplace_back("model/" + p.key(), p.value().detach());
    for (auto& [k, v] : optimizer.state()) sd.emplace_back("optim/" + k, v);
    io::saveSafetensors(path, sd, {{"step", std::to_string(step)}, {"params", params.dump()}});
}

int64_t loadTrainingState(const std::string& path, minority::MinorityClassifier& classifier, AdamW& optimizer, const nlohmann::json& params) {
    if (!std::filesystem::exists(path)) throw Error(ErrorCode::NotFound, "nothing to resume: " + path + " does not exist");
    const io::Checkpoint ckpt = io::Checkpoint::open(path);
    const auto& meta = ckpt.metadata();
    if (!meta.count("step") || !meta.count("params")) throw Error(ErrorCode::Format, path + " is not a MinorityLens training state");
    if (comparable(nlohmann::json::parse(meta.at("params"))) != comparable(params))
        throw Error(ErrorCode::InvalidArgument, "cannot resume: the saved run used other settings (see " + path + "); start without --resume");
    const io::StateDict all = io::loadAllTensors(ckpt);
    io::StateDict optim;
    torch::NoGradGuard noGrad;
    auto named = classifier.head()->named_parameters(true);
    for (const auto& [k, v] : all) {
        if (k.rfind("optim/", 0) == 0) optim.emplace_back(k.substr(6), v);
    }
    for (auto& p : named) p.value().copy_(io::requireTensor(all, "model/" + p.key()));
    optimizer.loadState(optim);
    return std::stoll(meta.at("step"));
}

}  // namespace mlens::training

namespace mlens {

ClassifierTrainRequest savedTrainRequest(const std::string& outDir, int64_t* step) {
    const std::string path = outDir + "/training_state.safetensors";
    if (!std::filesystem::exists(path)) throw Error(ErrorCode::NotFound, "nothing to resume: " + path + " does not exist");
    const io::Checkpoint ckpt = io::Checkpoint::open(path);
    const auto& meta = ckpt.metadata();
    if (!meta.count("step") || !meta.count("params")) throw Error(ErrorCode::Format, path + " is not a MinorityLens training state");
    ClassifierTrainRequest r;
    try {
        const nlohmann::json p = nlohmann::json::parse(meta.at("params"));
        r.workspace = p.at("workspace").get<std::string>();
        r.outDir = outDir;
        r.data = p.at("data").get<std::string>();
        r.schedule = p.at("schedule").get<std::string>();
        r.diffusionSteps = p.at("diffusion_steps").get<int>();
        r.imageSize = p.at("image_size").get<int>();
        r.channels = p.at("channels").get<int>();
        r.featureClassifier = p.at("feature_classifier").get<std::string>();
        r.classConditional = p.at("class_conditional").get<bool>();
        r.iterations = p.at("iterations").get<int>();
        r.batchSize = p.at("batch_size").get<int>();
        r.lr = p.at("lr").get<double>();
        r.weightDecay = p.at("weight_decay").get<double>();
        r.anneal = p.at("anneal").get<bool>();
        r.flip = p.at("flip").get<bool>();
        r.valFraction = p.at("val_fraction").get<double>();
        r.seed = p.at("seed").get<uint64_t>();
        if (std::filesystem::exists(outDir + "/classifier.json")) r.classifierConfig = outDir + "/classifier.json";
        if (step) *step = std::stoll(meta.at("step"));
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorCode::Format, path + ": unreadable run parameters (" + e.what() + ")");
    }
    r.resume = true;
    return r;
}

}  // namespace mlens
