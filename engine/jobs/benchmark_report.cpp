// The Fashion-MNIST-LT benchmark's numbers and report (see benchmark.cpp for the pipeline).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "engine/api/request_json.h"
#include "engine/api/statistics.h"
#include "engine/core/atomic_file.h"
#include "engine/core/csv.h"
#include "engine/io/contact_sheet.h"
#include "engine/io/plot.h"
#include "engine/io/png_text.h"
#include "engine/jobs/benchmark_internal.h"

namespace fs = std::filesystem;

namespace mlens::bench {

namespace {

// Absolute drop in improved precision below the baseline's that still counts as "on the manifold".
constexpr double kPrecisionMargin = 0.10;

struct SetMetrics {
    std::vector<double> avgknn, lof, rarity;
};

std::map<std::string, SetMetrics> readMetrics(const std::string& csv) {
    std::vector<std::string> header;
    std::map<std::string, SetMetrics> out;
    for (const auto& r : readCsvFile(csv, &header)) {
        SetMetrics& m = out[r.at(0)];
        m.avgknn.push_back(std::stod(r.at(2)));
        m.lof.push_back(std::stod(r.at(3)));
        m.rarity.push_back(r.at(4).empty() ? 0.0 : std::stod(r.at(4)));
    }
    return out;
}

double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v)
        s += x;
    return v.empty() ? 0.0 : s / static_cast<double>(v.size());
}

std::string pct(const Share& s) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.1f %% [%.1f, %.1f]", 100 * s.value, 100 * s.lo, 100 * s.hi);
    return buf;
}

nlohmann::json shareJson(const Share& s) {
    return {{"value", s.value}, {"ci", {s.lo, s.hi}}, {"n", s.n}};
}

}  // namespace

std::string fmnistClassName(const std::string& label) {
    static const char* names[] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                  "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    if (label.size() == 1 && label[0] >= '0' && label[0] <= '9') return names[label[0] - '0'];
    return label;
}

void summariseSamplers(const Judge& judge, std::vector<SamplerRun>& runs, const RealScores& real,
                       const EvaluateResult& eval, FmnistBenchmarkResult& res, ProgressSink& progress) {
    const auto metrics = readMetrics(eval.metricsCsv);
    const SetMetrics& realMetrics = metrics.at("real");
    if (realMetrics.avgknn.size() == real.scores.size())
        res.spearmanAvgknn = spearman(real.scores, realMetrics.avgknn);
    res.precisionMargin = kPrecisionMargin;
    for (SamplerRun& run : runs) {
        SamplerOutcome o;
        o.name = run.name;
        run.verdicts = judge.judge(run.images, progress, "judge on " + run.name);
        const SetMetrics& m = metrics.at(run.name);
        std::vector<bool> tail, inside;
        o.perClass.assign(static_cast<size_t>(judge.numClasses()), 0);
        double conf = 0;
        for (size_t i = 0; i < run.verdicts.size(); ++i) {
            const Judgement& v = run.verdicts[i];
            tail.push_back(real.tail.count(v.label) > 0);
            inside.push_back(m.rarity.at(i) > 0);  // rarity k == precision k: inside some real ball
            ++o.perClass[static_cast<size_t>(v.label)];
            conf += v.confidence;
        }
        run.onManifold = inside;
        o.tail = shareWithInterval(tail);
        const Share precision = shareWithInterval(inside);
        o.precisionLo = precision.lo;
        o.precisionHi = precision.hi;
        o.meanConfidence = run.verdicts.empty() ? 0 : conf / static_cast<double>(run.verdicts.size());
        for (const auto& s : eval.sets)
            if (s.name == run.name) {
                o.precision = s.precision;
                o.recall = s.recall;
            }
        // The tail among samples on the manifold: guidance must not buy its tail share with poor images.
        std::vector<bool> tailInside;
        for (size_t i = 0; i < tail.size(); ++i)
            if (inside[i]) tailInside.push_back(tail[i]);
        o.tailOnManifold = shareWithInterval(tailInside);
        o.avgknnMean = mean(m.avgknn);
        o.lofMean = mean(m.lof);
        res.samplers.push_back(o);
    }
}

