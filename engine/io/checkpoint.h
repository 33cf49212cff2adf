#pragma once
// Opens a checkpoint file of any supported format and lists its tensors, without executing
// anything from the file and without torch (engine/io/torch_tensors.h makes torch tensors).
//
// Formats: PyTorch zip (torch.save since 1.6), PyTorch legacy (torch.save before 1.6, and with
// _use_new_zipfile_serialization=False), safetensors. TorchScript archives and tar-era files are
// refused with a clear error.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/io/byte_buffer.h"
#include "engine/io/pickle.h"
#include "engine/io/tensor_record.h"

namespace mlens::io {

enum class CheckpointFormat { TorchZip, TorchLegacy, Safetensors };
const char* formatName(CheckpointFormat format) noexcept;

struct NamedTensor {
    std::string name;  // dotted path from the root: "model.input_blocks.0.0.weight"
    std::shared_ptr<const TensorRecord> record;
};

struct NamedValue {
    std::string name;  // dotted path of a non-tensor leaf ("step")
    std::string repr;  // short description ("3", "'linear'")
};

class Checkpoint {
public:
    // Throws mlens::Error: NotFound, Io, Format (not a checkpoint, truncated, corrupt),
    // Unsafe (globals off the allow-list), Unsupported (TorchScript, big-endian, exotic dtypes).
    static Checkpoint open(const std::string& path);
    // Same, from bytes in memory; `label` names the source in messages.
    static Checkpoint fromBuffer(std::shared_ptr<const ByteBuffer> bytes, const std::string& label);

    CheckpointFormat format() const;
    const std::string& label() const;
    // Every tensor, flattened in file order; each record is validated against its storage.
    const std::vector<NamedTensor>& tensors() const;
    // Non-tensor leaves (step counters, config strings) with short descriptions.
    const std::vector<NamedValue>& values() const;
    // safetensors __metadata__ (empty for other formats).
    const std::map<std::string, std::string>& metadata() const;
    uint64_t fileSize() const;

    // Copies the whole storage (numel * element size bytes) into dst.
    void readStorage(const StorageRef& storage, void* dst) const;

    struct Impl;

private:
    explicit Checkpoint(std::shared_ptr<Impl> impl) : m_impl(std::move(impl)) {}
    std::shared_ptr<Impl> m_impl;
};

}  // namespace mlens::io
