#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/common.h"
#include "engine/api/checkpoint_tools.h"
#include "engine/api/text.h"

namespace mlens::cli {

int runInspect(const std::vector<std::string>& args) {
    std::string path;
    CommonOptions common;
    ArgParser p(
        "minoritylens-cli inspect",
        "List every tensor of a checkpoint (name, dtype, shape), detect the model type and infer the\n"
        "constructor arguments of guided-diffusion models from the names and shapes. Reads\n"
        "PyTorch zip and legacy checkpoints and safetensors; never executes code from the file.");
    p.positional("CKPT", "checkpoint file (.pt, .pth, .safetensors)", &path);
    common.addTo(p, /*withDevice=*/false);
    if (!p.parse(args)) return 0;
    common.apply();

    const InspectResult r = inspectCheckpoint(path);
    // Names come from the file: JSON gets them valid UTF-8, the terminal without control characters.
    const auto u = [](const std::string& s) { return escapeInvalidUtf8(s); };
    const auto e = [](const std::string& s) { return escapeControl(s); };
    if (common.json) {
        nlohmann::json tensors = nlohmann::json::array();
        for (const auto& t : r.tensors)
            tensors.push_back({{"name", u(t.name)}, {"dtype", t.dtype}, {"shape", t.shape}});
        nlohmann::json values = nlohmann::json::object();
        for (const auto& [k, v] : r.values)
            values[u(k)] = u(v);
        nlohmann::json metadata = nlohmann::json::object();
        for (const auto& [k, v] : r.metadata)
            metadata[u(k)] = u(v);
        nlohmann::json j = {{"path", u(r.path)},         {"format", r.format},
                            {"file_size", r.fileSize},   {"parameters", r.parameterCount},
                            {"model_type", r.modelType}, {"prefix", u(r.prefix)},
                            {"tensors", tensors},        {"values", values},
                            {"metadata", metadata},      {"config_source", r.configSource},
                            {"inferred", r.inferred},    {"assumed", r.assumed}};
        j["config"] = r.configJson.empty() ? nlohmann::json(nullptr) : nlohmann::json::parse(r.configJson);
        if (!r.inferenceError.empty()) j["inference_error"] = r.inferenceError;
        std::cout << j.dump(1) << "\n";
        return 0;
    }
    std::printf("%s\n  format: %s, %llu bytes, %zu tensors, %lld elements\n", e(r.path).c_str(),
                r.format.c_str(), static_cast<unsigned long long>(r.fileSize), r.tensors.size(),
                static_cast<long long>(r.parameterCount));
    std::printf("  model: %s%s\n", r.modelType.c_str(),
                r.prefix.empty() ? "" : (" (under '" + e(r.prefix) + "')").c_str());
    for (const auto& [k, v] : r.values)
        std::printf("  %s = %s\n", e(k).c_str(), e(v).c_str());
    for (const auto& [k, v] : r.metadata)
        std::printf("  metadata %s = %s\n", e(k).c_str(), e(v).c_str());
    std::printf("\n");
    for (const auto& t : r.tensors)
        std::printf("  %-60s %-9s %s\n", e(t.name).c_str(), t.dtype.c_str(), shapeString(t.shape).c_str());
    if (!r.configJson.empty()) {
        std::printf("\nconfiguration used when loading (%s):\n%s\n", r.configSource.c_str(),
                    r.configJson.c_str());
        std::string inferred;
        for (const auto& s : r.inferred)
            inferred += (inferred.empty() ? "" : ", ") + s;
        if (!inferred.empty()) std::printf("  read off the weights: %s\n", inferred.c_str());
        for (const auto& a : r.assumed)
            std::printf("  assumed: %s\n", a.c_str());
    } else if (!r.inferenceError.empty()) {
        std::printf("\nno configuration inferred: %s\n", r.inferenceError.c_str());
    }
    return 0;
}

}  // namespace mlens::cli
