#include "engine/minority/hardness_model.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>

#include "engine/api/error.h"
#include "engine/core/file_hash.h"
#include "engine/io/checkpoint.h"
#include "engine/io/torch_tensors.h"
#include "engine/minority/minority_classifier.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

nlohmann::json modelMetadata(const io::Checkpoint& ckpt, const std::string& path) {
    const auto it = ckpt.metadata().find(minority::kHardnessMetadataKey);
    if (it == ckpt.metadata().end())
        throw Error(ErrorCode::Format, path + " is not a hardness model (fit-hardness writes them)");
    try {
        return nlohmann::json::parse(it->second);
    } catch (const nlohmann::json::exception&) {
        throw Error(ErrorCode::Format, path + ": unreadable hardness metadata");
    }
}

}  // namespace

HardnessModelInfo readHardnessModel(const std::string& path) {
    const io::Checkpoint ckpt = io::Checkpoint::open(path);
    const nlohmann::json m = modelMetadata(ckpt, path);
    HardnessModelInfo info;
    try {
        info.path = path;
        info.classifier = m.at("classifier").get<std::string>();
        info.classifierSha256 = m.at("classifier_sha256").get<std::string>();
        info.dataset = m.value("dataset", std::string());
        info.schedule = m.at("schedule").get<std::string>();
        info.diffusionSteps = m.at("diffusion_steps").get<int>();
        info.t = m.at("t").get<std::vector<int>>();
        info.dim = m.at("dim").get<int64_t>();
        info.shrinkageRule = m.value("shrinkage_rule", std::string());
        for (const auto& c : m.at("classes")) {
            HardnessClassInfo ci;
            ci.name = c.at("name").get<std::string>();
            ci.count = c.at("count").get<int64_t>();
            ci.pooled = c.value("pooled", false);
            ci.shrinkage = c.at("shrinkage").get<std::vector<double>>();
            info.classes.push_back(ci);
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorCode::Format, path + ": incomplete hardness metadata (" + e.what() + ")");
    }
    if (info.t.empty() || info.classes.empty() || info.dim < 1)
        throw Error(ErrorCode::Format, path + ": a hardness model without steps or classes");
    return info;
}

}  // namespace mlens

namespace mlens::minority {

const char* const kHardnessMetadataKey = "minoritylens_hardness";

std::pair<Schedule, int> classifierSchedule(const std::string& classifierPath) {
    std::pair<Schedule, int> out{Schedule::Linear, 1000};
    const fs::path p(classifierPath);
    if (p.extension() != ".safetensors") return out;
    const io::Checkpoint ckpt = io::Checkpoint::open(classifierPath);
    const auto it = ckpt.metadata().find("params");
    if (it == ckpt.metadata().end()) return out;
    const nlohmann::json params = nlohmann::json::parse(it->second, nullptr, false);
    if (!params.is_object() || !params.contains("request")) return out;
    const nlohmann::json& r = params["request"];
    if (r.contains("schedule") && r["schedule"].is_string()) out.first = parse<Schedule>(r["schedule"]);
    if (r.contains("diffusion_steps") && r["diffusion_steps"].is_number_integer())
        out.second = r["diffusion_steps"].get<int>();
    return out;
}

HardnessModel::HardnessModel(const std::string& path, const torch::Device& device)
    : m_info(readHardnessModel(path)),
      m_diffusion(diffusion::GaussianDiffusion::create(
          parse<Schedule>(m_info.schedule), m_info.diffusionSteps, "", diffusion::VarianceType::FixedLarge)),
      m_device(device) {
    std::error_code ec;
    if (!fs::is_regular_file(m_info.classifier, ec))
        throw Error(ErrorCode::NotFound,
                    "the classifier " + m_info.classifier + " that " + path + " was fitted with is missing");
    if (sha256File(m_info.classifier) != m_info.classifierSha256)
        throw Error(ErrorCode::InvalidArgument, "the classifier " + m_info.classifier + " changed since " +
                                                    path + " was fitted: fit it again");
    const nlohmann::json meta = modelMetadata(io::Checkpoint::open(path), path);
    m_classifier =
        MinorityClassifier::load(m_info.classifier, meta.value("classifier_config", std::string()), device);
    m_classifier->head()->eval();
    const io::StateDict d = io::loadTensorFile(path);
    const torch::Tensor means = io::requireTensor(d, "means"), prec = io::requireTensor(d, "precisions"),
                        logDets = io::requireTensor(d, "log_dets");
    const int64_t b = static_cast<int64_t>(m_info.t.size()), c = static_cast<int64_t>(m_info.classes.size());
    if (means.sizes() != torch::IntArrayRef{b, c, m_info.dim} ||
        prec.sizes() != torch::IntArrayRef{b, c, m_info.dim, m_info.dim} ||
        logDets.sizes() != torch::IntArrayRef{b, c})
        throw Error(ErrorCode::Format, path + ": tensor shapes disagree with its metadata");
    for (int64_t i = 0; i < b; ++i) {
        metrics::ClassGaussians g;
        g.means = means[i].to(torch::kFloat64);
        g.precisions = prec[i].to(torch::kFloat64);
        g.logDets = logDets[i].to(torch::kFloat64);
        for (const auto& ci : m_info.classes) {
            g.counts.push_back(ci.count);
            g.pooled.push_back(ci.pooled);
            g.shrinkage.push_back(static_cast<size_t>(i) < ci.shrinkage.size() ? ci.shrinkage[i] : 0);
        }
        m_gaussians.push_back(std::move(g));
    }
}

HardnessModel::~HardnessModel() = default;

int HardnessModel::binFor(int t) const {
    if (t < 0) return 0;
    int best = 0;
    for (size_t i = 1; i < m_info.t.size(); ++i)
        if (std::abs(m_info.t[i] - t) < std::abs(m_info.t[best] - t)) best = static_cast<int>(i);
    return best;
}

int HardnessModel::imageSize() const {
    return m_classifier->imageSize();
}
int HardnessModel::channels() const {
    return m_classifier->inChannels();
}

torch::Tensor noisedAt(const diffusion::GaussianDiffusion& diffusion, const torch::Tensor& x0, int step,
                       const std::vector<uint64_t>& seeds) {
    if (step <= 0) return x0;
    const std::vector<int64_t> one(x0.sizes().begin() + 1, x0.sizes().end());
    std::vector<torch::Tensor> eps;
    for (uint64_t s : seeds) {
        torch::Generator g = at::detail::createCPUGenerator(s);
        eps.push_back(torch::randn(one, g, torch::kFloat32));
    }
    const torch::Tensor t = torch::full({x0.size(0)}, step, torch::dtype(torch::kInt64).device(x0.device()));
    return diffusion.qSample(x0, t, torch::stack(eps).to(x0.device()));
}

torch::Tensor HardnessModel::embed(const torch::Tensor& x0, int bin, const std::vector<uint64_t>& seeds) {
    const int step = m_info.t.at(static_cast<size_t>(bin));
    const torch::Tensor x = noisedAt(m_diffusion, x0.to(m_device, torch::kFloat32), step, seeds);
    const torch::Tensor tOrig = torch::full({x0.size(0)}, step, torch::dtype(torch::kInt64).device(m_device));
    return m_classifier->penultimate(x, tOrig);
}

torch::Tensor HardnessModel::embedNoisy(const torch::Tensor& xt, const torch::Tensor& tOrig) {
    return m_classifier->penultimate(xt, tOrig);
}

}  // namespace mlens::minority
