#pragma once
// A restricted unpickler for checkpoint files. It understands the opcodes of pickle protocols 0-5
// that state dicts use, builds plain values (numbers, strings, tuples, lists, ordered dicts) and
// tensor records, and refuses every global that is not on a short allow-list of tensor-rebuilding
// and container types. Nothing from the file is ever executed. Torch-free (fuzzed on its own).
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/io/tensor_record.h"

namespace mlens::io {

enum class PyKind { None, Bool, Int, BigInt, Float, Str, Bytes, Tuple, List, Dict, Global, Storage, Tensor };

struct PyValue {
    PyKind kind = PyKind::None;
    bool boolean = false;
    int64_t integer = 0;
    double real = 0.0;
    std::string text;             // Str, Bytes, Global ("module.name"), BigInt (LE bytes)
    std::vector<PyValue*> items;  // Tuple, List
    std::vector<std::pair<PyValue*, PyValue*>> entries;  // Dict, in insertion order
    PyValue* attributes = nullptr;                       // BUILD state (e.g. a state dict's _metadata)
    std::shared_ptr<const StorageRef> storage;           // Storage
    std::shared_ptr<TensorRecord> tensor;                // Tensor

    bool isStr() const { return kind == PyKind::Str; }
    const PyValue* get(const std::string& key) const;  // Dict lookup by string key, nullptr if absent
};

// Owns every value of one unpickling; values point into it, so cycles are harmless.
class PyArena {
public:
    PyValue* make(PyKind kind);
    size_t size() const { return m_values.size(); }

private:
    std::deque<PyValue> m_values;
};

// Called for PERSID/BINPERSID with the persistent id (a tuple, or a string for PERSID); returns the
// value to push (usually a Storage). Throws mlens::Error to refuse.
using PersistentLoad = std::function<PyValue*(PyArena& arena, const PyValue& pid)>;

struct UnpickleResult {
    std::shared_ptr<PyArena> arena;
    PyValue* root = nullptr;
    size_t consumed = 0;  // bytes up to and including STOP
};

// Unpickles one object from data[0, size). Throws mlens::Error (Format for malformed input, Unsafe for
// refused globals and opcodes that build arbitrary objects).
UnpickleResult unpickle(const uint8_t* data, size_t size, const PersistentLoad& persistentLoad);

// Short human description of a value (for inspect of non-tensor entries): 3, 'abc', (1, 2), {...}.
std::string describe(const PyValue& value, int depth = 0);

}  // namespace mlens::io
