#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/common.h"
#include "engine/api/classes.h"

namespace mlens::cli {

int runClassesCommand(const std::vector<std::string>& args) {
    ClassesRequest req;
    CommonOptions common;
    ArgParser p(
        "minoritylens-cli classes",
        "Split minority scores into L ordinal classes exactly as the official code: q_i = quantile(scores,\n"
        "(i+1)/L), class = first i with q_i >= score; class 0 is the most common, L-1 the rarest.\n"
        "Writes WS/classes.csv (path, score, class) and WS/classes.json (thresholds, counts).");
    p.option("workspace", "WS", "workspace holding scores.csv (required)", &req.workspace);
    p.option("num-classes", "L", "number of classes; 0 = the suggested L", &req.numClasses);
    p.option("min-per-class", "N", "images per class the suggestion keeps", &req.minPerClass);
    p.flag("per-label", "class-conditional variant: thresholds within each label", &req.perLabel);
    common.addTo(p, /*withDevice=*/false);
    if (!p.parse(args)) return 0;
    if (req.workspace.empty()) throw UsageError("--workspace is required");
    if (req.numClasses < 0) throw UsageError("--num-classes must be >= 0");
    common.apply();
    const ClassesResult r = runClasses(req);
    if (common.json) {
        std::cout << nlohmann::json{{"num_classes", r.numClasses},
                                    {"suggested", r.suggested},
                                    {"images", r.images},
                                    {"counts", r.counts},
                                    {"classes_csv", r.csvPath}}
                         .dump(1)
                  << "\n";
    } else if (!common.quiet) {
        int64_t lo = r.counts.empty() ? 0 : r.counts[0], hi = lo;
        for (auto c : r.counts) {
            lo = std::min(lo, c);
            hi = std::max(hi, c);
        }
        std::printf("%lld images in %d classes (%lld..%lld per class; suggested L = %d) -> %s\n",
                    static_cast<long long>(r.images), r.numClasses, static_cast<long long>(lo),
                    static_cast<long long>(hi), r.suggested, r.csvPath.c_str());
    }
    return 0;
}

}  // namespace mlens::cli
