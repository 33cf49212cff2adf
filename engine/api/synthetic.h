#pragma once
// Synthetic datasets with ground truth: brain-MRI-like axial slices with long-tailed atrophy and
// lesions, and RGB shapes with long-tailed classes (CIFAR-10-LT profile).
#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/api/choices.h"
#include "engine/api/progress.h"

namespace mlens {

enum class Atrophy { None = 0, Mild = 1, Severe = 2 };
const char* atrophyName(Atrophy a) noexcept;

// Everything that decides one phantom; drawn from the seed and the image index.
struct PhantomParams {
    Atrophy atrophy = Atrophy::None;
    bool lesion = false;
    double rotation = 0.0;  // degrees
    double shiftX = 0.0, shiftY = 0.0, scale = 1.0, aspect = 1.0;
    double gain = 1.0, biasX = 0.0, biasY = 0.0, noise = 0.03;
    double ventricleScale = 1.0;  // > 1 with atrophy
    double sulcusWidth = 1.0;     // relative; > 1 with atrophy
    double brainScale = 1.0;      // < 1 with atrophy (the brain shrinks from the skull)
    double lesionX = 0.0, lesionY = 0.0, lesionRadius = 0.0;
    uint64_t textureSeed = 0;
};

// The attribute draw of image `index` of a set with `seed`: atrophy none / mild / severe with
// probabilities 0.92 / 0.06 / 0.02, a lesion with probability 0.01, pose, intensity and noise.
PhantomParams drawPhantomParams(uint64_t seed, int64_t index);

struct Phantom {
    cv::Mat image;             // CV_8UC1, size x size
    double ventricleArea = 0;  // fraction of the brain's area that is ventricle (ground truth)
    double brainArea = 0;      // fraction of the image
};

// Renders at 4x and area-downsamples (anti-aliased); deterministic in the parameters.
Phantom renderPhantom(const PhantomParams& params, int size);

// The shapes set: 10 classes, class c holds about n_max * 0.01^(c/9) images (imbalance 0.01).
struct ShapeImage {
    cv::Mat image;  // CV_8UC3 BGR
    int label = 0;
};
const char* shapeClassName(int label) noexcept;
ShapeImage renderShape(uint64_t seed, int64_t index, int label, int size);

struct SyntheticRequest {
    SyntheticKind kind = SyntheticKind::Brain;
    std::string outDir;
    int count = 2000;
    int size = 32;  // brain: 16..256; shapes: 16..256
    uint64_t seed = 0;
};

struct SyntheticResult {
    int64_t images = 0;
    std::string
        attributesCsv;      // brain: path,atrophy,lesion,ventricle_area,brain_area; shapes: path,label,class
    std::string labelsCsv;  // shapes: path,label (for --labels-csv)
    int64_t atrophyMild = 0, atrophySevere = 0, lesions = 0;  // brain
    std::vector<int64_t> classCounts;                         // shapes
};

// Writes PNGs (and the CSVs) into outDir; never overwrites other files. Throws Error.
SyntheticResult runSynthetic(const SyntheticRequest& request, ProgressSink& progress);

}  // namespace mlens
