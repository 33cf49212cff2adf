#pragma once
// NumPy .npy / .npz (uncompressed) writing and reading of plain little-endian arrays. Torch-free.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/io/tensor_record.h"

namespace mlens::io {

struct NpyArray {
    std::string name;  // npz member name without ".npy" (arr_0)
    DType dtype = DType::Float32;
    std::vector<int64_t> shape;
    std::vector<uint8_t> data;  // C order, little-endian
};

std::string npyHeader(DType dtype, const std::vector<int64_t>& shape);
// Writes atomically.
void writeNpy(const std::string& path, const NpyArray& array);
void writeNpz(const std::string& path, const std::vector<NpyArray>& arrays);

// Parses one .npy image (C or Fortran order is rejected unless C). Throws Error(Format/Unsupported).
NpyArray parseNpy(const uint8_t* data, size_t size, const std::string& label);
NpyArray readNpy(const std::string& path);
std::vector<NpyArray> readNpz(const std::string& path);

}  // namespace mlens::io
