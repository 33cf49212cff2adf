#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/common.h"
#include "app/cli/terminal_progress.h"
#include "engine/api/backbone.h"

namespace mlens::cli {

int runTrainBackboneCommand(const std::vector<std::string>& args) {
    BackboneTrainRequest req;
    CommonOptions common;
    bool fixedSigma = false, noFlip = false;
    ArgParser p(
        "minoritylens-cli train-backbone",
        "Train a guided-diffusion UNetModel on a dataset: epsilon prediction, learned-range variance with\n"
        "the hybrid loss, Adam with warm-up and gradient clipping, EMA weights for sampling. With labels\n"
        "the model is class-conditional, with classifier-free label drop and the long-tail options of\n"
        "Zhang et al. (ICLR 2024): --transfer t2h|h2t|full target transfer and --balanced batches.\n"
        "Writes OUT/model.safetensors (EMA; config and noise process in its metadata), model.pt and .json\n"
        "(guided-diffusion layout), metrics.jsonl and training_state.safetensors (for --resume).");
    DatasetOptions data(p, req.dataset);
    p.flag("unconditional",
           "an unconditional model even when the data have labels (e.g. to pick a --long-tail subset)",
           &req.unconditional);
    p.option("out", "DIR", "output folder (required)", &req.outDir);
    p.option("model-config", "JSON", "UNetModel constructor arguments [a CPU-sized UNet]", &req.modelConfig);
    p.option("image-size", "S", "training resolution", &req.imageSize);
    p.option("channels", "C", "1 or 3 [from the images]", &req.channels);
    p.flag("fixed-sigma", "predict epsilon only (fixed variance, plain MSE)", &fixedSigma);
    p.choice("schedule", "noise schedule", &req.schedule);
    p.option("diffusion-steps", "T", "length of the process", &req.diffusionSteps);
    p.option("iterations", "N", "optimizer steps", &req.iterations);
    p.option("batch-size", "B", "images per step", &req.batchSize);
    p.option("lr", "LR", "Adam learning rate", &req.lr);
    p.option("warmup", "N", "linear warm-up steps", &req.warmup);
    p.option("grad-clip", "G", "gradient norm clip", &req.gradClip);
    p.option("ema", "RATE", "EMA rate", &req.emaRate);
    p.choice("transfer", "long-tail target transfer (class-conditional)", &req.transfer);
    p.flag("balanced", "class-balanced batch re-sampling", &req.balancedBatches);
    p.option("label-drop", "P", "classifier-free label drop per batch", &req.labelDrop);
    p.flag("no-flip", "no random horizontal flips", &noFlip);
    p.option("log-every", "K", "metrics every K steps", &req.logEvery);
    p.option("save-every", "K", "checkpoint every K steps", &req.saveEvery);
    p.option("seed", "S", "seed", &req.seed);
    p.flag("resume", "continue from OUT/training_state.safetensors", &req.resume);
    common.addTo(p);
    if (!p.parse(args)) return 0;
    if (req.dataset.path.empty()) throw UsageError("--data is required");
    if (req.outDir.empty()) throw UsageError("--out is required");
    data.finish();
    req.learnSigma = !fixedSigma;
    req.flip = !noFlip;
    common.apply();
    req.device = common.device;
    TerminalProgress progress(common.quiet || common.json);
    req.onMetrics = [&progress](const BackboneMetrics& m) {
        char line[200];
        std::snprintf(line, sizeof line, "step %lld: loss %.4f (mse %.4f, vb %.4f), grad norm %.2f, %.0f s",
                      static_cast<long long>(m.step), m.loss, m.mse, m.vb, m.gradNorm, m.seconds);
        progress.message(line);
    };
    const BackboneTrainResult r = runTrainBackbone(req, progress);
    progress.finish();
    if (common.json) {
        std::cout << nlohmann::json{{"checkpoint", r.checkpoint}, {"torch_checkpoint", r.torchCheckpoint},
                                    {"config", r.configJson},     {"metrics", r.metricsLog},
                                    {"steps", r.steps},           {"images", r.images},
                                    {"classes", r.numClasses},    {"loss", r.last.loss},
                                    {"mse", r.last.mse},          {"seconds", r.last.seconds}}
                         .dump(1)
                  << "\n";
    } else if (!common.quiet) {
        std::printf("%lld steps on %lld images: loss %.4f (mse %.4f) -> %s\n",
                    static_cast<long long>(r.steps), static_cast<long long>(r.images), r.last.loss,
                    r.last.mse, r.checkpoint.c_str());
    }
    return 0;
}

}  // namespace mlens::cli
