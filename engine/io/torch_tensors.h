#pragma once
// Bridges the torch-free checkpoint reader to LibTorch: materialises tensors (CPU; views keep
// sharing their storage) and writes state dicts as safetensors or as torch.save zip files.
#include <torch/types.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/io/checkpoint.h"
#include "engine/io/pickle_writer.h"

namespace mlens::io {

using StateDict = std::vector<std::pair<std::string, torch::Tensor>>;

torch::ScalarType toScalarType(DType dtype);
DType fromScalarType(torch::ScalarType type);  // throws Error(Unsupported)

// Loads tensors of one checkpoint, reading each storage once.
class TensorLoader {
public:
    explicit TensorLoader(const Checkpoint& checkpoint) : m_checkpoint(checkpoint) {}
    torch::Tensor load(const TensorRecord& record);

private:
    const Checkpoint& m_checkpoint;
    std::map<std::string, torch::Tensor> m_storages;
};

// Every tensor of the checkpoint, with its flattened name.
StateDict loadAllTensors(const Checkpoint& checkpoint);
// Convenience: open + load everything (small files such as IO fixtures).
StateDict loadTensorFile(const std::string& path);
torch::Tensor requireTensor(const StateDict& dict, const std::string& name);
const torch::Tensor* findTensor(const StateDict& dict, const std::string& name);

// Writes `dict` as safetensors (contiguous CPU copies), atomically.
void saveSafetensors(const std::string& path, const StateDict& dict,
                     const std::map<std::string, std::string>& metadata = {});

// Writes a torch.save-compatible zip (an OrderedDict of tensors, as model.state_dict() pickles),
// optionally nested under `wrapKey` next to plain `extras` ({"model": {...}, "step": 3}).
void saveTorchCheckpoint(const std::string& path, const StateDict& dict,
                         const std::vector<std::pair<std::string, OutValue>>& extras = {},
                         const std::string& wrapKey = "");

}  // namespace mlens::io
