#pragma once
// Builds a guided-diffusion network from a checkpoint (and an optional config JSON), loads its
// weights strictly and moves it to a device in eval mode.
#include <torch/types.h>

#include <optional>
#include <string>
#include <vector>

#include "engine/models/adm_models.h"
#include "engine/models/config_inference.h"

namespace mlens::io {
class Checkpoint;
}

namespace mlens::models {

struct LoadedAdm {
    AdmConfig config;
    UNetModel unet{nullptr};            // set when config.kind == UNet
    EncoderUNetModel encoder{nullptr};  // set when config.kind == EncoderUNet
    std::string configSource;           // "config file X" or "inferred from the checkpoint"
    std::vector<std::string> assumed;   // values inference had to assume
    std::string prefix;                 // where the weights sat in the checkpoint
    size_t converted = 0;               // tensors converted from fp16/bf16/fp64
    // From the metadata of checkpoints written by train-backbone (empty / 0 otherwise):
    std::string schedule;
    int diffusionSteps = 0;
    int nullClass = -1;  // the "no label" class of classifier-free label drop
};

// The configuration a checkpoint is built with, and where it came from, in this order: an explicit
// config file, the checkpoint's own metadata (train-backbone / train-classifier output), a valid
// NAME.json beside NAME.pt, else inferred from the tensor names and shapes (`assumed` then lists what
// the weights do not store). loadAdm and `inspect` both use it, so they never disagree.
struct ResolvedConfig {
    AdmConfig config;
    std::string source;                 // "config file X", "the checkpoint's metadata", "inferred ..."
    std::vector<std::string> inferred;  // arguments read off the weights (inference only)
    std::vector<std::string> assumed;   // arguments the weights do not store (inference only)
};
ResolvedConfig resolveConfig(const io::Checkpoint& ckpt, const std::string& path,
                             const std::string& configPath, AdmKind kind);

// `what` names the role in messages ("backbone", "classifier"). `expected` rejects the wrong
// model type with a clear error. `imageSizeOverride` > 0 replaces an assumed image size.
LoadedAdm loadAdm(const std::string& checkpointPath, const std::string& configPath,
                  const torch::Device& device, std::optional<AdmKind> expected, const std::string& what,
                  int imageSizeOverride = 0);

}  // namespace mlens::models
