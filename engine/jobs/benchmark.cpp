// The Fashion-MNIST-LT benchmark (api/benchmark.h): a composition of the other jobs on real images,
// judged by an independent classifier. Stages: judge accuracy -> minority scores of the LT set ->
// classes -> minority classifier -> baseline / guided / mixture from the same noise -> judge labels
// -> outlier metrics in the judge's feature space -> report (benchmark_report.cpp).
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "engine/api/benchmark.h"
#include "engine/api/classes.h"
#include "engine/api/dataset.h"
#include "engine/api/error.h"
#include "engine/api/evaluation.h"
#include "engine/api/request_json.h"
#include "engine/api/sampling.h"
#include "engine/api/scoring.h"
#include "engine/api/statistics.h"
#include "engine/api/training.h"
#include "engine/core/csv.h"
#include "engine/core/device.h"
#include "engine/io/image_loader.h"
#include "engine/jobs/benchmark_internal.h"
#include "engine/minority/minority_classifier.h"

namespace fs = std::filesystem;

namespace mlens {

// t follows Um & Ye's rule (App. D.6): the t whose scores agree best with AvgkNN in the evaluation
// space. Measured on the LT set (1 draw, L2, an 800-step backbone, judge features, k = 5): Spearman
// 0.31 / 0.32 / 0.21 / -0.07 / -0.08 at t = 100 / 250 / 400 / 600 / 800 (tail AUROC 0.55 / 0.57 /
// 0.58 / 0.59 / 0.45), so t = 250.
FmnistBenchmarkPlan fmnistBenchmarkPlan(bool quick) {
    FmnistBenchmarkPlan p{};
    p.samples = quick ? 192 : 512;
    p.respacing = quick ? "25" : "50";
    p.scale = 4.0;
    p.t = 250;
    p.draws = quick ? 1 : 3;
    p.numClasses = 10;
    p.iterations = quick ? 1500 : 3000;
    p.tailClasses = 3;
    p.imbalance = 100;
    return p;
}

std::string defaultFmnistDataDir() {
    if (const char* env = std::getenv("MLENS_FMNIST_DIR"); env && *env) return env;
    return "/usr/share/datasets/fashion-mnist";
}

std::string findFmnistModel(const std::string& name) {
    const std::string file = name + ".safetensors";
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("MLENS_FMNIST_MODELS"); env && *env)
        candidates.push_back(fs::path(env) / file);
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) candidates.push_back(exe.parent_path() / ".." / "share" / "minoritylens" / "fmnist" / file);
    candidates.push_back(fs::path(MLENS_SOURCE_DIR) / "resources" / "fmnist" / file);
    for (const auto& c : candidates)
        if (fs::exists(c, ec)) return c.lexically_normal().string();
    return {};
}

namespace bench {

DatasetSpec fmnistSpec(const std::string& dataDir, const std::string& prefix, double imbalance) {
    DatasetSpec s;
    s.path = (fs::path(dataDir) / (prefix + "-images-idx3-ubyte.gz")).string();
    s.labels = LabelSource::Idx;
    s.fit = Fit::Pad;
    s.longTail.imbalance = imbalance;
    return s;
}

Share shareWithInterval(const std::vector<bool>& hits) {
    Share s;
    s.n = static_cast<int64_t>(hits.size());
    if (hits.empty()) return s;
    auto share = [&](const std::vector<int64_t>& idx) {
        double k = 0;
        for (int64_t i : idx)
            k += hits[static_cast<size_t>(i)];
        return idx.empty() ? 0.0 : k / static_cast<double>(idx.size());
    };
    std::vector<int64_t> all(hits.size());
    for (size_t i = 0; i < all.size(); ++i)
        all[i] = static_cast<int64_t>(i);
    s.value = share(all);
    std::tie(s.lo, s.hi) = bootstrapInterval(s.n, share);
    return s;
}

Judge::Judge(const std::string& checkpoint, const std::string& device) : m_device(selectDevice(device)) {
    m_model = minority::MinorityClassifier::load(checkpoint, "", m_device);
    if (m_model->classConditional())
        throw Error(ErrorCode::InvalidArgument, "the judge " + checkpoint + " must not be class-conditional");
    m_model->head()->eval();
}

int Judge::numClasses() const {
    return m_model->numClasses();
}

std::vector<Judgement> Judge::judge(const std::vector<cv::Mat>& images8, ProgressSink& progress,
                                    const std::string& what) const {
    torch::InferenceMode inference;
    std::vector<Judgement> out;
    const int size = m_model->imageSize(), channels = m_model->inChannels();
    const size_t batch = 64;
    for (size_t b = 0; b < images8.size(); b += batch) {
        throwIfCancelled(progress);
        std::vector<torch::Tensor> xs;
        for (size_t i = b; i < std::min(images8.size(), b + batch); ++i)
            xs.push_back(io::admPreprocess(images8[i], size, channels, Fit::Pad));
        const torch::Tensor x = torch::stack(xs).to(m_device);
        const torch::Tensor t =
            torch::zeros({x.size(0)}, torch::TensorOptions().dtype(torch::kLong).device(m_device));
        const torch::Tensor probs = torch::softmax(m_model->logits(x, t), -1).to(torch::kCPU);
        const auto [conf, label] = probs.max(1);
        for (int64_t i = 0; i < x.size(0); ++i)
            out.push_back({static_cast<int>(label[i].item<int64_t>()), conf[i].item<double>()});
        progress.report(static_cast<int64_t>(std::min(images8.size(), b + batch)),
                        static_cast<int64_t>(images8.size()), what);
    }
    return out;
}

}  // namespace bench

