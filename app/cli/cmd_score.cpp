#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/common.h"
#include "app/cli/terminal_progress.h"
#include "engine/api/scoring.h"

namespace mlens::cli {

int runScoreCommand(const std::vector<std::string>& args) {
    ScoreRequest req;
    CommonOptions common;
    std::string labels = "none";
    ArgParser p("minoritylens-cli score",
                "Rank every image of a dataset by minority score: the mean distance between the image and its\n"
                "one-shot Tweedie reconstruction from x_t (Um & Ye). Writes WS/scores.csv (path, score, d0..dN-1)\n"
                "and WS/scores.json. Interrupted runs resume from WS/cache with identical numbers. The dataset\n"
                "folder is only read; unreadable images are skipped and listed.");
    p.option("model", "CKPT", "backbone UNetModel checkpoint (required)", &req.model);
    p.option("model-config", "JSON", "backbone constructor arguments; inferred when omitted", &req.modelConfig);
    p.option("image-size", "S", "image size, when the checkpoint does not determine it", &req.imageSize);
    p.option("schedule", "NAME", "noise schedule the backbone was trained with [the checkpoint's, else linear]", &req.schedule);
    p.option("diffusion-steps", "T", "steps of the trained process [the checkpoint's, else 1000]", &req.diffusionSteps);
    p.option("data", "DIR", "dataset folder, scanned recursively (required)", &req.data);
    p.option("workspace", "WS", "output folder, outside the dataset (required)", &req.workspace);
    p.option("t", "T", "perturbation step (original timestep) [605 for linear, 0.9T for cosine]", &req.t);
    p.option("t-index", "K", "perturbation step as an index into --respacing", &req.tIndex);
    p.option("respacing", "SPEC", "respacing for --t-index (\"100\" with index 60 is t=605)", &req.respacing);
    p.option("draws", "N", "noise draws averaged per image [5]", &req.draws);
    p.option("distance", "D", "lpips-vgg, lpips-alex, l2, l1 or ssim [lpips-vgg]", &req.distance);
    p.option("lpips-trunk", "FILE", "torchvision VGG16 / AlexNet weights (features.N.*) for LPIPS", &req.lpipsTrunk);
    p.option("lpips-heads", "FILE", "LPIPS v0.1 linear heads (vgg.pth / alex.pth)", &req.lpipsHeads);
    p.option("seed", "S", "seed of the noise draws [0]", &req.seed);
    p.option("batch", "B", "images per batch [16]", &req.batchSize);
    p.option("labels", "MODE", "none or subfolders (first-level folder names) [none]", &labels);
    p.option("labels-csv", "FILE", "labels from a CSV of path,label", &req.dataset.labelsCsv);
    p.flag("spatial-maps", "also write per-pixel distance maps and reconstructions to WS/maps", &req.spatialMaps);
    common.addTo(p);
    if (!p.parse(args)) return 0;
    if (req.model.empty()) throw UsageError("--model is required");
    if (req.data.empty()) throw UsageError("--data is required");
    if (req.workspace.empty()) throw UsageError("--workspace is required");
    if (labels == "subfolders") req.dataset.labels = DatasetOptions::Labels::Subfolders;
    else if (labels != "none") throw UsageError("--labels must be none or subfolders");
    if (!req.dataset.labelsCsv.empty()) req.dataset.labels = DatasetOptions::Labels::Csv;
    common.apply();
    req.device = common.device;

    TerminalProgress progress(common.quiet || common.json);
    const ScoreResult r = runScore(req, progress);
    progress.finish();
    if (common.json) {
        nlohmann::json skipped = nlohmann::json::array();
        for (const auto& s : r.skipped) skipped.push_back({{"path", s.path}, {"reason", s.reason}});
        std::cout << nlohmann::json{{"images", r.images}, {"scored", r.scored}, {"reused", r.reused}, {"skipped", skipped},
                                    {"t", r.originalStep}, {"seconds", r.seconds}, {"scores_csv", r.csvPath}, {"scores_json", r.jsonPath}}
                         .dump(1)
                  << "\n";
    } else if (!common.quiet) {
        std::printf("%lld images at t=%lld: %lld scored, %lld from cache, %zu skipped in %.1f s -> %s\n", static_cast<long long>(r.images),
                    static_cast<long long>(r.originalStep), static_cast<long long>(r.scored), static_cast<long long>(r.reused),
                    r.skipped.size(), r.seconds, r.csvPath.c_str());
        for (size_t i = 0; i < r.skipped.size() && i < 20; ++i)
            std::printf("  skipped %s: %s\n", r.skipped[i].path.c_str(), r.skipped[i].reason.c_str());
        if (r.skipped.size() > 20) std::printf("  ... and %zu more (see %s)\n", r.skipped.size() - 20, r.jsonPath.c_str());
    }
    return 0;
}

}  // namespace mlens::cli
