#include "app/cli/common.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "app/cli/terminal_progress.h"
#include "engine/api/error.h"
#include "engine/api/runtime.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

namespace mlens::cli {

void CommonOptions::addTo(ArgParser& p, bool withDevice, bool withJson) {
    if (withDevice) {
        p.option("device", "DEV", "auto (CUDA when available, else CPU), cpu, cuda or cuda:N [auto]",
                 &device);
        p.option("threads", "N", "CPU threads for LibTorch, 1 .. the machine's cores [all cores]", &threads);
    }
    if (withJson) p.flag("json", "print a JSON summary on stdout", &json);
    p.flag("verbose", "log parameters and progress details to stderr", &verbose);
    p.flag("quiet", "print nothing but errors and results", &quiet);
}

namespace {
// %* in the log pattern: the message with control characters escaped (file names reach the log).
class EscapedMessage final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
        const std::string text = forTerminal(std::string(msg.payload.data(), msg.payload.size()));
        dest.append(text.data(), text.data() + text.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<EscapedMessage>();
    }
};
}  // namespace

void CommonOptions::apply() const {
    auto logger = spdlog::stderr_color_mt("minoritylens");
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<EscapedMessage>('*').set_pattern("[%l] %*");
    logger->set_formatter(std::move(formatter));
    logger->set_level(verbose ? spdlog::level::info : spdlog::level::warn);
    if (quiet) logger->set_level(spdlog::level::err);
    spdlog::set_default_logger(logger);
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    if (threads != kAllCores && (threads < 1 || threads > cores))
        throw UsageError("--threads must be between 1 and " + std::to_string(cores) +
                         " (this machine's cores), got " + std::to_string(threads));
    configureThreads(threads == kAllCores ? 0 : threads);
    installInterruptHandler();
}

void printSkipped(const std::vector<DatasetProblem>& skipped, bool verbose, const std::string& listFile) {
    if (skipped.empty()) return;
    if (verbose) {
        for (const DatasetProblem& p : skipped)
            std::printf("  skipped %s: %s\n", forTerminal(p.path).c_str(), forTerminal(p.reason).c_str());
        return;
    }
    const auto kinds = summarizeProblems(skipped);
    for (size_t i = 0; i < kinds.size() && i < 10; ++i)
        std::printf("  skipped %lld: %s\n", static_cast<long long>(kinds[i].second),
                    forTerminal(kinds[i].first).c_str());
    if (kinds.size() > 10) std::printf("  ... and %zu more kinds of problem\n", kinds.size() - 10);
    std::printf("  (every skipped file with its reason: %s; --verbose lists them here)\n",
                forTerminal(listFile).c_str());
}

const std::vector<Command>& commands() {
    static const std::vector<Command> list = {
        {"demo", "run the whole job offline on synthetic brain slices and write a report", runDemoCommand},
        {"inspect", "list a checkpoint's tensors, detect the model and infer its configuration", runInspect},
        {"verify", "run a checkpoint on recorded inputs and compare with recorded outputs", runVerify},
        {"phantom", "generate synthetic data with ground truth (brain slices, long-tailed shapes)",
         runPhantomCommand},
        {"train-backbone", "train a guided-diffusion UNet (long-tail options)", runTrainBackboneCommand},
        {"score", "rank a dataset's images by minority score (resumable)", runScoreCommand},
        {"classes", "split minority scores into ordinal classes (quantile thresholds)", runClassesCommand},
        {"train-classifier", "train the noise-conditioned minority classifier", runTrainClassifierCommand},
        {"sample", "generate images, unguided or with classifier (minority) guidance", runSample},
        {"slices", "write a NIfTI or DICOM volume's slices in the radiological display convention",
         runSlicesCommand},
        {"export", "export a ranked gallery (PNGs, manifest, contact sheet, HTML), optionally de-identified",
         runExportCommand},
        {"grades", "export a reading study's grades and the agreement between reviewers", runGradesCommand},
        {"benchmark", "reproduce a benchmark on real data (fmnist-lt: Fashion-MNIST-LT with a judge)",
         runBenchmarkCommand},
        {"calibrate-t", "choose the minority score's t by its agreement with AvgkNN on a subset",
         runCalibrateTCommand},
        {"fit-hardness", "fit Sehwag et al.'s hardness model: class Gaussians of a classifier's embeddings",
         runFitHardnessCommand},
        {"hardness", "score images or samples by hardness under a fit-hardness model", runHardnessCommand},
        {"evaluate",
         "outlier metrics (AvgkNN, LOF, rarity, hardness, precision/recall) of generated vs real sets",
         runEvaluateCommand},
    };
    return list;
}

