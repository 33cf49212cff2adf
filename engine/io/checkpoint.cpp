#include "engine/io/checkpoint.h"

#include <cstring>
#include <unordered_map>

#include "engine/api/error.h"
#include "engine/io/checkpoint_formats.h"

namespace mlens::io {

const char* formatName(CheckpointFormat format) noexcept {
    switch (format) {
        case CheckpointFormat::TorchZip:
            return "pytorch-zip";
        case CheckpointFormat::TorchLegacy:
            return "pytorch-legacy";
        case CheckpointFormat::Safetensors:
            return "safetensors";
    }
    return "?";
}

namespace {

constexpr uint8_t kLegacyMagic[] = {0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c,
                                    0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19};

bool startsWith(const ByteBuffer& b, const void* prefix, size_t n) {
    return b.size() >= n && std::memcmp(b.data(), prefix, n) == 0;
}

bool looksLikeSafetensors(const ByteBuffer& b) {
    if (b.size() < 10) return false;
    uint64_t n = 0;
    for (int i = 0; i < 8; ++i)
        n |= static_cast<uint64_t>(b.data()[i]) << (8 * i);
    return n >= 2 && n <= b.size() - 8 && b.data()[8] == '{';
}

// Flattens dicts, lists and tuples into dotted names. The pickle may share or even cycle values,
// so depth and total work are bounded: by a fixed allowance plus one value per byte of the file,
// since a checkpoint that is not built to expand spends bytes on every value it holds.
class Flattener {
public:
    Flattener(std::vector<NamedTensor>& tensors, std::vector<NamedValue>& values, uint64_t fileSize)
        : m_tensors(tensors), m_values(values), m_maxVisits(kBaseVisits + fileSize) {}

    void walk(const PyValue& v, const std::string& name, int depth) {
        if (++m_visited > m_maxVisits)
            throw Error(ErrorCode::Format, "checkpoint structure expands to more than " +
                                               std::to_string(m_maxVisits) + " values, more than its " +
                                               std::to_string(m_maxVisits - kBaseVisits) +
                                               " bytes can hold (shared or cyclic references)");
        if (depth > kMaxDepth) throw Error(ErrorCode::Format, "checkpoint nests deeper than 64 levels");
        switch (v.kind) {
            case PyKind::Tensor: {
                const std::string tname = name.empty() ? std::string("tensor") : name;
                validateRecord(*v.tensor, tname);
                const auto [it, fresh] = m_seen.emplace(tname, m_tensors.size());
                if (!fresh) {  // a repeated key: the last assignment wins
                    m_tensors[it->second].record = v.tensor;
                    return;
                }
                m_tensors.push_back({tname, v.tensor});
                return;
            }
            case PyKind::Dict:
                for (const auto& [k, item] : v.entries) {
                    std::string key;
                    if (k->kind == PyKind::Str)
                        key = k->text;
                    else if (k->kind == PyKind::Int)
                        key = std::to_string(k->integer);
                    else
                        key = describe(*k);
                    walk(*item, name.empty() ? key : name + "." + key, depth + 1);
                }
                if (v.entries.empty() && !name.empty()) m_values.push_back({name, "{}"});
                return;
            case PyKind::List:
            case PyKind::Tuple: {
                bool hasContainers = false;
                for (const PyValue* item : v.items)
                    hasContainers |= item->kind == PyKind::Tensor || item->kind == PyKind::Dict ||
                                     item->kind == PyKind::List || item->kind == PyKind::Tuple;
                if (!hasContainers) {
                    m_values.push_back({name.empty() ? std::string("value") : name, describe(v)});
                    return;
                }
                for (size_t i = 0; i < v.items.size(); ++i)
                    walk(*v.items[i], name.empty() ? std::to_string(i) : name + "." + std::to_string(i),
                         depth + 1);
                return;
            }
            default:
                m_values.push_back({name.empty() ? std::string("value") : name, describe(v)});
        }
    }

private:
    static constexpr int kMaxDepth = 64;
    static constexpr uint64_t kBaseVisits = 100'000;
    std::vector<NamedTensor>& m_tensors;
    std::vector<NamedValue>& m_values;
    uint64_t m_maxVisits;
    std::unordered_map<std::string, size_t> m_seen;  // tensor name -> its index
    size_t m_visited = 0;
};

}  // namespace

void flattenInto(Checkpoint::Impl& impl) {
    Flattener f(impl.tensors, impl.values, impl.bytes->size());
    f.walk(*impl.root, "", 0);
}

Checkpoint Checkpoint::fromBuffer(std::shared_ptr<const ByteBuffer> bytes, const std::string& label) {
    auto impl = std::make_shared<Impl>();
    impl->bytes = std::move(bytes);
    impl->label = label;
    const ByteBuffer& b = *impl->bytes;
    if (b.size() == 0) throw Error(ErrorCode::Format, label + " is empty (0 bytes)");
    if (startsWith(b, "PK\x03\x04", 4) || startsWith(b, "PK\x05\x06", 4)) {
        impl->format = CheckpointFormat::TorchZip;
        parseTorchZip(*impl);
    } else if (startsWith(b, kLegacyMagic, sizeof kLegacyMagic)) {
        impl->format = CheckpointFormat::TorchLegacy;
        parseTorchLegacy(*impl);
    } else if (looksLikeSafetensors(b)) {
        impl->format = CheckpointFormat::Safetensors;
        parseSafetensors(*impl);
    } else if (b.size() > 262 && std::memcmp(b.data() + 257, "ustar", 5) == 0) {
        throw Error(ErrorCode::Unsupported,
                    label + " is a tar-era PyTorch file (before 0.4); re-save it with a current PyTorch");
    } else {
        throw Error(ErrorCode::Format,
                    label + " is not a PyTorch checkpoint (zip or legacy) or a safetensors file");
    }
    flattenInto(*impl);
    return Checkpoint(std::move(impl));
}

Checkpoint Checkpoint::open(const std::string& path) {
    return withContext("reading checkpoint " + path, [&] { return fromBuffer(mapFile(path), path); });
}

CheckpointFormat Checkpoint::format() const {
    return m_impl->format;
}
const std::string& Checkpoint::label() const {
    return m_impl->label;
}
const std::vector<NamedTensor>& Checkpoint::tensors() const {
    return m_impl->tensors;
}
const std::vector<NamedValue>& Checkpoint::values() const {
    return m_impl->values;
}
const std::map<std::string, std::string>& Checkpoint::metadata() const {
    return m_impl->metadata;
}
uint64_t Checkpoint::fileSize() const {
    return m_impl->bytes->size();
}

void Checkpoint::readStorage(const StorageRef& storage, void* dst) const {
    const uint64_t nbytes =
        static_cast<uint64_t>(storage.numel) * static_cast<uint64_t>(elementSize(storage.dtype));
    if (nbytes == 0) return;  // empty storages have nothing to copy (and dst may be null)
    if (m_impl->zip) {
        m_impl->zip->read(storage.key, dst, nbytes);
        return;
    }
    const ByteBuffer& b = *m_impl->bytes;
    if (storage.fileOffset > b.size() || nbytes > b.size() - storage.fileOffset)
        throw Error(ErrorCode::Format,
                    "storage '" + storage.key + "' reads past the end of " + m_impl->label);
    std::memcpy(dst, b.data() + storage.fileOffset, nbytes);
}

}  // namespace mlens::io
