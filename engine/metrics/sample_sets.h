#pragma once
// Loading the sets `evaluate` compares: image folders, samples .npz (arr_0 uint8 NHWC), sample
// tensors (x0 in [-1, 1]) or feature matrices.
#include <torch/types.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/api/dataset.h"

namespace mlens::metrics {

struct SampleSet {
    std::string name, path;
    torch::Tensor images;    // sets read whole (.npz, .safetensors): [N, C, S, S] float32 in [-1, 1]
    torch::Tensor features;  // [N, D] float64, or undefined
    // Image datasets are never held whole: batch() decodes them from `reader`, the items that decoded
    // when the set was loaded (`readable`), at imageSize x imageSize with `channels` channels, so an
    // evaluation keeps O(batch) images in memory (and only the features it extracts).
    std::shared_ptr<const DatasetReader> reader;
    std::vector<size_t> readable;
    int imageSize = 0, channels = 0;
    Fit fit = Fit::Crop;
    // Image datasets only: the item name of each image and, when the dataset is labelled, its label
    // (an index into labelNames).
    std::vector<std::string> itemNames;
    std::vector<int64_t> labels;
    std::vector<std::string> labelNames;
    bool hasImages() const { return images.defined() || reader; }
    int64_t size() const {
        return reader             ? static_cast<int64_t>(readable.size())
               : images.defined() ? images.size(0)
                                  : features.size(0);
    }
    // Images first .. first + n - 1 as [n, C, S, S] float32 in [-1, 1]. Throws Error(Format) when an
    // image that decoded at loading no longer does (the file changed).
    torch::Tensor batch(int64_t first, int64_t n) const;
};

// A set given as PATH or NAME=PATH: an image dataset (folder, IDX, volume: read as `images`
// describes, with its fit, window, labels and subset), samples (.npz, .safetensors x0) or a feature
// matrix. Images are preprocessed to `imageSize` x `imageSize` with `channels` channels (0: the
// first image's). Throws Error for unusable inputs.
SampleSet loadSampleSet(const std::string& spec, int imageSize, int channels, const DatasetSpec& images = {});
// "NAME=PATH" -> {NAME, PATH}; a bare PATH is named after its file or folder.
std::pair<std::string, std::string> splitSetSpec(const std::string& spec);

}  // namespace mlens::metrics
