#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/common.h"
#include "engine/api/annotations.h"

namespace mlens::cli {

int runGradesCommand(const std::vector<std::string>& args) {
    GradesExportRequest req;
    CommonOptions common;
    ArgParser p(
        "minoritylens-cli grades",
        "Export the grades of a reading study (the GUI's review mode) from WS/annotations.sqlite: one row\n"
        "per image and reviewer (item, source, slice, reviewer, grade 1-5, finding, artifact, note,\n"
        "blinded, created, updated; times in UTC), and print the agreement between every pair of\n"
        "reviewers (Cohen's kappa, and the linearly weighted kappa of the ordinal grades).");
    p.option("workspace", "WS", "the workspace (required)", &req.workspace);
    p.option("out", "CSV", "the CSV file to write (required)", &req.outCsv);
    common.addTo(p, /*withDevice=*/false);
    if (!p.parse(args)) return 0;
    if (req.workspace.empty()) throw UsageError("--workspace is required");
    if (req.outCsv.empty()) throw UsageError("--out is required");
    common.apply();
    const GradesExportResult r = runGradesExport(req);
    if (common.json) {
        nlohmann::json agreement = nlohmann::json::array();
        for (const auto& a : r.agreement)
            agreement.push_back({{"reviewers", {a.reviewerA, a.reviewerB}},
                                 {"images", a.images},
                                 {"kappa", a.kappa},
                                 {"weighted_kappa", a.weightedKappa}});
        std::cout << nlohmann::json{{"rows", r.rows},
                                    {"reviewers", r.reviewers},
                                    {"agreement", agreement},
                                    {"csv", req.outCsv}}
                         .dump(1)
                  << "\n";
    } else if (!common.quiet) {
        std::printf("%lld grade(s) by %zu reviewer(s) -> %s\n", static_cast<long long>(r.rows),
                    r.reviewers.size(), req.outCsv.c_str());
        for (const auto& a : r.agreement)
            std::printf(
                "  %s vs %s: %lld images graded by both, Cohen's kappa %.3f (linearly weighted %.3f)\n",
                a.reviewerA.c_str(), a.reviewerB.c_str(), static_cast<long long>(a.images), a.kappa,
                a.weightedKappa);
    }
    return 0;
}

}  // namespace mlens::cli
