#pragma once
// safetensors (https://github.com/huggingface/safetensors): 8-byte little-endian header length, a
// JSON header {name: {dtype, shape, data_offsets}, "__metadata__": {str: str}}, then the data.
// Reading goes through Checkpoint::open; this header declares the torch-free writer.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/io/tensor_record.h"

namespace mlens::io {

struct TensorBytes {
    std::string name;
    DType dtype = DType::Float32;
    std::vector<int64_t> shape;
    const void* data = nullptr;  // contiguous, little-endian, numel * elementSize(dtype) bytes
    uint64_t size = 0;
};

// Writes atomically (temporary file, then rename). Throws mlens::Error(Io / InvalidArgument).
void writeSafetensors(const std::string& path, const std::vector<TensorBytes>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

}  // namespace mlens::io