void addBackboneOptions(ArgParser& p, BackboneSpec& b, const std::string& flag) {
    p.option(flag, "CKPT", "backbone UNetModel checkpoint (required)", &b.checkpoint);
    p.option(flag + "-config", "JSON", "backbone constructor arguments; inferred when omitted", &b.config);
    p.option("image-size", "S", "image size, when the checkpoint does not determine it [from the checkpoint]",
             &b.imageSize);
    p.choice("schedule", "noise schedule the backbone was trained with [the checkpoint's, else linear]",
             &b.schedule);
    p.option("diffusion-steps", "T", "steps of the trained process [the checkpoint's, else 1000]",
             &b.diffusionSteps);
    p.flag("sigma-small", "fixed-variance models: use the posterior variance (default: betas)",
           &b.sigmaSmall);
}

void addScoreOptions(ArgParser& p, MinorityScoreParams& s, std::string* tText) {
    if (tText)
        p.option(
            "t", "T|auto",
            "perturbation step (original timestep), or auto: the step calibrate-t recommends on a subset "
            "[605 for linear, 0.9T for cosine]",
            tText);
    else
        p.option("t", "T", "perturbation step (original timestep) [605 for linear, 0.9T for cosine]", &s.t);
    p.option("t-index", "K", "perturbation step as an index into --respacing [none]", &s.tIndex);
    p.option("respacing", "SPEC", "respacing for --t-index (\"100\" with index 60 is t=605)", &s.respacing);
    addDrawOptions(p, s);
}

void addDrawOptions(ArgParser& p, MinorityScoreParams& s) {
    p.option("draws", "N", "noise draws averaged per image", &s.draws);
    p.choice("distance", "image distance", &s.distance);
    p.option("lpips-trunk", "FILE", "torchvision VGG16 / AlexNet weights (features.N.*) for LPIPS",
             &s.lpipsTrunk);
    p.option("lpips-heads", "FILE", "LPIPS v0.1 linear heads (vgg.pth / alex.pth)", &s.lpipsHeads);
    p.option("seed", "S", "seed of the noise draws", &s.seed);
}

bool resolveTOption(const std::string& tText, MinorityScoreParams& s) {
    if (tText.empty()) return false;
    if (tText == "auto") return true;
    try {
        const std::vector<int> steps = parseTCandidates(tText);  // the one rule for a step
        if (steps.size() == 1) {
            s.t = steps[0];
            return false;
        }
    } catch (const Error&) {
    }
    throw UsageError("--t must be a step of at least 1 or \"auto\", got \"" + tText + "\"");
}

void addFeatureOptions(ArgParser& p, FeatureSpec& f) {
    p.option("feature-network", "CKPT", "torchvision ResNet-50 weights [random]", &f.network);
    p.option("feature-classifier", "CKPT",
             "features of this image classifier (its penultimate layer at t=0) instead of ResNet-50",
             &f.classifier);
    p.option("feature-seed", "S", "seed of the random ResNet-50", &f.seed);
    p.option("feature-size", "S", "input size of the feature network", &f.size);
}

void addCalibrationOptions(ArgParser& p, CalibrationSettings& c, std::string* candidatesText) {
    p.option("candidates", "T1,T2,...",
             "candidate steps [50,100,150,250,400,600,800, scaled to the backbone's T]", candidatesText);
    p.option("subset", "N", "images the calibration scores (a seeded choice)", &c.subset);
    p.option("subset-seed", "S", "seed of which images", &c.subsetSeed);
    p.option("k-knn", "K", "AvgkNN neighbours", &c.knnK);
    p.choice(
        "agreement",
        "what recommends t: the shared top --tail-fraction with AvgkNN, or Spearman over the whole subset",
        &c.agreement);
    p.option("tail-fraction", "F", "the share of the subset that is its tail", &c.tailFraction);
    addFeatureOptions(p, c.features);
}

void finishCalibrationOptions(const std::string& candidatesText, CalibrationSettings& c) {
    if (candidatesText.empty()) return;
    try {
        c.candidates = parseTCandidates(candidatesText);
    } catch (const Error& e) {
        throw UsageError(std::string("--candidates: ") + e.what());
    }
}

