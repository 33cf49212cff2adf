#pragma once
// Internals shared by the checkpoint format parsers (not part of the engine's interface).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/io/checkpoint.h"
#include "engine/io/zip_archive.h"

namespace mlens::io {

struct Checkpoint::Impl {
    CheckpointFormat format = CheckpointFormat::TorchZip;
    std::string label;
    std::shared_ptr<const ByteBuffer> bytes;
    std::unique_ptr<ZipArchive> zip;  // TorchZip only
    std::shared_ptr<PyArena> arena;
    PyValue* root = nullptr;
    std::vector<NamedTensor> tensors;
    std::vector<NamedValue> values;
    std::map<std::string, std::string> metadata;
};

// Each fills arena/root (and zip, metadata) from impl.bytes; throws mlens::Error.
void parseTorchZip(Checkpoint::Impl& impl);
void parseTorchLegacy(Checkpoint::Impl& impl);
void parseSafetensors(Checkpoint::Impl& impl);

// The storage class global of a persistent id ("torch.FloatStorage") -> dtype; throws otherwise.
DType storageDType(const PyValue& storageType);

}  // namespace mlens::io
