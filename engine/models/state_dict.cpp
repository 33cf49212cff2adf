#include "engine/models/state_dict.h"

#include <torch/torch.h>

#include <map>
#include <set>

#include "engine/api/error.h"
#include "engine/io/torch_tensors.h"

namespace mlens::models {

namespace {

std::string joinSome(const std::vector<std::string>& names, size_t most = 8) {
    std::string s;
    for (size_t i = 0; i < names.size() && i < most; ++i)
        s += (i ? ", " : "") + names[i];
    if (names.size() > most) s += ", ... (" + std::to_string(names.size()) + " in all)";
    return s;
}

}  // namespace

bool findPrefix(const std::vector<io::NamedTensor>& tensors, const std::vector<std::string>& expected,
                std::string* prefix) {
    if (expected.empty()) return false;
    std::set<std::string> names;
    for (const auto& t : tensors)
        names.insert(t.name);
    // Candidate prefixes: wherever some expected name occurs as a suffix at a dot boundary.
    std::set<std::string> candidates;
    for (const auto& t : tensors)
        for (const std::string* key : {&expected.front(), &expected.back()}) {
            const std::string& k = *key;
            if (t.name.size() >= k.size() && t.name.compare(t.name.size() - k.size(), k.size(), k) == 0) {
                const std::string p = t.name.substr(0, t.name.size() - k.size());
                if (p.empty() || p.back() == '.') candidates.insert(p);
            }
        }
    size_t best = 0;
    std::string bestPrefix;
    for (const auto& p : candidates) {
        size_t hits = 0;
        for (const auto& k : expected)
            hits += names.count(p + k);
        const bool isEma = p.find("ema") != std::string::npos;
        const bool bestIsEma = bestPrefix.find("ema") != std::string::npos;
        if (hits > best || (hits == best && hits > 0 && isEma && !bestIsEma)) {
            best = hits;
            bestPrefix = p;
        }
    }
    if (best == 0) return false;
    *prefix = bestPrefix;
    return true;
}

LoadReport loadWeights(torch::nn::Module& module, const io::Checkpoint& checkpoint, bool strict,
                       bool allowExtra) {
    std::vector<std::pair<std::string, torch::Tensor>> targets;
    for (const auto& p : module.named_parameters(true))
        targets.emplace_back(p.key(), p.value());
    for (const auto& b : module.named_buffers(true))
        targets.emplace_back(b.key(), b.value());
    std::vector<std::string> expected;
    for (const auto& t : targets)
        expected.push_back(t.first);

    LoadReport report;
    if (!findPrefix(checkpoint.tensors(), expected, &report.prefix)) {
        const std::string first =
            checkpoint.tensors().empty() ? std::string("(no tensors)") : checkpoint.tensors().front().name;
        throw Error(ErrorCode::ShapeMismatch,
                    "no tensor in the checkpoint matches the model (model expects '" + expected.front() +
                        "', checkpoint starts with '" + first + "')");
    }
    std::map<std::string, const io::NamedTensor*> byName;
    for (const auto& t : checkpoint.tensors())
        if (t.name.rfind(report.prefix, 0) == 0) byName[t.name.substr(report.prefix.size())] = &t;

    std::set<std::string> expectedSet(expected.begin(), expected.end());
    for (const auto& k : expected)
        if (!byName.count(k)) report.missing.push_back(k);
    for (const auto& [k, t] : byName)
        if (!expectedSet.count(k)) report.unexpected.push_back(k);
    if (strict && (!report.missing.empty() || (!allowExtra && !report.unexpected.empty()))) {
        std::string msg = "checkpoint does not match the model";
        if (!report.missing.empty()) msg += "; missing keys: " + joinSome(report.missing);
        if (!allowExtra && !report.unexpected.empty())
            msg += "; unexpected keys: " + joinSome(report.unexpected);
        throw Error(ErrorCode::ShapeMismatch, msg);
    }

    // Check every shape before touching the module, so a failed load leaves it unchanged.
    for (const auto& [name, target] : targets) {
        auto it = byName.find(name);
        if (it == byName.end()) continue;
        const auto& shape = it->second->record->shape;
        if (shape != target.sizes().vec())
            throw Error(ErrorCode::ShapeMismatch, "shape mismatch for " + name + ": checkpoint " +
                                                      io::shapeToString(shape) + " vs model " +
                                                      io::shapeToString(target.sizes().vec()));
    }
    torch::NoGradGuard noGrad;
    io::TensorLoader loader(checkpoint);
    for (auto& [name, target] : targets) {
        auto it = byName.find(name);
        if (it == byName.end()) continue;
        torch::Tensor src = loader.load(*it->second->record);
        if (src.is_floating_point() && !torch::isfinite(src).all().item<bool>())
            throw Error(ErrorCode::Numerical, "tensor " + report.prefix + name + " contains NaN or Inf");
        if (src.scalar_type() != target.scalar_type()) ++report.converted;
        target.copy_(src.to(target.scalar_type()));
        ++report.loaded;
    }
    return report;
}

}  // namespace mlens::models
