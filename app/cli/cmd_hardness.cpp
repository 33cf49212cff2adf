// fit-hardness and hardness: Sehwag et al.'s hardness score (api/hardness.h).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>

#include "app/cli/common.h"
#include "app/cli/terminal_progress.h"
#include "engine/api/error.h"
#include "engine/api/hardness.h"
#include "engine/api/specs.h"
#include "engine/api/statistics.h"
#include "engine/api/text.h"

namespace mlens::cli {

int runFitHardnessCommand(const std::vector<std::string>& args) {
    FitHardnessRequest req;
    CommonOptions common;
    ArgParser p(
        "minoritylens-cli fit-hardness",
        "Fit Sehwag et al.'s hardness model (CVPR 2022, eq. 3): one Gaussian per label of a labelled\n"
        "dataset over a noisy classifier's embeddings (its pooled features before the final linear\n"
        "layer), at each step t (images noised to x_t first; the Gaussians for sampling step t are\n"
        "the nearest t's). Covariances are shrunk towards a scaled identity (Chen et al.'s OAS rule by\n"
        "default), so that classes with fewer images than dimensions stay invertible; a class of one\n"
        "image gets the pooled covariance. Writes one .safetensors file.");
    DatasetOptions data(p, req.data, "labelled dataset: a folder, or an IDX, NIfTI or DICOM file (required)");
    p.option("classifier", "CKPT", "unconditional noisy classifier (train-classifier output; required)",
             &req.classifier);
    p.option("classifier-config", "JSON", "its constructor arguments, when not in the checkpoint",
             &req.classifierConfig);
    std::string steps;
    p.option("t", "T,...", "steps to fit at [0,250,500,750 scaled to the classifier's T]", &steps);
    p.choice("shrinkage", "how each class covariance is shrunk towards a scaled identity [oas]",
             &req.shrinkage);
    p.option("shrinkage-weight", "W", "--shrinkage fixed: the identity's weight in [0, 1]",
             &req.shrinkageWeight);
    p.option("out", "FILE", "model file, .safetensors, outside the dataset (required)", &req.out);
    p.option("seed", "N", "seed of the noise for t > 0", &req.seed);
    p.option("batch", "B", "images per batch", &req.batchSize);
    common.addTo(p);
    if (!p.parse(args)) return 0;
    if (req.data.path.empty()) throw UsageError("--data is required");
    if (req.classifier.empty()) throw UsageError("--classifier is required");
    if (req.out.empty()) throw UsageError("--out is required");
    data.finish();
    if (req.data.labels == LabelSource::None)
        throw UsageError("the hardness score needs labels: --labels subfolders|idx or --labels-csv FILE");
    common.apply();
    req.device = common.device;
    if (!steps.empty()) {
        try {
            req.t = parseSteps(steps, 0, "--t");
        } catch (const Error& e) {
            throw UsageError(e.message());
        }
    }

    TerminalProgress progress(common.quiet || common.json);
    const HardnessModelInfo info = runFitHardness(req, progress);
    progress.finish();
    if (common.json) {
        nlohmann::json j = {{"out", info.path},
                            {"t", info.t},
                            {"dim", info.dim},
                            {"shrinkage_rule", info.shrinkageRule},
                            {"classes", nlohmann::json::array()}};
        for (const auto& c : info.classes)
            j["classes"].push_back(
                {{"name", c.name}, {"count", c.count}, {"pooled", c.pooled}, {"shrinkage", c.shrinkage}});
        std::cout << j.dump(1) << "\n";
        return 0;
    }
    if (common.quiet) return 0;
    std::string ts;
    for (int t : info.t)
        ts += (ts.empty() ? "" : ",") + std::to_string(t);
    std::printf("%zu classes, %lld-d embeddings, t = %s, %s shrinkage\n", info.classes.size(),
                static_cast<long long>(info.dim), ts.c_str(), info.shrinkageRule.c_str());
    std::printf("%-24s %8s %12s\n", "class", "images", "shrinkage");
    for (const auto& c : info.classes)
        std::printf("%-24s %8lld %12.3f%s\n", forTerminal(c.name).c_str(), static_cast<long long>(c.count),
                    c.shrinkage.empty() ? 0.0 : c.shrinkage[0],
                    c.pooled ? "  (one image: pooled covariance)" : "");
    std::printf("-> %s\n", forTerminal(info.path).c_str());
    return 0;
}

int runHardnessCommand(const std::vector<std::string>& args) {
    HardnessRequest req;
    CommonOptions common;
    ArgParser p("minoritylens-cli hardness",
                "Score images or samples by Sehwag et al.'s hardness under a fit-hardness model: an image\n"
                "of a labelled dataset under its label's Gaussian, any other under the class that explains\n"
                "it best (the smallest hardness). Higher is rarer. Prints a summary per class; --out writes\n"
                "path,label,class,hardness per image.");
    p.option("model", "FILE", "fit-hardness model (required)", &req.model);
    DatasetOptions data(
        p, req.images,
        "images: a folder, IDX, NIfTI or DICOM file, or samples (.npz, .safetensors) (required)");
    p.option("t", "T", "score at the fitted step nearest T [the model's first]", &req.t);
    p.option("out", "FILE", "CSV of every image's hardness", &req.outCsv);
    p.option("seed", "N", "seed of the noise for t > 0", &req.seed);
    p.option("batch", "B", "images per batch", &req.batchSize);
    common.addTo(p);
    if (!p.parse(args)) return 0;
    if (req.model.empty()) throw UsageError("--model is required");
    if (req.images.path.empty()) throw UsageError("--data is required");
    data.finish();
    req.data = req.images.path;
    common.apply();
    req.device = common.device;

    TerminalProgress progress(common.quiet || common.json);
    const HardnessResult r = runHardness(req, progress);
    progress.finish();
    std::map<std::string, std::vector<double>> byClass;
    for (size_t i = 0; i < r.hardness.size(); ++i)
        byClass[r.classes[i]].push_back(r.hardness[i]);
    if (common.json) {
        nlohmann::json j = {{"t", r.t},
                            {"count", r.hardness.size()},
                            {"csv", r.csvPath},
                            {"median", quantile(r.hardness, 0.5)},
                            {"q90", quantile(r.hardness, 0.9)},
                            {"classes", nlohmann::json::object()}};
        for (const auto& [c, v] : byClass)
            j["classes"][c] = {{"count", v.size()}, {"median", quantile(v, 0.5)}};
        std::cout << j.dump(1) << "\n";
        return 0;
    }
    if (common.quiet) return 0;
    std::printf("%zu images at t = %d: median hardness %.2f, 90th percentile %.2f\n", r.hardness.size(), r.t,
                quantile(r.hardness, 0.5), quantile(r.hardness, 0.9));
    std::printf("%-24s %8s %12s\n", "class", "images", "median");
    for (const auto& [c, v] : byClass)
        std::printf("%-24s %8zu %12.2f\n", forTerminal(c).c_str(), v.size(), quantile(v, 0.5));
    if (!r.csvPath.empty()) std::printf("-> %s\n", forTerminal(r.csvPath).c_str());
    return 0;
}

}  // namespace mlens::cli
