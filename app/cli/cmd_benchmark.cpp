#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/cli/common.h"
#include "app/cli/terminal_progress.h"
#include "engine/api/benchmark.h"

namespace mlens::cli {

int runBenchmarkCommand(const std::vector<std::string>& argsIn) {
    const std::string usage = "usage: minoritylens-cli benchmark fmnist-lt --out DIR [--quick] [options]";
    if (argsIn.empty() || argsIn[0] == "--help" || argsIn[0] == "-h") {
        std::printf(
            "%s\nBenchmarks: fmnist-lt (Fashion-MNIST-LT, real images with an independent judge).\n"
            "Run 'minoritylens-cli benchmark fmnist-lt --help' for its options.\n",
            usage.c_str());
        return 0;
    }
    if (argsIn[0] != "fmnist-lt")
        throw UsageError("unknown benchmark '" + argsIn[0] + "' (known: fmnist-lt)");
    const std::vector<std::string> args(argsIn.begin() + 1, argsIn.end());
    FmnistBenchmarkRequest req;
    CommonOptions common;
    ArgParser p(
        "minoritylens-cli benchmark fmnist-lt",
        "Fashion-MNIST-LT (Debian's dataset-fashion-mnist, long-tailed with imbalance 100): score the\n"
        "training set with the bundled unconditional backbone (tail AUROC, Spearman with AvgkNN), train\n"
        "the minority classifier, sample baseline / minority guidance / mixture from the same noise, let\n"
        "the bundled judge (a classifier of the 10 labels trained on the full balanced set) label every\n"
        "sample, and measure precision / recall in its feature space. Writes OUT/summary.json,\n"
        "OUT/report.md, OUT/report/*.png; OUT/workspace opens in the desktop app.");
    p.option("out", "DIR", "new output folder (required)", &req.outDir);
    p.flag("quick", "fewer samples, steps and draws: minutes on 2 CPU cores", &req.quick);
    p.option("data", "DIR", "the Fashion-MNIST IDX folder [" + defaultFmnistDataDir() + "]", &req.dataDir);
    p.option("backbone", "CKPT", "unconditional LT backbone [the bundled backbone_uncond]", &req.backbone);
    p.option("judge", "CKPT", "judge classifier [the bundled judge]", &req.judge);
    p.option("seed", "S", "seed of the scoring, training and sampling", &req.seed);
    const FmnistBenchmarkPlan quick = fmnistBenchmarkPlan(true), full = fmnistBenchmarkPlan(false);
    auto both = [](auto q, auto f) {
        std::ostringstream os;
        os << " [" << q << " quick, " << f << "]";
        return os.str();
    };
    p.option("samples", "N", "advanced: samples per sampler" + both(quick.samples, full.samples),
             &req.samples);
    p.option("iterations", "N",
             "advanced: minority classifier steps" + both(quick.iterations, full.iterations),
             &req.iterations);
    p.option("num-classes", "L", "advanced: minority classes" + both(quick.numClasses, full.numClasses),
             &req.numClasses);
    p.option("draws", "N", "advanced: noise draws of the minority score" + both(quick.draws, full.draws),
             &req.draws);
    p.option("t", "T", "advanced: perturbation step of the minority score" + both(quick.t, full.t), &req.t);
    p.option("respacing", "SPEC", "advanced: sampling steps" + both(quick.respacing, full.respacing),
             &req.respacing);
    p.option("scale", "W", "advanced: guidance scale" + both(quick.scale, full.scale), &req.scale);
    common.addTo(p);
    if (!p.parse(args)) return 0;
    if (req.outDir.empty()) throw UsageError("--out is required");
    if (req.dataDir.empty()) req.dataDir = defaultFmnistDataDir();
    if (req.backbone.empty()) req.backbone = findFmnistModel("backbone_uncond");
    if (req.judge.empty()) req.judge = findFmnistModel("judge");
    common.apply();
    req.device = common.device;
    TerminalProgress progress(common.quiet || common.json);
    const FmnistBenchmarkResult r = runFmnistBenchmark(req, progress);
    progress.finish();
    if (common.json) {
        std::ifstream in(r.summaryJson);
        std::cout << nlohmann::json::parse(in).dump(1) << "\n";
        return 0;
    }
    if (common.quiet) return 0;
    std::printf("judge accuracy on the test set: %.3f [%.3f, %.3f] (n = %lld)\n", r.judgeAccuracy.value,
                r.judgeAccuracy.lo, r.judgeAccuracy.hi, static_cast<long long>(r.judgeAccuracy.n));
    std::printf(
        "minority score vs tail classes: AUROC %.3f [%.3f, %.3f] (%lld images, %lld tail); "
        "Spearman with AvgkNN %.3f\n",
        r.aurocTail, r.aurocTailLo, r.aurocTailHi, static_cast<long long>(r.realImages),
        static_cast<long long>(r.tailImages), r.spearmanAvgknn);
    for (const SamplerOutcome& s : r.samplers)
        std::printf("%-9s n=%lld  tail %.1f%% [%.1f, %.1f]  precision %.3f  recall %.3f\n", s.name.c_str(),
                    static_cast<long long>(s.tail.n), 100 * s.tail.value, 100 * s.tail.lo, 100 * s.tail.hi,
                    s.precision, s.recall);
    std::printf("report: %s (%.0f s)\n", r.reportMd.c_str(), r.seconds);
    return 0;
}

}  // namespace mlens::cli
