#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "app/cli/common.h"
#include "app/cli/terminal_progress.h"
#include "engine/api/calibration.h"
#include "engine/api/text.h"

namespace mlens::cli {

int runCalibrateTCommand(const std::vector<std::string>& args) {
    CalibrateTRequest req;
    CommonOptions common;
    ArgParser p(
        "minoritylens-cli calibrate-t",
        "Choose the minority score's perturbation step t as Um & Ye (App. D.6) do: score a seeded subset\n"
        "of the dataset at each candidate t and measure how well each ranking agrees with AvgkNN (k=5)\n"
        "in the evaluation feature space (random ResNet-50 unless given): the share of AvgkNN's top 10 %\n"
        "that is also the score's top 10 % (recommends t by default), and Spearman's correlation over\n"
        "the whole subset, each with a bootstrap 95 % interval. On phantoms with ground truth neither\n"
        "finds the best t reliably (README, \"Choosing t\"): read the intervals. Writes\n"
        "OUT/calibration.csv, OUT/calibration_scores.csv, OUT/calibration.json and the plot\n"
        "OUT/calibration.png; a finished calibration with the same settings is read back. `score --t\n"
        "auto` runs the same calibration first.");
    addBackboneOptions(p, req.backbone);
    DatasetOptions data(p, req.dataset);
    p.option("out", "DIR", "output folder, outside the dataset (required)", &req.outDir);
    addDrawOptions(p, req.score);
    std::string candidates;
    addCalibrationOptions(p, req.settings, &candidates);
    p.option("batch", "B", "images per batch", &req.batchSize);
    common.addTo(p);
    if (!p.parse(args)) return 0;
    if (req.backbone.checkpoint.empty()) throw UsageError("--model is required");
    if (req.dataset.path.empty()) throw UsageError("--data is required");
    if (req.outDir.empty()) throw UsageError("--out is required");
    data.finish();
    finishCalibrationOptions(candidates, req.settings);
    common.apply();
    req.device = common.device;

    TerminalProgress progress(common.quiet || common.json);
    const CalibrateTResult r = runCalibrateT(req, progress);
    progress.finish();
    if (common.json) {
        std::ifstream in(r.jsonPath);
        nlohmann::json j = nlohmann::json::parse(in);
        j.erase("items");
        j.erase("avgknn");
        j.erase("scores");
        j["reused"] = r.reused;
        j["csv"] = r.csvPath;
        j["plot"] = r.plotPath;
        std::cout << j.dump(1) << "\n";
        return 0;
    }
    if (common.quiet) {
        std::printf("%d\n", r.recommended);
        return 0;
    }
    std::printf("%zu images (%lld unreadable), features: %s%s\n", r.items.size(),
                static_cast<long long>(r.unreadable), r.featureDescription.c_str(),
                r.reused ? " (an earlier calibration, read back)" : "");
    const std::string tailHead =
        "top " + std::to_string(static_cast<int>(std::lround(100 * req.settings.tailFraction))) + " %";
    std::printf("%6s %9s %18s %9s %18s %9s\n", "t", "Spearman", "95 % interval", tailHead.c_str(),
                "95 % interval", "seconds");
    for (const auto& c : r.candidates)
        std::printf("%6d %9.3f  [%6.3f, %6.3f] %9.3f  [%6.3f, %6.3f] %9.1f%s\n", c.t, c.spearman, c.lo, c.hi,
                    c.tail, c.tailLo, c.tailHi, c.seconds, c.t == r.recommended ? "  <- recommended" : "");
    if (!r.indistinguishable.empty()) {
        std::string others;
        for (int t : r.indistinguishable)
            others += (others.empty() ? "t=" : ", t=") + std::to_string(t);
        std::printf(
            "%s lie%s inside the recommended t's 95 %% interval: %zu images (a tail of %lld) cannot "
            "tell them apart; a larger --subset can\n",
            others.c_str(), r.indistinguishable.size() == 1 ? "s" : "", r.items.size(),
            static_cast<long long>(r.tailSize));
    }
    std::printf("recommended t=%d (by %s) -> %s, %s\n", r.recommended,
                req.settings.agreement == TAgreement::Tail ? "the shared tail" : "Spearman",
                forTerminal(r.csvPath).c_str(), forTerminal(r.plotPath).c_str());
    return 0;
}

}  // namespace mlens::cli
