#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "app/cli/common.h"
#include "app/cli/terminal_progress.h"
#include "engine/api/evaluation.h"

namespace mlens::cli {

int runEvaluateCommand(const std::vector<std::string>& args) {
    EvaluateRequest req;
    CommonOptions common;
    ArgParser p(
        "minoritylens-cli evaluate",
        "Compare generated sets with real data by neighbourhood density in a feature space: AvgkNN (k=5),\n"
        "LOF (k=20; novelty LOF for generated samples), rarity score (k=3), improved precision / recall\n"
        "(k=3), and the minority score when --backbone is given. Each input is an image folder, a samples\n"
        ".npz, a samples .safetensors (x0) or a feature matrix (.npy / .safetensors / .pt); a set is named\n"
        "after its file or folder, or NAME=PATH. Features: ResNet-50 global-pooled, from --feature-network\n"
        "or randomly initialised from --feature-seed (random embeddings, as the brain-MRI study used), or\n"
        "an image classifier's penultimate layer (--feature-classifier, e.g. a judge of the labels).\n"
        "With labelled real data (--labels), also Sehwag et al.'s hardness: one Gaussian per real label\n"
        "in that feature space; images under their label, unlabelled ones under their best class.\n"
        "Writes OUT/metrics.csv, OUT/summary.json and OUT/{lof,avgknn,minority,hardness}_density.png.");
    std::string real;
    p.option(
        "real", "SET",
        "the real data (required): a dataset (folder, IDX, volume), samples or features; NAME=PATH names it",
        &real);
    DatasetOptions realData(p, req.real, "");
    p.multi("fake", "SET", "a generated set (repeatable; at least one)", &req.fakes);
    p.option("out", "DIR", "output folder (required)", &req.outDir);
    addFeatureOptions(p, req.features);
    p.option("k-knn", "K", "AvgkNN neighbours", &req.knnK);
    p.option("k-lof", "K", "LOF neighbours", &req.lofK);
    p.option("k-rarity", "K", "rarity score neighbours", &req.rarityK);
    p.option("k-pr", "K", "precision / recall neighbours", &req.prK);
    p.option("backbone", "CKPT", "also compute minority scores with this backbone", &req.backbone.checkpoint);
    p.option("backbone-config", "JSON", "its constructor arguments", &req.backbone.config);
    addScoreOptions(p, req.score);
    p.option("batch", "B", "images per batch", &req.batchSize);
    std::string shardText;
    p.option("shard", "K/N",
             "extract only the feature batches u with u % N == K (0-based; auto: the Slurm array task)\n"
             "into OUT/shards; the same command without --shard (or with --merge) then evaluates",
             &shardText);
    p.flag("merge", "only evaluate from the shards' features; fail naming any shard not finished",
           &req.mergeOnly);
    std::string statusDir;
    p.option("status", "DIR", "show how far the sharded evaluation in DIR is, by shard, and exit",
             &statusDir);
    common.addTo(p);
    if (!p.parse(args)) return 0;
    if (!statusDir.empty())
        return printJobStatus(statusDir, "evaluate", "evaluation", "images/s", {"summary.json"}, common);
    if (real.empty()) throw UsageError("--real is required");
    if (req.fakes.empty()) throw UsageError("at least one --fake is required");
    if (req.outDir.empty()) throw UsageError("--out is required");
    realData.finish();
    if (const auto eq = real.find('='); eq != std::string::npos) {
        req.realName = real.substr(0, eq);
        real = real.substr(eq + 1);
    }
    req.real.path = real;
    if (!shardText.empty()) req.shard = parseShard(shardText);
    common.apply();
    req.device = common.device;
    TerminalProgress progress(common.quiet || common.json);
    const EvaluateResult r = runEvaluate(req, progress);
    progress.finish();
    if (req.shard.active()) {
        if (common.json)
            std::cout << nlohmann::json{{"shard", req.shard.label()},
                                        {"batches_extracted", r.batchesExtracted},
                                        {"batches_reused", r.batchesReused},
                                        {"shard_status", r.shardStatusPath}}
                             .dump(1)
                      << "\n";
        else if (!common.quiet)
            std::printf("shard %s: %lld feature batches extracted, %lld already there -> %s\n",
                        req.shard.label().c_str(), static_cast<long long>(r.batchesExtracted),
                        static_cast<long long>(r.batchesReused), r.shardStatusPath.c_str());
        return 0;
    }
    if (common.json) {
        std::ifstream in(r.summaryJson);
        std::cout << nlohmann::json::parse(in).dump(1) << "\n";
        return 0;
    }
    if (common.quiet) return 0;
    const bool hardness = !r.sets.empty() && r.sets[0].metrics.count("hardness");
    std::printf("features: %s\n%-16s %6s %10s %10s %10s%s %9s %9s\n", r.featureDescription.c_str(), "set",
                "n", "AvgkNN", "LOF", "rarity", hardness ? "   hardness" : "", "precision", "recall");
    for (const auto& s : r.sets) {
        auto mean = [&](const char* m) { return s.metrics.count(m) ? s.metrics.at(m).mean : 0.0; };
        char h[32] = "";
        if (hardness) std::snprintf(h, sizeof h, " %10.2f", mean("hardness"));
        std::printf("%-16s %6lld %10.4f %10.4f %10.4f%s %9s %9s\n", s.name.c_str(),
                    static_cast<long long>(s.count), mean("avgknn"), mean("lof"), mean("rarity"), h,
                    s.isReal ? "-" : std::to_string(s.precision).substr(0, 5).c_str(),
                    s.isReal ? "-" : std::to_string(s.recall).substr(0, 5).c_str());
    }
    std::printf("-> %s, %s\n", r.metricsCsv.c_str(), r.summaryJson.c_str());
    return 0;
}

}  // namespace mlens::cli