namespace {

void writeFigures(const Folders& f, const std::vector<SamplerRun>& runs, const RealScores& real,
                  const FmnistBenchmarkResult& res) {
    const cv::Scalar red(40, 39, 214), none(-1);
    std::vector<cv::Mat> sheets;
    for (const SamplerRun& run : runs) {
        std::vector<io::Tile> tiles;
        int64_t tail = 0;
        const size_t shown = std::min<size_t>(40, run.images.size());
        for (size_t i = 0; i < shown; ++i) {
            const Judgement& v = run.verdicts[i];
            const bool isTail = real.tail.count(v.label) > 0;
            tail += isTail;
            tiles.push_back({run.images[i],
                             fmnistClassName(real.labelNames[static_cast<size_t>(v.label)]).substr(0, 8),
                             isTail ? red : none});
        }
        char title[128];
        std::snprintf(title, sizeof title, "%s: %lld of the first %zu judged tail (red)", run.name.c_str(),
                      static_cast<long long>(tail), shown);
        sheets.push_back(io::contactSheet(title, tiles, 8, 64));
    }
    cv::Mat grid = sheets.front();
    for (size_t i = 1; i < sheets.size(); ++i)
        grid = io::sideBySide(grid, sheets[i]);
    io::writePng((f.report / "samplers_same_noise.png").string(), grid);

    std::vector<io::PlotSeries> classes;
    for (size_t r = 0; r < runs.size(); ++r) {
        std::vector<double> labels;
        for (const Judgement& v : runs[r].verdicts)
            labels.push_back(v.label);
        classes.push_back({runs[r].name, labels, io::seriesColor(r + 1)});
    }
    io::writePng((f.report / "judge_classes.png").string(),
                 io::histogramPlot("Judge's labels of the samples (0-9: T-shirt ... Ankle boot)", "label",
                                   classes, 10));
    std::vector<double> head, tail;
    for (size_t i = 0; i < real.scores.size(); ++i)
        (real.tail.count(real.labels[i]) ? tail : head).push_back(real.scores[i]);
    char title[128];
    std::snprintf(title, sizeof title, "Minority score of the real LT set: tail AUROC %.3f", res.aurocTail);
    io::writePng((f.report / "score_tail_vs_head.png").string(),
                 io::histogramPlot(title, "minority score (L2)",
                                   {{"head classes", head, io::seriesColor(0)},
                                    {"tail classes", tail, io::seriesColor(2)}}));
}

}  // namespace

