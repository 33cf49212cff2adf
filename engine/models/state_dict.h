#pragma once
// Loads checkpoint tensors into a torch module by state-dict name.
#include <torch/nn/module.h>

#include <string>
#include <vector>

#include "engine/io/checkpoint.h"

namespace mlens::models {

struct LoadReport {
    std::string prefix;    // where the weights sat in the checkpoint ("", "model.", "ema.", "module.")
    size_t loaded = 0;     // tensors copied
    size_t converted = 0;  // of which converted from another dtype (fp16/bf16 -> fp32)
    std::vector<std::string> missing, unexpected;  // non-strict loads only
};

// The prefix under which the checkpoint's names match `expected` best. Several full matches (a
// training checkpoint with both "model" and "ema") prefer EMA weights. Returns false if nothing matches.
bool findPrefix(const std::vector<io::NamedTensor>& tensors, const std::vector<std::string>& expected,
                std::string* prefix);

// Copies every parameter and buffer of `module` from the checkpoint. Strict (the default): every
// name must be present with the same shape and nothing else may sit under the prefix; the error
// names the key and both shapes, or lists missing and unexpected keys. `allowExtra` accepts
// unexpected keys (a torchvision file whose classifier.* a trunk does not use). Floating tensors
// are converted to the module's dtype and must be finite.
LoadReport loadWeights(torch::nn::Module& module, const io::Checkpoint& checkpoint, bool strict = true,
                       bool allowExtra = false);

}  // namespace mlens::models
