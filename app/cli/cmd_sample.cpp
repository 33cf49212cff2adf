#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "app/cli/common.h"
#include "app/cli/terminal_progress.h"
#include "engine/api/dataset.h"
#include "engine/api/sampling.h"
#include "engine/api/sweep.h"

namespace mlens::cli {

namespace {

std::vector<double> readThresholds(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw UsageError("cannot read " + path);
    try {
        const auto j = nlohmann::json::parse(in);
        return j.at("thresholds").get<std::vector<double>>();
    } catch (const nlohmann::json::exception&) {
        throw UsageError(path + " has no thresholds (a classes.json of the global variant is needed)");
    }
}

int runSweepCommand(const SampleRequest& req, const std::string& text, const CommonOptions& common) {
    SweepSpec spec;
    try {
        spec = parseSweepSpec(text);
    } catch (const Error& e) {
        throw UsageError("--sweep: " + e.message().substr(std::string("sweep: ").size()));
    }
    requireOutputFolder(req.outDir);
    SamplingSession session;
    TerminalProgress progress(common.quiet || common.json);
    const SweepResult r = mlens::runSweep(session, req, spec, progress);
    const std::vector<std::string> files = writeSweep(r, req.outDir);
    progress.finish();
    if (common.json)
        std::cout << nlohmann::json{{"sweep", formatSweepSpec(spec)},
                                    {"runs", r.runs},
                                    {"samples", r.images.size()},
                                    {"png", files.at(0)},
                                    {"npz", files.at(1)}}
                         .dump(1)
                  << "\n";
    else if (!common.quiet)
        std::printf("sweep %zu x %zu cells (%d runs, %zu samples) -> %s\n", spec.scales.size(),
                    spec.classes.size(), r.runs, r.images.size(), files.at(0).c_str());
    return 0;
}

}  // namespace

int runSample(const std::vector<std::string>& args) {
    SampleRequest req;
    CommonOptions common;
    bool ddim = false;
    ArgParser p(
        "minoritylens-cli sample",
        "Sample from a guided-diffusion backbone, unguided, with classifier (minority) guidance\n"
        "w * grad log p(target | x_t), or with Sehwag et al.'s low-density sampler (--sehwag: alpha *\n"
        "normalize(grad L_g1) towards hardness + beta * normalize(grad L_g2) towards real, none at the\n"
        "last step). Sample i draws x_T and every step's noise from its own generator\n"
        "seeded with SEED + i, so a guided run shares its noise with the unguided run of the same seed.\n"
        "Writes OUT/samples.safetensors (x0, float32 NCHW in [-1,1]), OUT/samples.npz (arr_0 uint8 NHWC,\n"
        "arr_1 classes) and OUT/sample_NNNNNN.png with the parameters in a text chunk.");
    addBackboneOptions(p, req.backbone);
    GuidanceSpec& g = req.guidance;
    p.option("classifier", "CKPT", "EncoderUNetModel classifier for guidance", &g.classifier);
    p.option("classifier-config", "JSON", "classifier constructor arguments", &g.classifierConfig);
    p.option("target-class", "N", "class to guide towards (minority guidance: L-1 = rarest) [none]",
             &g.targetClass);
    p.option("scale", "W", "guidance scale w", &g.scale);
    p.option(
        "class-label", "Y",
        "class label of a class-conditional backbone (and classifier; the Sehwag sampler's class) [none]",
        &req.classLabel);
    p.option("sehwag", "H", "Sehwag et al.'s low-density sampler with this fit-hardness model", &g.sehwag);
    p.option("alpha", "A", "--sehwag: weight of the normalised hardness gradient (paper: 0.5) [0]", &g.alpha);
    p.option("beta", "B", "--sehwag: weight of the normalised discriminator gradient (paper: 0.5) [0]",
             &g.beta);
    p.option("tau", "T", "--sehwag: temperature of the softmax over classes [1]", &g.tau);
    p.option(
        "discriminator", "CKPT",
        "--sehwag: real-vs-synthetic classifier (train-classifier on real images and baseline samples),\n"
        "or a fit-hardness model of one (eq. 6)",
        &g.discriminator);
    p.option("discriminator-config", "JSON", "its constructor arguments, when not in the checkpoint",
             &g.discriminatorConfig);
    std::string mixture;
    p.option("mixture", "CLASSES_JSON",
             "mixture sampler: w * grad log sum_i tau_i p(i|x_t), tau = the thresholds in classes.json",
             &mixture);
    p.flag("with-baseline",
           "also sample the unguided baseline from the same noise (OUT/baseline, OUT/guided)",
           &req.withBaseline);
    p.option("respacing", "SPEC", "sampling steps: \"250\", \"10,20,30\", \"ddim50\"; \"\" = all",
             &req.respacing);
    p.flag("ddim", "DDIM updates instead of ancestral sampling", &ddim);
    p.option("eta", "E", "DDIM eta", &req.eta);
    p.option("num-samples", "N", "number of samples", &req.numSamples);
    p.option("seed", "S", "seed; sample i uses S + i", &req.seed);
    p.option("batch-size", "B", "samples per batch", &req.batchSize);
    p.option("replay-noise", "IO", "replay x_T and per-step noises from a file (keys x_T, noises)",
             &req.replayNoise);
    std::string sweep;
    p.option("sweep", "SPEC",
             "a classes x scales grid instead: \"classes=0,4,9,scales=0,1.5,3[,per-cell=N]\" (needs\n"
             "--classifier; each distinct cell sampled once) -> OUT/sweep.png, OUT/sweep.npz",
             &sweep);
    p.option("out", "DIR", "output folder (required)", &req.outDir);
    common.addTo(p);
    if (!p.parse(args)) return 0;
    if (req.backbone.checkpoint.empty()) throw UsageError("--model is required");
    if (req.outDir.empty()) throw UsageError("--out is required");
    if (ddim) req.sampler = Sampler::Ddim;
    if (!sweep.empty()) {
        if (g.classifier.empty()) throw UsageError("--sweep needs --classifier");
        if (p.given("target-class") || p.given("scale") || !mixture.empty() || req.withBaseline ||
            p.given("num-samples"))
            throw UsageError(
                "--sweep sets the classes, scales and samples itself; drop --target-class, "
                "--scale, --mixture, --with-baseline and --num-samples");
        common.apply();
        req.device = common.device;
        return runSweepCommand(req, sweep, common);
    }
    if (!mixture.empty()) g.mixtureWeights = readThresholds(mixture);
    if (!g.classifier.empty() && !p.given("target-class") && mixture.empty())
        throw UsageError("--classifier needs --target-class (or --mixture)");
    if (!mixture.empty() && p.given("target-class"))
        throw UsageError("--mixture and --target-class exclude each other");
    if (g.classifier.empty() && (p.given("target-class") || p.given("scale") || !mixture.empty()))
        throw UsageError("--target-class, --scale and --mixture need --classifier");
    if (g.classifier.empty() && g.sehwag.empty() && req.withBaseline)
        throw UsageError("--with-baseline needs --classifier or --sehwag");
    if (g.sehwag.empty() &&
        (p.given("alpha") || p.given("beta") || p.given("tau") || !g.discriminator.empty()))
        throw UsageError("--alpha, --beta, --tau and --discriminator need --sehwag");
    if (!g.sehwag.empty() && !g.classifier.empty())
        throw UsageError("--sehwag and --classifier exclude each other");
    if (g.beta > 0 && g.discriminator.empty()) throw UsageError("--beta needs --discriminator");
    common.apply();
    req.device = common.device;

    TerminalProgress progress(common.quiet || common.json);
    const SampleResult r = runSample(req, progress);
    progress.finish();
    if (common.json) {
        std::cout << nlohmann::json{{"device", r.device},
                                    {"num_samples", r.numSamples},
                                    {"seconds", r.seconds},
                                    {"seconds_per_image", r.seconds / static_cast<double>(r.numSamples)},
                                    {"safetensors", r.safetensorsPath},
                                    {"npz", r.npzPath},
                                    {"pngs", r.pngPaths.size()}}
                         .dump(1)
                  << "\n";
    } else if (!common.quiet) {
        std::printf("%lld samples in %.2f s (%.3f s/image) on %s -> %s\n",
                    static_cast<long long>(r.numSamples), r.seconds,
                    r.seconds / static_cast<double>(r.numSamples * (req.withBaseline ? 2 : 1)),
                    r.device.c_str(), req.outDir.c_str());
        if (req.withBaseline)
            std::printf("guided %.3f s/image vs baseline %.3f s/image (x%.2f)\n",
                        (r.seconds - r.baselineSeconds) / r.numSamples, r.baselineSeconds / r.numSamples,
                        (r.seconds - r.baselineSeconds) / r.baselineSeconds);
    }
    return 0;
}

}  // namespace mlens::cli
