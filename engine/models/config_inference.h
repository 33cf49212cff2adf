#pragma once
// Infers UNetModel / EncoderUNetModel arguments from a checkpoint's parameter names and shapes.
// Structural arguments (channels, depth, attention levels, scale-shift norm, up/down blocks, pool,
// classes) are determined exactly when exactly one candidate architecture reproduces every name and
// shape. Values the weights do not store (heads, attention order, dropout, often image size) are
// assumed and reported as such. Torch-free.
#include <optional>
#include <string>
#include <vector>

#include "engine/io/checkpoint.h"
#include "engine/models/adm_config.h"

namespace mlens::models {

struct InferredConfig {
    AdmConfig config;
    std::string prefix;                 // where the model's weights sit in the checkpoint
    std::vector<std::string> inferred;  // argument names read off the weights
    std::vector<std::string> assumed;   // "num_heads=4 (not stored in the weights; ...)"
};

// UNet / EncoderUNet when the names look like guided-diffusion's, nullopt otherwise.
std::optional<AdmKind> detectAdmKind(const std::vector<io::NamedTensor>& tensors,
                                     std::string* prefix = nullptr);

// Throws mlens::Error(Unsupported) when no single architecture fits, naming what to pass instead.
InferredConfig inferAdmConfig(const std::vector<io::NamedTensor>& tensors, const std::string& fileName = "");

}  // namespace mlens::models