DatasetOptions::DatasetOptions(ArgParser& p, DatasetSpec& spec, const std::string& dataHelp)
    : m_spec(spec), m_window("auto") {
    if (!dataHelp.empty()) p.option("data", "PATH", dataHelp, &spec.path);  // evaluate names it --real
    p.choice("labels", "labels: first-level folder names, a CSV, or the IDX labels file beside the images",
             &spec.labels);
    p.option("labels-csv", "FILE", "labels from a CSV of item,label (implies --labels csv)", &spec.labelsCsv);
    p.choice("plane", "slices taken from volumes", &spec.plane);
    p.flag("keep-empty-slices", "keep constant (empty) slices of volumes", &spec.keepEmptySlices);
    p.option("long-tail", "IR",
             "keep a long-tailed subset with imbalance ratio IR (CIFAR-10-LT profile) [off]",
             &spec.longTail.imbalance);
    p.option("long-tail-max", "N", "images of the largest class in the subset [the largest class's count]",
             &spec.longTail.maxPerClass);
    p.option("long-tail-seed", "S", "seed of the class order and of which images are kept",
             &spec.longTail.seed);
    p.option(
        "window", "W",
        "intensity window of 16-bit and physical images: auto (0.5-99.5 % percentiles per volume or image), "
        "dicom (the file's preset) or CENTER,WIDTH",
        &m_window);
    p.choice(
        "fit",
        "to the model size: crop (guided-diffusion's resize and centre crop) or pad (centre, never upscale)",
        &spec.fit);
}

IntensityWindow parseWindowOption(const std::string& text) {
    IntensityWindow w;
    if (text == "auto") return w;
    if (text == "dicom") {
        w.mode = WindowMode::Dicom;
        return w;
    }
    const auto comma = text.find(',');
    char* end = nullptr;
    const double c = comma == std::string::npos ? 0 : std::strtod(text.c_str(), &end);
    const bool okCenter = comma != std::string::npos && end == text.c_str() + comma;
    const double width = okCenter ? std::strtod(text.c_str() + comma + 1, &end) : 0;
    if (!okCenter || *end || !(width > 0) || !std::isfinite(c) || !std::isfinite(width))
        throw UsageError("--window must be auto, dicom or CENTER,WIDTH with WIDTH > 0, got '" + text + "'");
    w.mode = WindowMode::Fixed;
    w.center = c;
    w.width = width;
    return w;
}

void DatasetOptions::finish() {
    if (!m_spec.labelsCsv.empty()) m_spec.labels = LabelSource::Csv;
    if (m_spec.labels == LabelSource::Csv && m_spec.labelsCsv.empty())
        throw UsageError("--labels csv needs --labels-csv FILE");
    const double lo = m_spec.window.lowPercent, hi = m_spec.window.highPercent;
    m_spec.window = parseWindowOption(m_window);
    m_spec.window.lowPercent = lo;
    m_spec.window.highPercent = hi;
}

std::string shapeString(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

int printShardStatus(const std::vector<ShardStatus>& shards, const std::string& rateUnit,
                     const std::string& result, const std::string& output, nlohmann::json extra,
                     const CommonOptions& common) {
    if (common.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const ShardStatus& h : shards)
            list.push_back({{"shard", h.shard.index},
                            {"count", h.shard.count},
                            {"batches", h.units},
                            {"done", h.done},
                            {"finished", h.finished},
                            {"items_per_second", h.itemsPerSecond},
                            {"host", h.host},
                            {"updated", h.updated}});
        extra["shards"] = list;
        std::cout << extra.dump(1) << "\n";
        return 0;
    }
    for (const ShardStatus& h : shards)
        std::printf("shard %-9s %lld/%lld batches %-10s %7.1f %s  %s  %s\n", h.shard.label().c_str(),
                    static_cast<long long>(h.done), static_cast<long long>(h.units),
                    h.finished ? "finished" : "unfinished", h.itemsPerSecond, rateUnit.c_str(),
                    forTerminal(h.host).c_str(), h.updated.c_str());
    if (!result.empty())
        std::printf("%s\n", result.c_str());
    else
        std::printf("%s not written yet: run the same command without --shard (or with --merge)\n",
                    output.c_str());
    return 0;
}

int printJobStatus(const std::string& dir, const std::string& job, const std::string& what,
                   const std::string& rateUnit, const std::vector<std::string>& outputs,
                   const CommonOptions& common) {
    const std::vector<ShardStatus> shards = readShardStatus(dir, job);
    std::error_code ec;
    const bool written = std::any_of(outputs.begin(), outputs.end(), [&](const std::string& o) {
        return std::filesystem::exists(std::filesystem::path(dir) / o, ec);
    });
    if (shards.empty() && !written) throw UsageError(dir + " holds no " + what);
    const std::string name = std::filesystem::path(outputs.front()).filename().string();
    return printShardStatus(shards, rateUnit, written ? name + ": written" : "", name, {{"merged", written}},
                            common);
}

}  // namespace mlens::cli
