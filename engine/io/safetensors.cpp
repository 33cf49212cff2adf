#include "engine/io/safetensors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>
#include <set>
#include <unordered_set>

#include "engine/api/error.h"
#include "engine/api/text.h"
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

using Json = nlohmann::json;

// nlohmann's DOM builder, watching the keys of the outermost object.
class DuplicateKeyParser {
public:
    explicit DuplicateKeyParser(Json& root) : m_dom(root, /*allow_exceptions=*/true) {}
    std::string duplicate;

    bool null() { return m_dom.null(); }
    bool boolean(bool v) { return m_dom.boolean(v); }
    bool number_integer(Json::number_integer_t v) { return m_dom.number_integer(v); }
    bool number_unsigned(Json::number_unsigned_t v) { return m_dom.number_unsigned(v); }
    bool number_float(Json::number_float_t v, const Json::string_t& s) { return m_dom.number_float(v, s); }
    bool string(Json::string_t& v) { return m_dom.string(v); }
    bool binary(Json::binary_t& v) { return m_dom.binary(v); }
    bool start_object(std::size_t n) {
        ++m_depth;
        return m_dom.start_object(n);
    }
    bool key(Json::string_t& k) {
        if (m_depth == 1 && duplicate.empty() && !m_keys.insert(k).second) duplicate = k;
        return m_dom.key(k);
    }
    bool end_object() {
        --m_depth;
        return m_dom.end_object();
    }
    bool start_array(std::size_t n) {
        ++m_depth;
        return m_dom.start_array(n);
    }
    bool end_array() {
        --m_depth;
        return m_dom.end_array();
    }
    bool parse_error(std::size_t pos, const std::string& token, const nlohmann::detail::exception& e) {
        return m_dom.parse_error(pos, token, e);
    }

private:
    nlohmann::detail::json_sax_dom_parser<Json> m_dom;
    std::unordered_set<std::string> m_keys;
    int m_depth = 0;
};

}  // namespace

void parseSafetensors(Checkpoint::Impl& impl) {
    const uint8_t* data = impl.bytes->data();
    const uint64_t size = impl.bytes->size();
    const uint64_t n = readU64(data);
    if (n > kMaxHeader || n > size - 8)
        throw Error(ErrorCode::Format, "safetensors header length is out of range");
    const uint64_t dataStart = 8 + n;
    const uint64_t dataSize = size - dataStart;

    // nlohmann::json (a sorted map) built by a SAX handler: O(n log n), where ordered_json and a
    // parser callback are both quadratic in the number of tensors. The handler sees every top-level
    // key, so a name given twice is refused as the format requires (a map would keep one silently).
    nlohmann::json header;
    DuplicateKeyParser sax(header);
    try {
        nlohmann::json::sax_parse(data + 8, data + 8 + n, &sax);
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorCode::Format, std::string("safetensors header is not valid JSON: ") + e.what());
    }
    if (!header.is_object()) throw Error(ErrorCode::Format, "safetensors header is not a JSON object");
    if (!sax.duplicate.empty())
        throw Error(ErrorCode::Format,
                    "safetensors header names tensor '" + escapeControl(sax.duplicate) + "' twice");

    impl.arena = std::make_shared<PyArena>();
    PyArena& arena = *impl.arena;
    impl.root = arena.make(PyKind::Dict);
    struct Span {
        uint64_t begin, end;
        size_t entry;
    };
    std::vector<Span> spans;
    spans.reserve(header.size());
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
            throw Error(ErrorCode::Format, "safetensors tensor '" + escapeControl(name) + "': " + why);
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
        spans.push_back({begin, end, impl.root->entries.size()});
        impl.root->entries.emplace_back(key, value);
    }
    // The specification: the byte buffer is entirely indexed, without holes or overlaps. Tensors are
    // listed in file order.
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    uint64_t at = 0;
    std::vector<std::pair<PyValue*, PyValue*>> ordered;
    ordered.reserve(spans.size());
    for (const Span& sp : spans) {
        const std::string& name = impl.root->entries[sp.entry].first->text;
        if (sp.begin != at)
            throw Error(ErrorCode::Format,
                        "safetensors tensor '" + escapeControl(name) + "' " +
                            (sp.begin < at ? "overlaps the tensor before it" : "leaves a hole before it") +
                            " (data_offsets " + std::to_string(sp.begin) + ", expected " +
                            std::to_string(at) + ")");
        at = sp.end;
        ordered.push_back(impl.root->entries[sp.entry]);
    }
    if (at != dataSize)
        throw Error(ErrorCode::Format, "safetensors data has " + std::to_string(dataSize - at) +
                                           " bytes that no tensor indexes");
    impl.root->entries = std::move(ordered);
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
