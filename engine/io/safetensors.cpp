#include "engine/io/safetensors.h"

#include <nlohmann/json.hpp>

#include <limits>
#include <set>

#include "engine/api/error.h"
#include "engine/core/atomic_file.h"
#include "engine/io/checkpoint_formats.h"

namespace mlens::io {

namespace {

constexpr uint64_t kMaxHeader = 100'000'000;  // the format's own limit

uint64_t readU64(const uint8_t* p) {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v |= static_cast<uint64_t>(p[i]) << (8 * i);
    return v;
}

}  // namespace

void parseSafetensors(Checkpoint::Impl& impl) {
    const uint8_t* data = impl.bytes->data();
    const uint64_t size = impl.bytes->size();
    const uint64_t n = readU64(data);
    if (n > kMaxHeader || n > size - 8)
        throw Error(ErrorCode::Format, "safetensors header length is out of range");
    const uint64_t dataStart = 8 + n;
    const uint64_t dataSize = size - dataStart;

    nlohmann::ordered_json header;
    try {
        header = nlohmann::ordered_json::parse(data + 8, data + 8 + n);
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorCode::Format, std::string("safetensors header is not valid JSON: ") + e.what());
    }
    if (!header.is_object()) throw Error(ErrorCode::Format, "safetensors header is not a JSON object");

    impl.arena = std::make_shared<PyArena>();
    PyArena& arena = *impl.arena;
    impl.root = arena.make(PyKind::Dict);
    for (const auto& item : header.items()) {
        const std::string& name = item.key();  // not a structured binding: lambdas below capture it
        const auto& entry = item.value();
        if (name == "__metadata__") {
            if (!entry.is_object())
                throw Error(ErrorCode::Format, "safetensors __metadata__ is not an object");
            for (const auto& [k, v] : entry.items())
                impl.metadata[k] = v.is_string() ? v.get<std::string>() : v.dump();
            continue;
        }
        auto bad = [&](const std::string& why) {
            throw Error(ErrorCode::Format, "safetensors tensor '" + name + "': " + why);
        };
        if (!entry.is_object()) bad("entry is not an object");
        const auto dt = entry.find("dtype");
        const auto sh = entry.find("shape");
        const auto off = entry.find("data_offsets");
        if (dt == entry.end() || !dt->is_string()) bad("missing dtype");
        if (sh == entry.end() || !sh->is_array()) bad("missing shape");
        if (off == entry.end() || !off->is_array() || off->size() != 2) bad("missing data_offsets");
        DType dtype;
        if (!dtypeFromSafetensors(dt->get<std::string>(), &dtype))
            throw Error(ErrorCode::Unsupported,
                        "safetensors tensor '" + name + "' has unsupported dtype " + dt->get<std::string>());
        auto record = std::make_shared<TensorRecord>();
        record->dtype = dtype;
        int64_t numel = 1;
        for (const auto& d : *sh) {
            if (!d.is_number_unsigned()) bad("shape holds a non-integer");
            const uint64_t v = d.get<uint64_t>();
            if (v > static_cast<uint64_t>(std::numeric_limits<int32_t>::max()) * 64)
                bad("dimension too large");
            if (v != 0 && numel > std::numeric_limits<int64_t>::max() / 16 / static_cast<int64_t>(v))
                bad("too many elements");
            record->shape.push_back(static_cast<int64_t>(v));
            numel *= static_cast<int64_t>(v);
        }
        if (!(*off)[0].is_number_unsigned() || !(*off)[1].is_number_unsigned()) bad("bad data_offsets");
        const uint64_t begin = (*off)[0].get<uint64_t>();
        const uint64_t end = (*off)[1].get<uint64_t>();
        if (end < begin || end > dataSize) bad("data_offsets outside the file");
        if (end - begin != static_cast<uint64_t>(numel) * static_cast<uint64_t>(elementSize(dtype)))
            bad("data_offsets do not match dtype and shape");
        record->stride = contiguousStrides(record->shape);
        record->storage = std::make_shared<StorageRef>(StorageRef{name, dtype, numel, dataStart + begin});
        PyValue* key = arena.make(PyKind::Str);
        key->text = name;
        PyValue* value = arena.make(PyKind::Tensor);
        value->tensor = std::move(record);
        impl.root->entries.emplace_back(key, value);
    }
}

void writeSafetensors(const std::string& path, const std::vector<TensorBytes>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    uint64_t offset = 0;
    std::set<std::string> names;
    for (const auto& t : tensors) {
        if (!names.insert(t.name).second)
            throw Error(ErrorCode::InvalidArgument, "duplicate tensor name " + t.name);
        int64_t numel = 1;
        for (auto d : t.shape)
            numel *= d;
        if (t.size != static_cast<uint64_t>(numel * elementSize(t.dtype)))
            throw Error(ErrorCode::InvalidArgument,
                        "tensor " + t.name + ": byte size does not match its shape");
        header[t.name] = {{"dtype", safetensorsName(t.dtype)},
                          {"shape", t.shape},
                          {"data_offsets", {offset, offset + t.size}}};
        offset += t.size;
    }
    std::string json = header.dump();
    while ((8 + json.size()) % 8)
        json += ' ';  // keep the data 8-byte aligned, as the reference writer does
    AtomicFile out(path);
    uint8_t len[8];
    for (int i = 0; i < 8; ++i)
        len[i] = static_cast<uint8_t>(static_cast<uint64_t>(json.size()) >> (8 * i));
    out.write(len, 8);
    out.write(json.data(), json.size());
    for (const auto& t : tensors)
        out.write(t.data, t.size);
    out.commit();
}

}  // namespace mlens::io