namespace {

using Plan = FmnistBenchmarkPlan;

Plan planFor(const FmnistBenchmarkRequest& req) {
    Plan plan = fmnistBenchmarkPlan(req.quick);
    if (req.samples > 0) plan.samples = req.samples;
    if (req.iterations > 0) plan.iterations = req.iterations;
    if (req.numClasses > 0) plan.numClasses = req.numClasses;
    if (req.draws > 0) plan.draws = req.draws;
    if (req.t > 0) plan.t = req.t;
    if (!req.respacing.empty()) plan.respacing = req.respacing;
    if (req.scale > 0) plan.scale = req.scale;
    return plan;
}

bench::Folders prepareFolders(const FmnistBenchmarkRequest& req) {
    if (req.outDir.empty()) throw Error(ErrorCode::InvalidArgument, "an output folder is required");
    requireOutputFolder(req.outDir);
    for (const auto& [what, path] :
         {std::pair<std::string, std::string>{"backbone", req.backbone}, {"judge", req.judge}})
        if (path.empty() || !fs::exists(path))
            throw Error(ErrorCode::NotFound, "the benchmark's " + what + " is missing (" + path + ")");
    const fs::path out(req.outDir);
    std::error_code ec;
    if (fs::exists(out) && !fs::is_empty(out, ec))
        throw Error(ErrorCode::InvalidArgument,
                    req.outDir + " is not empty; choose a new folder for the benchmark");
    requireOutsideDataset(out.string(), req.dataDir);
    bench::Folders f{out, out / "workspace", out / "workspace" / "samples", out / "evaluation",
                     out / "report"};
    fs::create_directories(f.report, ec);
    if (ec) throw Error(ErrorCode::Io, "cannot create " + f.report.string() + ": " + ec.message());
    return f;
}

// Stage 1: the judge on the balanced test set.
Share judgeTestAccuracy(const FmnistBenchmarkRequest& req, const bench::Judge& judge,
                        ProgressSink& progress) {
    const DatasetReader reader(scanDataset(bench::fmnistSpec(req.dataDir, "t10k", 0)));
    std::vector<cv::Mat> images;
    std::vector<int> labels;
    for (size_t i = 0; i < reader.size(); ++i) {
        const ItemImage img = reader.read(i);
        if (!img.ok())
            throw Error(ErrorCode::Format, reader.listing().items[i].relativePath + ": " + img.error);
        images.push_back(img.display);
        labels.push_back(reader.listing().items[i].label);
    }
    const auto verdicts = judge.judge(images, progress, "judge on the test set");
    std::vector<bool> correct;
    for (size_t i = 0; i < verdicts.size(); ++i)
        correct.push_back(verdicts[i].label == labels[i]);
    return bench::shareWithInterval(correct);
}

// Stage 2: minority scores of the long-tailed training set; AUROC of the tail classes.
void scoreTail(const FmnistBenchmarkRequest& req, const Plan& plan, const bench::Folders& f,
               FmnistBenchmarkResult& res, bench::RealScores& real, ProgressSink& progress) {
    ScoreRequest score;
    score.backbone.checkpoint = req.backbone;
    score.dataset = bench::fmnistSpec(req.dataDir, "train", plan.imbalance);
    score.workspace = f.ws.string();
    score.score.distance = Distance::L2;
    score.score.t = plan.t;
    score.score.draws = plan.draws;
    score.score.seed = req.seed;
    score.batchSize = 64;
    score.device = req.device;
    runScore(score, progress);
    const DatasetListing listing = scanDataset(score.dataset);
    real.labelNames = listing.labelNames;
    const auto& order = listing.longTailOrder;  // largest -> smallest
    for (int i = 0; i < plan.tailClasses && i < static_cast<int>(order.size()); ++i)
        real.tail.insert(order[order.size() - 1 - static_cast<size_t>(i)]);
    for (int label : real.tail)
        res.tailLabels.push_back(listing.labelNames[static_cast<size_t>(label)]);
    std::map<std::string, int> labelOf;
    for (size_t i = 0; i < listing.labelNames.size(); ++i)
        labelOf[listing.labelNames[i]] = static_cast<int>(i);
    std::vector<std::string> header;
    for (const auto& r : readCsvFile((f.ws / "scores.csv").string(), &header)) {
        real.paths.push_back(r.at(0));
        real.scores.push_back(std::stod(r.at(1)));
        real.labels.push_back(labelOf.at(r.back()));
    }
    std::vector<bool> tail;
    for (int l : real.labels)
        tail.push_back(real.tail.count(l) > 0);
    res.realImages = static_cast<int64_t>(tail.size());
    res.tailImages = std::count(tail.begin(), tail.end(), true);
    res.aurocTail = auroc(real.scores, tail);
    std::tie(res.aurocTailLo, res.aurocTailHi) = bootstrapInterval(
        res.realImages,
        [&](const std::vector<int64_t>& idx) {
            std::vector<double> s;
            std::vector<bool> p;
            for (int64_t i : idx) {
                s.push_back(real.scores[static_cast<size_t>(i)]);
                p.push_back(tail[static_cast<size_t>(i)]);
            }
            return auroc(s, p);
        },
        300, req.seed);
}

// Stages 3-5: classes, the minority classifier, and the three samplers from the same noise.
std::vector<bench::SamplerRun> trainAndSample(const FmnistBenchmarkRequest& req, const Plan& plan,
                                              const bench::Folders& f, ProgressSink& progress) {
    ClassesRequest classes;
    classes.workspace = f.ws.string();
    classes.numClasses = plan.numClasses;
    const ClassesResult cls = runClasses(classes);
    ClassifierTrainRequest train;
    train.workspace = f.ws.string();
    train.iterations = plan.iterations;
    train.seed = req.seed;
    train.device = req.device;
    const ClassifierTrainResult clf = runTrainClassifier(train, progress);

    SampleRequest sample;
    sample.backbone.checkpoint = req.backbone;
    sample.guidance.classifier = clf.checkpoint;
    sample.guidance.targetClass = clf.numClasses - 1;
    sample.guidance.scale = plan.scale;
    sample.respacing = plan.respacing;
    sample.numSamples = plan.samples;
    sample.batchSize = 32;
    sample.seed = req.seed;
    sample.withBaseline = true;
    sample.device = req.device;
    sample.outDir = (f.samples / "guided").string();
    const SampleResult guided = runSample(sample, progress);
    sample.withBaseline = false;
    sample.guidance.targetClass = -1;
    sample.guidance.mixtureWeights = cls.thresholds;  // tau_i = the class thresholds (paper appendix)
    sample.outDir = (f.samples / "mixture").string();
    const SampleResult mixture = runSample(sample, progress);
    return {
        {"baseline", guided.baseline.images, (fs::path(guided.baselineDir) / "samples.npz").string(), {}, {}},
        {"guided", guided.guided.images, guided.npzPath, {}, {}},
        {"mixture", mixture.guided.images, mixture.npzPath, {}, {}}};
}

// Stage 6: outlier metrics and precision / recall in the judge's feature space.
EvaluateResult evaluateInJudgeSpace(const FmnistBenchmarkRequest& req, const Plan& plan,
                                    const bench::Folders& f, const std::vector<bench::SamplerRun>& runs,
                                    ProgressSink& progress) {
    EvaluateRequest eval;
    eval.real = bench::fmnistSpec(req.dataDir, "train", plan.imbalance);
    eval.realName = "real";
    for (const auto& r : runs)
        eval.fakes.push_back(r.name + "=" + r.npz);
    eval.outDir = (f.evaluation / "judge").string();
    eval.features.classifier = req.judge;
    eval.batchSize = 128;
    eval.device = req.device;
    return runEvaluate(eval, progress);
}

FmnistBenchmarkResult benchmark(const FmnistBenchmarkRequest& req, ProgressSink& progress) {
    const auto start = std::chrono::steady_clock::now();
    const Plan plan = planFor(req);
    spdlog::info("benchmark fmnist-lt: {}", toJson(req));
    const bench::Folders f = prepareFolders(req);
    FmnistBenchmarkResult res;
    res.workspace = f.ws.string();
    const bench::Judge judge(req.judge, req.device);
    res.judgeAccuracy = judgeTestAccuracy(req, judge, progress);
    bench::RealScores real;
    scoreTail(req, plan, f, res, real, progress);
    auto runs = trainAndSample(req, plan, f, progress);
    const EvaluateResult eval = evaluateInJudgeSpace(req, plan, f, runs, progress);
    bench::summariseSamplers(judge, runs, real, eval, res, progress);
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    bench::writeReport(req, plan, f, runs, real, res);
    return res;
}

}  // namespace

FmnistBenchmarkResult runFmnistBenchmark(const FmnistBenchmarkRequest& request, ProgressSink& progress) {
    return withContext("the Fashion-MNIST-LT benchmark", [&] { return benchmark(request, progress); });
}

}  // namespace mlens
