#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/common.h"
#include "app/cli/terminal_progress.h"
#include "engine/api/synthetic.h"

namespace mlens::cli {

int runPhantomCommand(const std::vector<std::string>& args) {
    SyntheticRequest req;
    CommonOptions common;
    ArgParser p(
        "minoritylens-cli phantom",
        "Generate a synthetic dataset with ground truth. brain: MRI-like axial slices (1 channel) with\n"
        "skull, grey and white matter, ventricles and sulci in random pose, intensity and noise; atrophy\n"
        "(larger ventricles, wider sulci) none / mild / severe at about 92 / 6 / 2 %, a lesion in about\n"
        "1 %. shapes: RGB shapes in 10 classes with the CIFAR-10-LT profile (imbalance 0.01). Writes\n"
        "PNGs, attributes.csv (and labels.csv for shapes). Deterministic in --seed.");
    p.option("out", "DIR", "new (or empty) output folder (required)", &req.outDir);
    p.choice("kind", "what to generate", &req.kind);
    p.option("count", "N", "number of images", &req.count);
    p.option("size", "S", "image size, 16..256", &req.size);
    p.option("seed", "S", "seed", &req.seed);
    common.addTo(p, /*withDevice=*/false);
    if (!p.parse(args)) return 0;
    if (req.outDir.empty()) throw UsageError("--out is required");
    common.apply();
    TerminalProgress progress(common.quiet || common.json);
    const SyntheticResult r = runSynthetic(req, progress);
    progress.finish();
    if (common.json) {
        std::cout << nlohmann::json{{"images", r.images},
                                    {"attributes", r.attributesCsv},
                                    {"labels", r.labelsCsv},
                                    {"atrophy_mild", r.atrophyMild},
                                    {"atrophy_severe", r.atrophySevere},
                                    {"lesions", r.lesions},
                                    {"class_counts", r.classCounts}}
                         .dump(1)
                  << "\n";
    } else if (!common.quiet) {
        if (req.kind == SyntheticKind::Brain)
            std::printf("%lld phantoms: %lld mild and %lld severe atrophy, %lld lesions -> %s\n",
                        static_cast<long long>(r.images), static_cast<long long>(r.atrophyMild),
                        static_cast<long long>(r.atrophySevere), static_cast<long long>(r.lesions),
                        r.attributesCsv.c_str());
        else
            std::printf("%lld shapes, %lld in the largest class and %lld in the smallest -> %s\n",
                        static_cast<long long>(r.images), static_cast<long long>(r.classCounts.front()),
                        static_cast<long long>(r.classCounts.back()), r.labelsCsv.c_str());
    }
    return 0;
}

}  // namespace mlens::cli
