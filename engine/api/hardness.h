#pragma once
// Sehwag et al.'s hardness score (CVPR 2022, eq. 3): class-conditional Gaussians of a noisy
// classifier's embeddings (its pooled features before the final linear layer), fitted on a labelled
// dataset at one or a few diffusion steps t, and the score of any image or sample set under them.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/api/choices.h"
#include "engine/api/dataset.h"
#include "engine/api/progress.h"

namespace mlens {

struct FitHardnessRequest {
    DatasetSpec data;  // labelled (subfolders, CSV or IDX labels): one Gaussian per label
    std::string classifier, classifierConfig;  // an unconditional EncoderUNetModel (train-classifier output)
    // Original steps the Gaussians are fitted at: images are noised to x_t first (t = 0: clean).
    // Sampling at step t uses the nearest of them. Empty: defaultHardnessSteps(the classifier's T).
    std::vector<int> t;
    Shrinkage shrinkage = Shrinkage::Oas;  // how each class covariance is shrunk (class_gaussians.h)
    double shrinkageWeight = 0;            // Fixed: the weight of the scaled identity, in [0, 1]
    std::string out;                       // the model file (.safetensors), outside the dataset
    uint64_t seed = 0;  // x_t's noise: image i's from a generator seeded by this and its name
    int batchSize = 64;
    std::string device = "auto";
};

struct HardnessClassInfo {
    std::string name;
    int64_t count = 0;
    bool pooled = false;            // one image: the pooled within-class covariance
    std::vector<double> shrinkage;  // per t
};

struct HardnessModelInfo {
    std::string path, classifier, classifierSha256, dataset;
    std::string schedule;  // of the noise the classifier was trained with (x_t for t > 0)
    int diffusionSteps = 0;
    std::vector<int> t;
    int64_t dim = 0;            // embedding dimensions
    std::string shrinkageRule;  // "oas", "ledoit-wolf" or "fixed W"
    std::vector<HardnessClassInfo> classes;
};

// 0, 250, 500, 750 for a 1000-step process, scaled to T steps.
std::vector<int> defaultHardnessSteps(int diffusionSteps);

// Writes request.out: safetensors of means [B, C, D], precisions [B, C, D, D], log-determinants
// [B, C] (float64; B = number of t) with the classifier, its SHA-256, schedule, class names and
// counts in its metadata. Throws Error with one line for unlabelled data, a class-conditional
// classifier or a covariance that cannot be fitted.
HardnessModelInfo runFitHardness(const FitHardnessRequest& request, ProgressSink& progress);

// The metadata of a model file (no classifier is loaded). Throws Error(NotFound / Format).
HardnessModelInfo readHardnessModel(const std::string& path);

struct HardnessRequest {
    std::string model;   // runFitHardness's file
    std::string data;    // image dataset (folder, IDX, volume), samples (.npz, .safetensors x0)
    DatasetSpec images;  // how a dataset is read; with labels, each image is scored under its label
    int t = -1;          // the fitted step nearest this one; -1: the model's first
    std::string outCsv;  // optional: path,label,class,hardness per image
    uint64_t seed = 0;   // x_t's noise for t > 0, as in runFitHardness
    int batchSize = 64;
    std::string device = "auto";
};

struct HardnessResult {
    HardnessModelInfo model;
    int t = 0;                         // the step used
    std::vector<std::string> names;    // per image: its item name, or "#i" for samples
    std::vector<std::string> labels;   // the image's label ("" when unknown)
    std::vector<std::string> classes;  // the class it was scored under: its label, or the best one
    std::vector<double> hardness;
    std::string csvPath;
};

// Scores every image: under its label's Gaussian when the dataset is labelled with the model's
// class names, else under the class whose Gaussian explains it best (the smallest H).
HardnessResult runHardness(const HardnessRequest& request, ProgressSink& progress);

}  // namespace mlens
