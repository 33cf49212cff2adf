#pragma once
// Loading the sets `evaluate` compares: image folders, samples .npz (arr_0 uint8 NHWC), sample
// tensors (x0 in [-1, 1]) or feature matrices.
#include <torch/types.h>

#include <string>
#include <vector>

#include "engine/api/dataset.h"

namespace mlens::metrics {

struct SampleSet {
    std::string name, path;
    torch::Tensor images;    // [N, C, S, S] float32 in [-1, 1], or undefined
    torch::Tensor features;  // [N, D] float64, or undefined
    // Image datasets only: the item name of each image and, when the dataset is labelled, its label
    // (an index into labelNames).
    std::vector<std::string> itemNames;
    std::vector<int64_t> labels;
    std::vector<std::string> labelNames;
    int64_t size() const { return images.defined() ? images.size(0) : features.size(0); }
};

// A set given as PATH or NAME=PATH: an image dataset (folder, IDX, volume: read as `images`
// describes, with its fit, window, labels and subset), samples (.npz, .safetensors x0) or a feature
// matrix. Images are preprocessed to `imageSize` x `imageSize` with `channels` channels (0: the
// first image's). Throws Error for unusable inputs.
SampleSet loadSampleSet(const std::string& spec, int imageSize, int channels, const DatasetSpec& images = {});
// "NAME=PATH" -> {NAME, PATH}; a bare PATH is named after its file or folder.
std::pair<std::string, std::string> splitSetSpec(const std::string& spec);

}  // namespace mlens::metrics
