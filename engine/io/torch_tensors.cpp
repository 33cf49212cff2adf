#include "engine/io/torch_tensors.h"

#include <filesystem>

#include "engine/api/error.h"
#include "engine/io/safetensors.h"
#include "engine/io/zip_archive.h"

namespace mlens::io {

torch::ScalarType toScalarType(DType dtype) {
    switch (dtype) {
        case DType::Float32:
            return torch::kFloat32;
        case DType::Float64:
            return torch::kFloat64;
        case DType::Float16:
            return torch::kFloat16;
        case DType::BFloat16:
            return torch::kBFloat16;
        case DType::Int64:
            return torch::kInt64;
        case DType::Int32:
            return torch::kInt32;
        case DType::Int16:
            return torch::kInt16;
        case DType::Int8:
            return torch::kInt8;
        case DType::UInt8:
            return torch::kUInt8;
        case DType::Bool:
            return torch::kBool;
    }
    return torch::kFloat32;
}

DType fromScalarType(torch::ScalarType type) {
    switch (type) {
        case torch::kFloat32:
            return DType::Float32;
        case torch::kFloat64:
            return DType::Float64;
        case torch::kFloat16:
            return DType::Float16;
        case torch::kBFloat16:
            return DType::BFloat16;
        case torch::kInt64:
            return DType::Int64;
        case torch::kInt32:
            return DType::Int32;
        case torch::kInt16:
            return DType::Int16;
        case torch::kInt8:
            return DType::Int8;
        case torch::kUInt8:
            return DType::UInt8;
        case torch::kBool:
            return DType::Bool;
        default:
            break;
    }
    throw Error(ErrorCode::Unsupported,
                std::string("tensor dtype ") + c10::toString(type) + " cannot be saved");
}

torch::Tensor TensorLoader::load(const TensorRecord& record) {
    const StorageRef& ref = *record.storage;
    auto it = m_storages.find(ref.key);
    if (it == m_storages.end()) {
        torch::Tensor flat = torch::empty({ref.numel}, torch::TensorOptions().dtype(toScalarType(ref.dtype)));
        if (ref.numel > 0) m_checkpoint.readStorage(ref, flat.data_ptr());
        it = m_storages.emplace(ref.key, flat).first;
    }
    return it->second.as_strided(record.shape, record.stride, record.offset);
}

StateDict loadAllTensors(const Checkpoint& checkpoint) {
    TensorLoader loader(checkpoint);
    StateDict out;
    out.reserve(checkpoint.tensors().size());
    for (const auto& t : checkpoint.tensors())
        out.emplace_back(t.name, loader.load(*t.record));
    return out;
}

StateDict loadTensorFile(const std::string& path) {
    return loadAllTensors(Checkpoint::open(path));
}

const torch::Tensor* findTensor(const StateDict& dict, const std::string& name) {
    for (const auto& [k, v] : dict)
        if (k == name) return &v;
    return nullptr;
}

torch::Tensor requireTensor(const StateDict& dict, const std::string& name) {
    if (const torch::Tensor* t = findTensor(dict, name)) return *t;
    throw Error(ErrorCode::NotFound, "tensor '" + name + "' is missing");
}

namespace {

std::vector<torch::Tensor> contiguousCpu(const StateDict& dict) {
    std::vector<torch::Tensor> out;
    out.reserve(dict.size());
    for (const auto& [name, t] : dict)
        out.push_back(t.detach().to(torch::kCPU).contiguous());
    return out;
}

}  // namespace

void saveSafetensors(const std::string& path, const StateDict& dict,
                     const std::map<std::string, std::string>& metadata) {
    const auto tensors = contiguousCpu(dict);
    std::vector<TensorBytes> bytes;
    for (size_t i = 0; i < dict.size(); ++i) {
        const auto& t = tensors[i];
        bytes.push_back({dict[i].first, fromScalarType(t.scalar_type()), t.sizes().vec(), t.data_ptr(),
                         static_cast<uint64_t>(t.numel() * t.element_size())});
    }
    writeSafetensors(path, bytes, metadata);
}

void saveTorchCheckpoint(const std::string& path, const StateDict& dict,
                         const std::vector<std::pair<std::string, OutValue>>& extras,
                         const std::string& wrapKey) {
    // The archive folder name is free; torch.save uses the file stem.
    std::string archive = std::filesystem::path(path).stem().string();
    if (archive.empty()) archive = "archive";
    const auto tensors = contiguousCpu(dict);
    OutValue stateDict = OutValue::emptyDict();
    for (size_t i = 0; i < dict.size(); ++i) {
        const auto& t = tensors[i];
        OutValue v;
        v.kind = OutValue::Kind::Tensor;
        v.storageKey = std::to_string(i);
        v.storageNumel = t.numel();
        v.dtype = fromScalarType(t.scalar_type());
        v.shape = t.sizes().vec();
        v.stride = t.strides().vec();
        stateDict.dict.emplace_back(dict[i].first, std::move(v));
    }
    OutValue root = stateDict;
    if (!wrapKey.empty() || !extras.empty()) {
        root = OutValue::emptyDict();
        if (!wrapKey.empty()) root.dict.emplace_back(wrapKey, std::move(stateDict));
        for (const auto& e : extras)
            root.dict.push_back(e);
    }
    const std::string pkl = picklePayload(root);
    static const std::string version = "3\n";
    static const std::string byteorder = "little";
    std::vector<ZipEntry> entries;
    entries.push_back({archive + "/data.pkl", pkl.data(), pkl.size()});
    entries.push_back({archive + "/byteorder", byteorder.data(), byteorder.size()});
    for (size_t i = 0; i < tensors.size(); ++i)
        entries.push_back({archive + "/data/" + std::to_string(i), tensors[i].data_ptr(),
                           static_cast<uint64_t>(tensors[i].numel() * tensors[i].element_size())});
    entries.push_back({archive + "/version", version.data(), version.size()});
    writeZip(path, entries);
}

}  // namespace mlens::io
