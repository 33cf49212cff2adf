// PyTorch's two torch.save layouts: the zip archive (PyTorch >= 1.6) and the legacy stream of
// pickles followed by raw storages (older releases, and _use_new_zipfile_serialization=False).
#include <limits>
#include <map>

#include "engine/api/error.h"
#include "engine/io/checkpoint_formats.h"

namespace mlens::io {

namespace {

constexpr uint64_t kMaxPickleBytes = uint64_t{1} << 30;

int64_t storageBytes(int64_t numel, DType dtype, const std::string& key) {
    if (numel < 0 || numel > std::numeric_limits<int64_t>::max() / 8)
        throw Error(ErrorCode::Format, "storage '" + key + "' has an impossible size");
    return numel * elementSize(dtype);
}

const PyValue& item(const PyValue& tuple, size_t i, PyKind kind, const char* what) {
    if (tuple.items.size() <= i || tuple.items[i]->kind != kind)
        throw Error(ErrorCode::Format, std::string("persistent id: bad ") + what);
    return *tuple.items[i];
}

}  // namespace

DType storageDType(const PyValue& storageType) {
    if (storageType.kind != PyKind::Global)
        throw Error(ErrorCode::Format, "persistent id: storage type is not a class");
    DType dtype;
    const std::string& name = storageType.text;
    if (name.rfind("torch.", 0) != 0 || !dtypeFromStorageClass(name.substr(6), &dtype))
        throw Error(ErrorCode::Unsupported, "storage type '" + name + "' is not supported");
    return dtype;
}

void parseTorchZip(Checkpoint::Impl& impl) {
    impl.zip = std::make_unique<ZipArchive>(impl.bytes);
    const ZipArchive& zip = *impl.zip;
    std::string prefix;
    bool found = false;
    for (const auto& name : zip.names()) {
        const auto slash = name.find('/');
        if (slash != std::string::npos && name.compare(slash, std::string::npos, "/data.pkl") == 0) {
            prefix = name.substr(0, slash + 1);
            found = true;
            break;
        }
    }
    if (!found) {
        throw Error(ErrorCode::Format, "zip archive without <name>/data.pkl: not written by torch.save");
    }
    bool torchScript = zip.contains(prefix + "constants.pkl");
    for (const auto& name : zip.names())
        torchScript |= name.rfind(prefix + "code/", 0) == 0;
    if (torchScript)
        throw Error(ErrorCode::Unsupported,
                    "this is a TorchScript archive (torch.jit.save); save model.state_dict() with torch.save "
                    "instead");
    zip.requireStored("torch.save never compresses (re-save the checkpoint with torch.save)");
    if (zip.contains(prefix + "byteorder")) {
        const auto order = zip.readAll(prefix + "byteorder", 16);
        if (std::string(order.begin(), order.end()) == "big")
            throw Error(ErrorCode::Unsupported, "big-endian checkpoints are not supported");
    }
    const std::vector<uint8_t> pkl = zip.readAll(prefix + "data.pkl", kMaxPickleBytes);

    std::map<std::string, std::shared_ptr<StorageRef>> storages;
    auto load = [&](PyArena& arena, const PyValue& pid) -> PyValue* {
        // ('storage', torch.FloatStorage, key, location, numel)
        if (pid.kind != PyKind::Tuple || pid.items.size() != 5)
            throw Error(ErrorCode::Format, "persistent id is not a 5-tuple");
        if (item(pid, 0, PyKind::Str, "tag").text != "storage")
            throw Error(ErrorCode::Unsupported, "persistent id of kind '" + pid.items[0]->text + "'");
        const DType dtype = storageDType(*pid.items[1]);
        const std::string key = prefix + "data/" + item(pid, 2, PyKind::Str, "key").text;
        const int64_t numel = item(pid, 4, PyKind::Int, "size").integer;
        auto& ref = storages[key];
        if (!ref) {
            const int64_t nbytes = storageBytes(numel, dtype, key);
            if (!zip.contains(key))
                throw Error(ErrorCode::Format, "storage '" + key + "' is missing from the archive");
            const uint64_t actual = zip.entrySize(key);
            if (actual != static_cast<uint64_t>(nbytes))
                throw Error(ErrorCode::Format, "storage '" + key + "' holds " + std::to_string(actual) +
                                                   " bytes, expected " + std::to_string(nbytes));
            ref = std::make_shared<StorageRef>(StorageRef{key, dtype, numel, 0});
        } else if (ref->dtype != dtype || ref->numel != numel) {
            throw Error(ErrorCode::Format, "storage '" + key + "' is described twice, differently");
        }
        PyValue* v = arena.make(PyKind::Storage);
        v->storage = ref;
        return v;
    };
    UnpickleResult r = unpickle(pkl.data(), pkl.size(), load);
    impl.arena = r.arena;
    impl.root = r.root;
}

void parseTorchLegacy(Checkpoint::Impl& impl) {
    const uint8_t* data = impl.bytes->data();
    const size_t size = impl.bytes->size();
    size_t pos = 0;
    auto next = [&](const PersistentLoad& load) {
        UnpickleResult r = unpickle(data + pos, size - pos, load);
        pos += r.consumed;
        return r;
    };
    const UnpickleResult magic = next(nullptr);
    if (magic.root->kind != PyKind::BigInt)
        throw Error(ErrorCode::Format, "legacy checkpoint: bad magic number");
    const UnpickleResult version = next(nullptr);
    if (version.root->kind != PyKind::Int || version.root->integer != 1001)
        throw Error(ErrorCode::Unsupported, "legacy checkpoint: unknown protocol version");
    const UnpickleResult sysInfo = next(nullptr);
    if (const PyValue* le = sysInfo.root->get("little_endian");
        le && le->kind == PyKind::Bool && !le->boolean)
        throw Error(ErrorCode::Unsupported, "big-endian checkpoints are not supported");

    std::map<std::string, std::shared_ptr<StorageRef>> storages;
    auto load = [&](PyArena& arena, const PyValue& pid) -> PyValue* {
        // ('storage', storage_type, root_key, location, numel, view_metadata)
        if (pid.kind != PyKind::Tuple || pid.items.empty())
            throw Error(ErrorCode::Format, "persistent id is not a tuple");
        const std::string& tag = item(pid, 0, PyKind::Str, "tag").text;
        if (tag == "module")
            throw Error(ErrorCode::Unsupported,
                        "this file pickles a whole nn.Module; save model.state_dict() instead");
        if (tag != "storage" || (pid.items.size() != 5 && pid.items.size() != 6))
            throw Error(ErrorCode::Format, "persistent id of kind '" + tag + "'");
        const DType dtype = storageDType(*pid.items[1]);
        const std::string key = item(pid, 2, PyKind::Str, "key").text;
        const int64_t numel = item(pid, 4, PyKind::Int, "size").integer;
        storageBytes(numel, dtype, key);
        auto& ref = storages[key];
        if (!ref)
            ref = std::make_shared<StorageRef>(StorageRef{key, dtype, numel, 0});
        else if (ref->dtype != dtype || ref->numel != numel)
            throw Error(ErrorCode::Format, "storage '" + key + "' is described twice, differently");
        PyValue* v = arena.make(PyKind::Storage);
        v->storage = ref;
        if (pid.items.size() == 6 &&
            pid.items[5]->kind == PyKind::Tuple) {  // a view: (view_key, offset, size)
            const PyValue& view = *pid.items[5];
            const int64_t offset = item(view, 1, PyKind::Int, "view offset").integer;
            const int64_t viewSize = item(view, 2, PyKind::Int, "view size").integer;
            if (offset < 0 || viewSize < 0 || offset > numel || viewSize > numel - offset)
                throw Error(ErrorCode::Format, "storage view outside storage '" + key + "'");
            v->integer = offset;
        }
        return v;
    };
    UnpickleResult main = next(load);
    const UnpickleResult keys = next(nullptr);
    if (keys.root->kind != PyKind::List)
        throw Error(ErrorCode::Format, "legacy checkpoint: storage key list missing");
    for (const PyValue* k : keys.root->items) {
        if (k->kind != PyKind::Str) throw Error(ErrorCode::Format, "legacy checkpoint: bad storage key");
        auto it = storages.find(k->text);
        if (it == storages.end())
            throw Error(ErrorCode::Format, "legacy checkpoint: unknown storage '" + k->text + "'");
        if (size - pos < 8)
            throw Error(ErrorCode::Format, "legacy checkpoint: truncated before storage '" + k->text + "'");
        int64_t numel = 0;
        for (int i = 0; i < 8; ++i)
            numel |= static_cast<int64_t>(data[pos + i]) << (8 * i);
        StorageRef& ref = *it->second;
        if (numel != ref.numel)
            throw Error(ErrorCode::Format, "legacy checkpoint: storage '" + k->text + "' has " +
                                               std::to_string(numel) + " elements, expected " +
                                               std::to_string(ref.numel));
        pos += 8;
        const auto nbytes = static_cast<uint64_t>(storageBytes(numel, ref.dtype, k->text));
        if (nbytes > size - pos)
            throw Error(ErrorCode::Format, "legacy checkpoint: storage '" + k->text + "' is truncated");
        ref.fileOffset = pos;
        pos += nbytes;
        storages.erase(it);  // each storage once
    }
    if (!storages.empty())
        throw Error(ErrorCode::Format,
                    "legacy checkpoint: storage '" + storages.begin()->first + "' has no data");
    impl.arena = main.arena;
    impl.root = main.root;
}

}  // namespace mlens::io
