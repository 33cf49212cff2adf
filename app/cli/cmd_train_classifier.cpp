#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/common.h"
#include "app/cli/terminal_progress.h"
#include "engine/api/training.h"

namespace mlens::cli {

int runTrainClassifierCommand(const std::vector<std::string>& args) {
    ClassifierTrainRequest req;
    CommonOptions common;
    bool noFlip = false, noAnneal = false, clean = false;
    ArgParser p(
        "minoritylens-cli train-classifier",
        "Train the noise-conditioned minority classifier p(l | x_t) on WS/classes.csv with the official\n"
        "recipe: AdamW (lr 3e-4, weight decay 0.05) annealed linearly to 0, t ~ U{0..T-1}, random flips,\n"
        "stratified 95/5 split, validation loss / top-1 / top-5 (also per t-quartile). With --target\n"
        "dataset-labels the same recipe learns the dataset's own labels instead (a judge of generated "
        "images,\n"
        "or a real-vs-synthetic discriminator with --labels subfolders), on clean images with --clean.\n"
        "Writes OUT/classifier.safetensors (config in its metadata), OUT/classifier.pt and .json\n"
        "(guided-diffusion layout), OUT/training_state.safetensors (for --resume) and OUT/metrics.jsonl.");
    p.choice("target", "what to learn", &req.target);
    p.option("workspace", "WS", "workspace with scores.json and classes.csv (minority classes)",
             &req.workspace);
    DatasetOptions data(p, req.dataset, "dataset [minority classes: the one scores.json records]");
    p.option("out", "DIR", "output folder [WS/classifier]", &req.outDir);
    p.option("classifier-config", "JSON", "EncoderUNetModel constructor arguments [a CPU-sized default]",
             &req.classifierConfig);
    p.option("feature-classifier", "CKPT",
             "cascade: classify the frozen middle-block features of this noisy classifier",
             &req.featureClassifier);
    p.option("feature-classifier-config", "JSON", "its constructor arguments (inferred when omitted)",
             &req.featureClassifierConfig);
    p.flag("class-conditional", "condition the classifier on the dataset labels (classes --per-label)",
           &req.classConditional);
    p.flag("clean", "train on clean images (t = 0) instead of noisy ones", &clean);
    p.option("image-size", "S", "image size [the backbone's from scores.json; 32 for dataset labels]",
             &req.imageSize);
    p.option("iterations", "N", "optimizer steps", &req.iterations);
    p.option("batch-size", "B", "images per step", &req.batchSize);
    p.option("lr", "LR", "AdamW learning rate", &req.lr);
    p.option("weight-decay", "WD", "AdamW weight decay", &req.weightDecay);
    p.flag("no-anneal", "keep the learning rate constant", &noAnneal);
    p.flag("no-flip", "no horizontal flip augmentation", &noFlip);
    p.option("val-fraction", "F", "stratified validation hold-out", &req.valFraction);
    p.option("eval-every", "K", "validate and log every K steps", &req.evalEvery);
    p.option("save-every", "K", "checkpoint every K steps", &req.saveEvery);
    p.option("seed", "S", "seed of the split, batches, t and noise", &req.seed);
    p.choice("schedule", "noise schedule [from scores.json, else linear]", &req.schedule);
    p.option("diffusion-steps", "T", "steps of the trained process [from scores.json, else 1000]",
             &req.diffusionSteps);
    p.flag("resume", "continue from OUT/training_state.safetensors", &req.resume);
    common.addTo(p);
    if (!p.parse(args)) return 0;
    if (req.target == ClassifierTarget::MinorityClasses && req.workspace.empty())
        throw UsageError("--workspace is required");
    if (req.target == ClassifierTarget::DatasetLabels && (req.dataset.path.empty() || req.outDir.empty()))
        throw UsageError("--target dataset-labels needs --data and --out");
    data.finish();
    req.flip = !noFlip;
    req.anneal = !noAnneal;
    req.noisy = !clean;
    common.apply();
    req.device = common.device;
    TerminalProgress progress(common.quiet || common.json);
    req.onMetrics = [&progress](const TrainMetrics& m) {
        char line[200];
        std::snprintf(line, sizeof line,
                      "step %lld: loss %.4f top-1 %.3f | validation loss %.4f top-1 %.3f top-%d %.3f",
                      static_cast<long long>(m.step), m.trainLoss, m.trainTop1, m.valLoss, m.valTop1, m.topK,
                      m.valTopK);
        progress.message(line);
    };
    const ClassifierTrainResult r = runTrainClassifier(req, progress);
    progress.finish();
    if (common.json) {
        std::cout << nlohmann::json{{"checkpoint", r.checkpoint},
                                    {"torch_checkpoint", r.torchCheckpoint},
                                    {"config", r.configJson},
                                    {"metrics", r.metricsLog},
                                    {"steps", r.steps},
                                    {"classes", r.numClasses},
                                    {"train_images", r.trainImages},
                                    {"val_images", r.valImages},
                                    {"val_loss", r.last.valLoss},
                                    {"val_top1", r.last.valTop1},
                                    {"val_topk", r.last.valTopK},
                                    {"seconds", r.last.seconds}}
                         .dump(1)
                  << "\n";
    } else if (!common.quiet) {
        std::printf(
            "%lld steps, %d classes (%lld train / %lld validation images): val top-1 %.3f, top-%d %.3f -> "
            "%s\n",
            static_cast<long long>(r.steps), r.numClasses, static_cast<long long>(r.trainImages),
            static_cast<long long>(r.valImages), r.last.valTop1, r.last.topK, r.last.valTopK,
            r.checkpoint.c_str());
    }
    return 0;
}

}  // namespace mlens::cli
