#pragma once
// Torch-free description of tensors found in a checkpoint file: dtype, shape, strides and where the
// bytes live. Parsing code produces these; engine/io/torch_tensors.h turns them into torch tensors.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mlens::io {

enum class DType { Float32, Float64, Float16, BFloat16, Int64, Int32, Int16, Int8, UInt8, Bool };

int64_t elementSize(DType dtype) noexcept;
// PyTorch's spelling: "float32", "bfloat16", "int64", "bool", ...
const char* dtypeName(DType dtype) noexcept;
// safetensors spelling: "F32", "BF16", "I64", "BOOL", ...
const char* safetensorsName(DType dtype) noexcept;
bool dtypeFromSafetensors(const std::string& name, DType* out) noexcept;
// "FloatStorage" -> Float32 (the legacy typed-storage class names torch.save writes).
bool dtypeFromStorageClass(const std::string& name, DType* out) noexcept;
const char* storageClassName(DType dtype) noexcept;
bool isFloatingPoint(DType dtype) noexcept;

// One storage (a flat buffer of `numel` elements of `dtype`) inside a checkpoint container.
struct StorageRef {
    std::string key;  // container-specific key: zip entry name, legacy storage key, tensor name
    DType dtype = DType::Float32;
    int64_t numel = 0;        // elements
    uint64_t fileOffset = 0;  // legacy and safetensors: byte offset of the data in the file
};

// A strided view into a storage, as torch._utils._rebuild_tensor_v2 describes it.
struct TensorRecord {
    std::shared_ptr<const StorageRef> storage;
    DType dtype = DType::Float32;
    std::vector<int64_t> shape;
    std::vector<int64_t> stride;  // in elements
    int64_t offset = 0;           // in elements, into the storage

    int64_t numel() const noexcept;
    bool isContiguous() const noexcept;
};

// Checks the view stays inside its storage (no negative sizes or strides, no overflow). Throws
// mlens::Error(Format) naming `what` otherwise.
void validateRecord(const TensorRecord& record, const std::string& what);

// Contiguous strides for a shape.
std::vector<int64_t> contiguousStrides(const std::vector<int64_t>& shape);

std::string shapeToString(const std::vector<int64_t>& shape);

}  // namespace mlens::io
