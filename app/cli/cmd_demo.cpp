#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/cli/common.h"
#include "app/cli/terminal_progress.h"
#include "engine/api/demo.h"

namespace mlens::cli {

int runDemoCommand(const std::vector<std::string>& args) {
    DemoRequest req;
    CommonOptions common;
    ArgParser p(
        "minoritylens-cli demo",
        "Run the whole job offline on synthetic brain slices with ground truth: generate phantoms, rank\n"
        "them by minority score with the bundled backbone, build classes, train the minority classifier,\n"
        "sample baseline vs minority-guided (rarest class) from the same noise, evaluate with LOF / AvgkNN "
        "/\n"
        "rarity, and write OUT/summary.json and OUT/report/ (ranked gallery, baseline vs guided, "
        "histograms).");
    p.option("out", "DIR", "new output folder, or an interrupted demo's with --resume (required)",
             &req.outDir);
    p.flag("quick", "a smaller run: under 10 minutes on 2 CPU cores", &req.quick);
    p.flag("resume", "continue an interrupted demo in OUT (started with the same options)", &req.resume);
    p.option("backbone", "CKPT", "the phantom backbone [the bundled one]", &req.backbone);
    p.option("seed", "S", "seed of the scoring, training and sampling", &req.seed);
    const DemoPlan quick = demoPlan(true), full = demoPlan(false);
    auto both = [](auto q, auto f) {
        std::ostringstream os;
        os << " [" << q << " quick, " << f << "]";
        return os.str();
    };
    auto joined = [](const std::vector<int>& v) {
        std::string out;
        for (int x : v)
            out += (out.empty() ? "" : ",") + std::to_string(x);
        return out;
    };
    p.option("phantoms", "N", "advanced: number of phantoms" + both(quick.phantoms, full.phantoms),
             &req.phantoms);
    p.option("iterations", "N",
             "advanced: classifier training steps" + both(quick.iterations, full.iterations),
             &req.iterations);
    p.option("samples", "N", "advanced: baseline and guided samples each" + both(quick.samples, full.samples),
             &req.samples);
    p.option("respacing", "SPEC", "advanced: sampling steps" + both(quick.respacing, full.respacing),
             &req.respacing);
    p.option("scale", "W", "advanced: guidance scale" + both(quick.scale, full.scale), &req.scale);
    p.option("num-classes", "L", "advanced: minority classes" + both(quick.numClasses, full.numClasses),
             &req.numClasses);
    p.option("draws", "N", "advanced: noise draws per image for the minority score [the score's default]",
             &req.draws);
    p.option("t", "T",
             "advanced: perturbation step of the minority score" + both(quick.t, full.t) +
                 " (the official 605 is too noisy for 32 px phantoms; calibrate-t's choice among " +
                 joined(quick.tCandidates) + " is reported)",
             &req.t);
    common.addTo(p);
    if (!p.parse(args)) return 0;
    if (req.outDir.empty()) throw UsageError("--out is required");
    if (req.backbone.empty()) req.backbone = findDemoBackbone();
    common.apply();
    req.device = common.device;
    TerminalProgress progress(common.quiet || common.json);
    const DemoResult r = runDemo(req, progress);
    progress.finish();
    if (common.json) {
        std::ifstream in(r.summaryJson);
        std::cout << nlohmann::json::parse(in).dump(1) << "\n";
    } else if (!common.quiet) {
        std::printf(
            "calibrate-t on a subset would choose t=%d; per t: shared top 10 %% with AvgkNN / "
            "Spearman / AUROC on the ground truth\n",
            r.tRecommended);
        for (const auto& row : r.tCalibration)
            std::printf("  t=%-4d %.2f / %.2f / %.3f%s\n", row.t, row.tail, row.spearman, row.auroc,
                        row.t == r.scoreT ? "  (the demo's t)" : "");
        std::printf("minority score (t=%d) AUROC for atrophy or lesion: %.3f (%lld phantoms)\n", r.scoreT,
                    r.aurocMinorityScore, static_cast<long long>(r.phantoms));
        std::printf(
            "atrophic- or lesion-looking samples: baseline %.1f%%, minority guidance (class %d of %d, w=%g) "
            "%.1f%%\n",
            100 * r.rareFractionBaseline, r.targetClass, r.numClasses, r.scale, 100 * r.rareFractionGuided);
        std::printf(
            "on the real manifold (k-NN precision): baseline %.1f%% of %lld, guided %.1f%% of %lld look "
            "rare; "
            "rare-looking but off it: %lld baseline, %lld guided\n",
            100 * r.rareOnManifoldBaseline, static_cast<long long>(r.onManifoldBaseline),
            100 * r.rareOnManifoldGuided, static_cast<long long>(r.onManifoldGuided),
            static_cast<long long>(r.rareOffManifoldBaseline),
            static_cast<long long>(r.rareOffManifoldGuided));
        std::printf("report: %s (%.0f s)\n", r.reportDir.c_str(), r.seconds);
    }
    return 0;
}

}  // namespace mlens::cli
