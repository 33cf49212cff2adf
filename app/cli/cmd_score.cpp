#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/common.h"
#include "app/cli/terminal_progress.h"
#include "engine/api/scoring.h"
#include "engine/api/text.h"

namespace mlens::cli {

namespace {

int printScoreStatus(const std::string& ws, const CommonOptions& common) {
    const ScoreStatus s = readScoreStatus(ws);
    const std::string result = !s.merged ? std::string()
                                         : "scores.csv: " + std::to_string(s.scored) + " of " +
                                               std::to_string(s.images) + " images" +
                                               (s.complete ? ", complete" : ", incomplete");
    return printShardStatus(
        s.shards, "images/s", result, "scores.csv",
        {{"merged", s.merged}, {"complete", s.complete}, {"images", s.images}, {"scored", s.scored}}, common);
}

}  // namespace

int runScoreCommand(const std::vector<std::string>& args) {
    ScoreRequest req;
    CommonOptions common;
    ArgParser p(
        "minoritylens-cli score",
        "Rank every image of a dataset by minority score: the mean distance between the image and its\n"
        "one-shot Tweedie reconstruction from x_t (Um & Ye). Writes WS/scores.csv (path, score, d0..dN-1)\n"
        "and WS/scores.json. Interrupted runs resume from WS/cache with identical numbers. The dataset\n"
        "is only read; unreadable images are skipped and listed. --t auto first runs calibrate-t on a\n"
        "subset (into WS/calibration; --candidates, --subset and the feature options apply) and scores\n"
        "at the step it recommends.\n"
        "Sharded: --shard K/N scores the batches b with b % N == K and writes only their cache files\n"
        "and WS/shards/score-K-of-N.json, so N shards may run at once on one shared filesystem; the same\n"
        "command without --shard (or with --merge) then writes scores.csv from the cache, identical to\n"
        "an unsharded run, recomputing nothing. --status WS shows how far each shard is.");
    addBackboneOptions(p, req.backbone);
    DatasetOptions data(p, req.dataset);
    p.option("workspace", "WS", "output folder, outside the dataset (required)", &req.workspace);
    std::string tText, candidates;
    addScoreOptions(p, req.score, &tText);
    addCalibrationOptions(p, req.calibration, &candidates);
    p.option("batch", "B", "images per batch", &req.batchSize);
    p.flag("spatial-maps", "also write per-pixel distance maps and reconstructions to WS/maps",
           &req.spatialMaps);
    std::string shardText, statusWs;
    p.option("shard", "K/N", "score only shard K of N (0-based) or auto (the Slurm array task)", &shardText);
    p.flag("merge", "only assemble scores.csv from the shards' cache; fail naming any shard not finished",
           &req.mergeOnly);
    p.option("status", "WS", "show how far the score job in WS is, by shard, and exit", &statusWs);
    common.addTo(p);
    if (!p.parse(args)) return 0;
    if (!statusWs.empty()) return printScoreStatus(statusWs, common);
    if (req.backbone.checkpoint.empty()) throw UsageError("--model is required");
    if (req.dataset.path.empty()) throw UsageError("--data is required");
    if (req.workspace.empty()) throw UsageError("--workspace is required");
    data.finish();
    req.autoT = resolveTOption(tText, req.score);
    finishCalibrationOptions(candidates, req.calibration);
    if (req.autoT && (req.score.tIndex >= 0 || !req.score.respacing.empty()))
        throw UsageError("--t auto chooses the step itself: drop --t-index / --respacing");
    if (!shardText.empty()) req.shard = parseShard(shardText);
    common.apply();
    req.device = common.device;

    TerminalProgress progress(common.quiet || common.json);
    const ScoreResult r = runScore(req, progress);
    progress.finish();
    if (common.json) {
        nlohmann::json skipped = nlohmann::json::array(), kinds = nlohmann::json::array();
        for (const auto& s : r.skipped)
            skipped.push_back({{"path", escapeInvalidUtf8(s.path)}, {"reason", escapeInvalidUtf8(s.reason)}});
        for (const auto& [kind, n] : summarizeProblems(r.skipped))
            kinds.push_back({{"reason", escapeInvalidUtf8(kind)}, {"count", n}});
        std::cout << nlohmann::json{{"images", r.images},
                                    {"scored", r.scored},
                                    {"reused", r.reused},
                                    {"skipped", skipped},
                                    {"skipped_by_reason", kinds},
                                    {"t", r.originalStep},
                                    {"seconds", r.seconds},
                                    {"scores_csv", r.csvPath},
                                    {"calibration_json", r.calibrationJson},
                                    {"scores_json", r.jsonPath},
                                    {"shard_status", r.shardStatusPath}}
                         .dump(1)
                  << "\n";
    } else if (!common.quiet) {
        if (!r.calibrationJson.empty())
            std::printf("t=%lld chosen by calibration (%s)\n", static_cast<long long>(r.originalStep),
                        forTerminal(r.calibrationJson).c_str());
        if (req.shard.active())
            std::printf(
                "shard %s: %lld images scored, %lld of the dataset's %lld from cache, in %.1f s -> %s\n",
                req.shard.label().c_str(), static_cast<long long>(r.scored), static_cast<long long>(r.reused),
                static_cast<long long>(r.images), r.seconds, forTerminal(r.shardStatusPath).c_str());
        else {
            std::printf(
                "%lld images at t=%lld: %lld scored, %lld from cache, %lld unreadable%s in %.1f s -> %s\n",
                static_cast<long long>(r.images), static_cast<long long>(r.originalStep),
                static_cast<long long>(r.scored), static_cast<long long>(r.reused),
                static_cast<long long>(r.skipped.size()) - r.notListed,
                r.notListed ? (" (and " + std::to_string(r.notListed) + " other entries skipped)").c_str()
                            : "",
                r.seconds, forTerminal(r.csvPath).c_str());
            printSkipped(r.skipped, common.verbose, r.jsonPath);
        }
    }
    return 0;
}

}  // namespace mlens::cli
