#pragma once
// Writes the pickle (protocol 2) of a checkpoint as torch.save does: nested ordered dicts of
// tensors and plain values, tensors as persistent storage references. Torch-free.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/io/tensor_record.h"

namespace mlens::io {

struct OutValue {
    enum class Kind { None, Bool, Int, Float, Str, Tensor, Dict, List };
    Kind kind = Kind::None;
    bool boolean = false;
    int64_t integer = 0;
    double real = 0.0;
    std::string text;
    // Tensor: a view of storage `storageKey` (numel elements of dtype)
    std::string storageKey;
    int64_t storageNumel = 0;
    DType dtype = DType::Float32;
    std::vector<int64_t> shape, stride;
    int64_t offset = 0;
    std::vector<std::pair<std::string, OutValue>> dict;  // Dict (written as collections.OrderedDict)
    std::vector<OutValue> list;

    static OutValue ofInt(int64_t v);
    static OutValue ofFloat(double v);
    static OutValue ofStr(std::string v);
    static OutValue ofBool(bool v);
    static OutValue emptyDict();
};

std::string picklePayload(const OutValue& root);

}  // namespace mlens::io
