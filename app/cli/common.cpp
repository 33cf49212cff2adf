#include "app/cli/common.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "app/cli/terminal_progress.h"
#include "engine/api/runtime.h"

namespace mlens::cli {

void CommonOptions::addTo(ArgParser& p, bool withDevice, bool withJson) {
    if (withDevice) {
        p.option("device", "DEV", "auto (CUDA when available, else CPU), cpu, cuda or cuda:N [auto]", &device);
        p.option("threads", "N", "CPU threads for LibTorch (0 = all cores) [0]", &threads);
    }
    if (withJson) p.flag("json", "print a JSON summary on stdout", &json);
    p.flag("verbose", "log parameters and progress details to stderr", &verbose);
    p.flag("quiet", "print nothing but errors and results", &quiet);
}

void CommonOptions::apply() const {
    auto logger = spdlog::stderr_color_mt("minoritylens");
    logger->set_pattern("[%l] %v");
    logger->set_level(verbose ? spdlog::level::info : spdlog::level::warn);
    if (quiet) logger->set_level(spdlog::level::err);
    spdlog::set_default_logger(logger);
    configureThreads(threads);
    installInterruptHandler();
}

const std::vector<Command>& commands() {
    static const std::vector<Command> list = {
        {"demo", "run the whole job offline on synthetic brain slices and write a report", runDemoCommand},
        {"inspect", "list a checkpoint's tensors, detect the model and infer its configuration", runInspect},
        {"verify", "run a checkpoint on recorded inputs and compare with recorded outputs", runVerify},
        {"phantom", "generate synthetic data with ground truth (brain slices, long-tailed shapes)", runPhantomCommand},
        {"train-backbone", "train a guided-diffusion UNet (long-tail options)", runTrainBackboneCommand},
        {"score", "rank a dataset's images by minority score (resumable)", runScoreCommand},
        {"classes", "split minority scores into ordinal classes (quantile thresholds)", runClassesCommand},
        {"train-classifier", "train the noise-conditioned minority classifier", runTrainClassifierCommand},
        {"sample", "generate images, unguided or with classifier (minority) guidance", runSample},
        {"evaluate", "outlier metrics (AvgkNN, LOF, rarity, precision/recall) of generated vs real sets", runEvaluateCommand},
    };
    return list;
}

std::string shapeString(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

}  // namespace mlens::cli
