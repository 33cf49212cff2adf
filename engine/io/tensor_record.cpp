#include "engine/io/tensor_record.h"

#include <limits>
#include <sstream>

#include "engine/api/error.h"

namespace mlens::io {

namespace {

struct DTypeInfo {
    DType dtype;
    int64_t size;
    const char* torchName;
    const char* stName;
    const char* storageClass;
};

constexpr DTypeInfo kDTypes[] = {
    {DType::Float32, 4, "float32", "F32", "FloatStorage"},
    {DType::Float64, 8, "float64", "F64", "DoubleStorage"},
    {DType::Float16, 2, "float16", "F16", "HalfStorage"},
    {DType::BFloat16, 2, "bfloat16", "BF16", "BFloat16Storage"},
    {DType::Int64, 8, "int64", "I64", "LongStorage"},
    {DType::Int32, 4, "int32", "I32", "IntStorage"},
    {DType::Int16, 2, "int16", "I16", "ShortStorage"},
    {DType::Int8, 1, "int8", "I8", "CharStorage"},
    {DType::UInt8, 1, "uint8", "U8", "ByteStorage"},
    {DType::Bool, 1, "bool", "BOOL", "BoolStorage"},
};

const DTypeInfo& info(DType dtype) noexcept {
    for (const auto& i : kDTypes)
        if (i.dtype == dtype) return i;
    return kDTypes[0];
}

}  // namespace

int64_t elementSize(DType dtype) noexcept {
    return info(dtype).size;
}
const char* dtypeName(DType dtype) noexcept {
    return info(dtype).torchName;
}
const char* safetensorsName(DType dtype) noexcept {
    return info(dtype).stName;
}
const char* storageClassName(DType dtype) noexcept {
    return info(dtype).storageClass;
}

bool dtypeFromSafetensors(const std::string& name, DType* out) noexcept {
    for (const auto& i : kDTypes)
        if (name == i.stName) {
            *out = i.dtype;
            return true;
        }
    return false;
}

bool dtypeFromStorageClass(const std::string& name, DType* out) noexcept {
    for (const auto& i : kDTypes)
        if (name == i.storageClass) {
            *out = i.dtype;
            return true;
        }
    return false;
}

bool isFloatingPoint(DType dtype) noexcept {
    return dtype == DType::Float32 || dtype == DType::Float64 || dtype == DType::Float16 ||
           dtype == DType::BFloat16;
}

int64_t TensorRecord::numel() const noexcept {
    int64_t n = 1;
    for (auto s : shape)
        n *= s;
    return n;
}

bool TensorRecord::isContiguous() const noexcept {
    return stride == contiguousStrides(shape);
}

std::vector<int64_t> contiguousStrides(const std::vector<int64_t>& shape) {
    std::vector<int64_t> stride(shape.size(), 1);
    int64_t s = 1;
    for (size_t i = shape.size(); i-- > 0;) {
        stride[i] = s;
        s *= std::max<int64_t>(shape[i], 1);
    }
    return stride;
}

std::string shapeToString(const std::vector<int64_t>& shape) {
    std::ostringstream os;
    os << '[';
    for (size_t i = 0; i < shape.size(); ++i)
        os << (i ? ", " : "") << shape[i];
    os << ']';
    return os.str();
}

void validateRecord(const TensorRecord& record, const std::string& what) {
    auto fail = [&](const std::string& why) {
        throw Error(ErrorCode::Format, "tensor '" + what + "': " + why);
    };
    if (!record.storage) fail("has no storage");
    if (record.shape.size() != record.stride.size()) fail("size and stride lengths differ");
    if (record.shape.size() > 64) fail("has more than 64 dimensions");
    if (record.offset < 0) fail("negative storage offset");
    if (record.storage->numel < 0) fail("negative storage size");
    if (record.dtype != record.storage->dtype) fail("dtype differs from its storage's");
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max() / 16;
    int64_t last = record.offset;  // index of the last element the view touches
    int64_t count = 1;
    for (size_t i = 0; i < record.shape.size(); ++i) {
        const int64_t n = record.shape[i];
        const int64_t s = record.stride[i];
        if (n < 0) fail("negative size " + shapeToString(record.shape));
        if (s < 0) fail("negative stride");
        if (n == 0) return;  // an empty view touches nothing
        if (s > 0 && (n - 1) > (kMax - last) / s) fail("view overflows");
        last += (n - 1) * s;
        if (count > kMax / n) fail("too many elements");
        count *= n;
    }
    if (last >= record.storage->numel)
        fail("view " + shapeToString(record.shape) + " at offset " + std::to_string(record.offset) +
             " reads past its storage of " + std::to_string(record.storage->numel) + " elements");
}

}  // namespace mlens::io