void writeReport(const FmnistBenchmarkRequest& req, const FmnistBenchmarkPlan& plan, const Folders& f,
                 const std::vector<SamplerRun>& runs, const RealScores& real, FmnistBenchmarkResult& res) {
    writeFigures(f, runs, real, res);
    nlohmann::json samplers = nlohmann::json::object();
    for (const SamplerOutcome& o : res.samplers)
        samplers[o.name] = {{"n", o.tail.n},
                            {"tail_fraction", o.tail.value},
                            {"tail_fraction_ci", {o.tail.lo, o.tail.hi}},
                            {"tail_fraction_on_manifold", shareJson(o.tailOnManifold)},
                            {"precision", o.precision},
                            {"precision_ci", {o.precisionLo, o.precisionHi}},
                            {"recall", o.recall},
                            {"judge_confidence", o.meanConfidence},
                            {"per_class", o.perClass},
                            {"avgknn_mean", o.avgknnMean},
                            {"lof_mean", o.lofMean}};
    samplers["sehwag"] = nullptr;  // Sehwag et al.'s sampler is not built yet
    std::vector<std::string> tailNames;
    for (const auto& l : res.tailLabels)
        tailNames.push_back(fmnistClassName(l));
    const nlohmann::json summary = {{"judge_test_accuracy", res.judgeAccuracy.value},
                                    {"judge_test_accuracy_ci", {res.judgeAccuracy.lo, res.judgeAccuracy.hi}},
                                    {"judge_test_images", res.judgeAccuracy.n},
                                    {"auroc_tail", res.aurocTail},
                                    {"auroc_tail_ci", {res.aurocTailLo, res.aurocTailHi}},
                                    {"real_images", res.realImages},
                                    {"tail_images", res.tailImages},
                                    {"tail_labels", res.tailLabels},
                                    {"tail_names", tailNames},
                                    {"spearman_avgknn", res.spearmanAvgknn},
                                    {"score_t", plan.t},
                                    {"score_draws", plan.draws},
                                    {"score_distance", "l2"},
                                    {"num_classes", plan.numClasses},
                                    {"classifier_iterations", plan.iterations},
                                    {"scale", plan.scale},
                                    {"respacing", plan.respacing},
                                    {"samples", plan.samples},
                                    {"precision_margin", res.precisionMargin},
                                    {"samplers", samplers},
                                    {"features", "judge penultimate layer (t = 0)"},
                                    {"seconds", res.seconds},
                                    {"quick", req.quick},
                                    {"backbone", fs::absolute(req.backbone).string()},
                                    {"judge", fs::absolute(req.judge).string()},
                                    {"request", nlohmann::json::parse(toJson(req))}};
    res.summaryJson = (f.out / "summary.json").string();
    writeFileAtomically(res.summaryJson, summary.dump(1));

    std::string md = "# Fashion-MNIST-LT benchmark\n\n";
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "Long-tailed training set: %lld images (imbalance %g), tail = the %d rarest classes (%s; "
                  "%lld images).\nJudge accuracy on the balanced test set: %s (n = %lld).\n\n",
                  static_cast<long long>(res.realImages), plan.imbalance, plan.tailClasses,
                  nlohmann::json(tailNames).dump().c_str(), static_cast<long long>(res.tailImages),
                  pct(res.judgeAccuracy).c_str(), static_cast<long long>(res.judgeAccuracy.n));
    md += buf;
    std::snprintf(buf, sizeof buf,
                  "Minority score (L2, t = %d, %d draws): tail AUROC %.3f [%.3f, %.3f] (n = %lld), "
                  "Spearman with AvgkNN (k = 5, judge features) %.3f.\n\n",
                  plan.t, plan.draws, res.aurocTail, res.aurocTailLo, res.aurocTailHi,
                  static_cast<long long>(res.realImages), res.spearmanAvgknn);
    md += buf;
    std::snprintf(buf, sizeof buf,
                  "Samplers from the same noise (%s steps, guidance w = %g toward minority class %d of %d; "
                  "mixture: tau = class thresholds). Intervals: bootstrap 95 %%.\n\n",
                  plan.respacing.c_str(), plan.scale, plan.numClasses - 1, plan.numClasses);
    md += buf;
    md +=
        "| sampler | n | judged tail | tail among on-manifold | precision | recall | judge confidence |\n"
        "|---|---|---|---|---|---|---|\n";
    for (const SamplerOutcome& o : res.samplers) {
        std::snprintf(buf, sizeof buf,
                      "| %s | %lld | %s | %s (n = %lld) | %.3f [%.3f, %.3f] | %.3f | %.3f |\n",
                      o.name.c_str(), static_cast<long long>(o.tail.n), pct(o.tail).c_str(),
                      pct(o.tailOnManifold).c_str(), static_cast<long long>(o.tailOnManifold.n), o.precision,
                      o.precisionLo, o.precisionHi, o.recall, o.meanConfidence);
        md += buf;
    }
    md += "| sehwag | - | not built yet | | | | |\n\n";
    std::snprintf(buf, sizeof buf,
                  "A sampler counts as giving more minority samples only if its precision stays within %.2f "
                  "of the baseline's.\n\n",
                  res.precisionMargin);
    md += buf;
    md +=
        "Figures: report/samplers_same_noise.png (judge labels, red = tail), report/judge_classes.png, "
        "report/score_tail_vs_head.png, evaluation/judge/{avgknn,lof}_density.png.\n";
    res.reportMd = (f.out / "report.md").string();
    writeFileAtomically(res.reportMd, md);
}

}  // namespace mlens::bench
