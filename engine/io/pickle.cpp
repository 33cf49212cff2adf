#include "engine/io/pickle.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <unordered_map>

#include "engine/api/error.h"

namespace mlens::io {

const PyValue* PyValue::get(const std::string& key) const {
    if (kind != PyKind::Dict) return nullptr;
    const PyValue* found = nullptr;  // the last assignment wins, as in Python
    for (const auto& [k, v] : entries)
        if (k->kind == PyKind::Str && k->text == key) found = v;
    return found;
}

PyValue* PyArena::make(PyKind kind) {
    m_values.emplace_back();
    m_values.back().kind = kind;
    return &m_values.back();
}

namespace {

// Pickle opcodes by their names in CPython's pickle module (Lib/pickle.py).
enum Op : uint8_t {
    MARK = '(',
    STOP = '.',
    POP = '0',
    POP_MARK = '1',
    DUP = '2',
    FLOAT = 'F',
    INT = 'I',
    BININT = 'J',
    BININT1 = 'K',
    LONG = 'L',
    BININT2 = 'M',
    NONE = 'N',
    PERSID = 'P',
    BINPERSID = 'Q',
    REDUCE = 'R',
    STRING = 'S',
    BINSTRING = 'T',
    SHORT_BINSTRING = 'U',
    UNICODE = 'V',
    BINUNICODE = 'X',
    APPEND = 'a',
    BUILD = 'b',
    GLOBAL = 'c',
    DICT = 'd',
    EMPTY_DICT = '}',
    APPENDS = 'e',
    GET = 'g',
    BINGET = 'h',
    INST = 'i',
    LONG_BINGET = 'j',
    LIST = 'l',
    EMPTY_LIST = ']',
    OBJ = 'o',
    PUT = 'p',
    BINPUT = 'q',
    LONG_BINPUT = 'r',
    SETITEM = 's',
    TUPLE = 't',
    EMPTY_TUPLE = ')',
    SETITEMS = 'u',
    BINFLOAT = 'G',
    // protocol 2
    PROTO = 0x80,
    NEWOBJ = 0x81,
    EXT1 = 0x82,
    EXT2 = 0x83,
    EXT4 = 0x84,
    TUPLE1 = 0x85,
    TUPLE2 = 0x86,
    TUPLE3 = 0x87,
    NEWTRUE = 0x88,
    NEWFALSE = 0x89,
    LONG1 = 0x8a,
    LONG4 = 0x8b,
    // protocol 3
    BINBYTES = 'B',
    SHORT_BINBYTES = 'C',
    // protocol 4
    SHORT_BINUNICODE = 0x8c,
    BINUNICODE8 = 0x8d,
    BINBYTES8 = 0x8e,
    EMPTY_SET = 0x8f,
    ADDITEMS = 0x90,
    FROZENSET = 0x91,
    NEWOBJ_EX = 0x92,
    STACK_GLOBAL = 0x93,
    MEMOIZE = 0x94,
    FRAME = 0x95,
    // protocol 5
    BYTEARRAY8 = 0x96,
    NEXT_BUFFER = 0x97,
    READONLY_BUFFER = 0x98,
};

// Appends the UTF-8 encoding of a code point.
void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | ((cp >> 18) & 0x07));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

class Unpickler {
public:
    Unpickler(const uint8_t* data, size_t size, const PersistentLoad& persistentLoad)
        : m_data(data),
          m_size(size),
          m_persistentLoad(persistentLoad),
          m_arena(std::make_shared<PyArena>()) {}

    UnpickleResult run();

private:
    [[noreturn]] void fail(const std::string& why) const {
        throw Error(ErrorCode::Format, "pickle: " + why + " (at byte " + std::to_string(m_opPos) + ")");
    }
    [[noreturn]] void refuse(const std::string& why) const { throw Error(ErrorCode::Unsafe, why); }

    const uint8_t* take(size_t n, const char* what) {
        if (n > m_size - m_pos)
            fail(std::string("truncated: ") + what + " needs " + std::to_string(n) + " bytes");
        const uint8_t* p = m_data + m_pos;
        m_pos += n;
        return p;
    }
    uint64_t readLE(size_t n, const char* what) {
        const uint8_t* p = take(n, what);
        uint64_t v = 0;
        for (size_t i = 0; i < n; ++i)
            v |= static_cast<uint64_t>(p[i]) << (8 * i);
        return v;
    }
    std::string readLine(const char* what) {
        const size_t start = m_pos;
        while (m_pos < m_size && m_data[m_pos] != '\n')
            ++m_pos;
        if (m_pos >= m_size) fail(std::string("truncated: unterminated ") + what);
        std::string line(reinterpret_cast<const char*>(m_data + start), m_pos - start);
        ++m_pos;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
    }

    void push(PyValue* v) { m_stack.push_back(v); }
    PyValue* pop() {
        if (m_stack.size() <= stackFloor()) fail("stack underflow");
        PyValue* v = m_stack.back();
        m_stack.pop_back();
        return v;
    }
    PyValue* top() {
        if (m_stack.size() <= stackFloor()) fail("stack underflow");
        return m_stack.back();
    }
    size_t stackFloor() const { return m_marks.empty() ? 0 : m_marks.back(); }
    std::vector<PyValue*> popMark() {
        if (m_marks.empty()) fail("MARK missing");
        const size_t mark = m_marks.back();
        m_marks.pop_back();
        std::vector<PyValue*> items(m_stack.begin() + static_cast<std::ptrdiff_t>(mark), m_stack.end());
        m_stack.resize(mark);
        return items;
    }

    PyValue* make(PyKind kind) { return m_arena->make(kind); }
    PyValue* makeInt(int64_t v) {
        PyValue* p = make(PyKind::Int);
        p->integer = v;
        return p;
    }
    PyValue* makeBool(bool v) {
        PyValue* p = make(PyKind::Bool);
        p->boolean = v;
        return p;
    }
    PyValue* makeText(PyKind kind, const uint8_t* p, size_t n) {
        PyValue* v = make(kind);
        v->text.assign(reinterpret_cast<const char*>(p), n);
        return v;
    }
    PyValue* makeTuple(std::vector<PyValue*> items) {
        PyValue* v = make(PyKind::Tuple);
        v->items = std::move(items);
        return v;
    }

    void memoPut(uint64_t index) { m_memo[index] = top(); }
    PyValue* memoGet(uint64_t index) {
        auto it = m_memo.find(index);
        if (it == m_memo.end()) fail("memo key " + std::to_string(index) + " missing");
        return it->second;
    }

    PyValue* makeLong(const uint8_t* p, size_t n);
    int64_t parseDecimal(const std::string& text);
    PyValue* global(const std::string& module, const std::string& name);
    PyValue* reduce(PyValue* callable, PyValue* args);
    PyValue* rebuildTensor(const std::vector<PyValue*>& args, const char* who);

    // What REDUCE may call: one handler per allowed global (see kGlobals).
    using Args = std::vector<PyValue*>;
    using Reducer = PyValue* (Unpickler::*)(const std::string& name, const Args& args);
    struct GlobalRule {
        const char* name;
        Reducer reduce;  // nullptr: allowed as a value (a type marker), never called
    };
    static const GlobalRule kGlobals[];
    static const GlobalRule* rule(const std::string& name);
    PyValue* orderedDict(const std::string& name, const Args& a);
    PyValue* tensorV2(const std::string& name, const Args& a);
    PyValue* tensorV1(const std::string& name, const Args& a);
    PyValue* parameter(const std::string& name, const Args& a);
    PyValue* fromTypeV2(const std::string& name, const Args& a);
    PyValue* torchSize(const std::string& name, const Args& a);
    PyValue* torchDevice(const std::string& name, const Args& a);
    PyValue* codecsEncode(const std::string& name, const Args& a);
    PyValue* pySet(const std::string& name, const Args& a);
    PyValue* numpyDtype(const std::string& name, const Args& a);
    PyValue* numpyScalar(const std::string& name, const Args& a);
    void build(PyValue* obj, PyValue* state);
    void setItems(PyValue* dict, const std::vector<PyValue*>& kv);
    void appendItems(PyValue* list, const std::vector<PyValue*>& items);
    std::string unescapeQuoted(const std::string& line);
    std::string unescapeRawUnicode(const std::string& line);

    const uint8_t* m_data;
    size_t m_size;
    size_t m_pos = 0;
    size_t m_opPos = 0;
    const PersistentLoad& m_persistentLoad;
    std::shared_ptr<PyArena> m_arena;
    std::vector<PyValue*> m_stack;
    std::vector<size_t> m_marks;
    std::unordered_map<uint64_t, PyValue*> m_memo;
};

PyValue* Unpickler::makeLong(const uint8_t* p, size_t n) {
    if (n == 0) return makeInt(0);
    if (n <= 8) {
        uint64_t v = 0;
        for (size_t i = 0; i < n; ++i)
            v |= static_cast<uint64_t>(p[i]) << (8 * i);
        if (n < 8 && (p[n - 1] & 0x80)) v |= ~uint64_t{0} << (8 * n);  // sign-extend
        return makeInt(static_cast<int64_t>(v));
    }
    return makeText(PyKind::BigInt, p, n);
}

int64_t Unpickler::parseDecimal(const std::string& text) {
    if (text.empty()) fail("empty integer");
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (errno == ERANGE) fail("integer out of range: " + text.substr(0, 40));
    if (end != text.c_str() + text.size()) fail("bad integer: " + text.substr(0, 40));
    return v;
}

PyValue* Unpickler::global(const std::string& module, const std::string& name) {
    const std::string full = module + "." + name;
    DType storageType;
    const bool storageClass =
        full.rfind("torch.", 0) == 0 && dtypeFromStorageClass(full.substr(6), &storageType);
    if (!storageClass && !rule(full))
        refuse("refusing to load global '" + full +
               "': only tensors, numbers, strings and containers may appear in a checkpoint "
               "(MinorityLens never runs code from a file)");
    PyValue* v = make(PyKind::Global);
    v->text = full;
    return v;
}

PyValue* Unpickler::rebuildTensor(const std::vector<PyValue*>& a, const char* who) {
    if (a.size() < 4) fail(std::string(who) + ": too few arguments");
    const PyValue* storage = a[0];
    if (storage->kind != PyKind::Storage || !storage->storage)
        fail(std::string(who) + ": first argument is not a storage");
    if (a[1]->kind != PyKind::Int) fail(std::string(who) + ": storage offset is not an integer");
    auto ints = [&](const PyValue* t, const char* what) {
        if (t->kind != PyKind::Tuple && t->kind != PyKind::List)
            fail(std::string(who) + ": " + what + " is not a tuple");
        std::vector<int64_t> out;
        for (const PyValue* i : t->items) {
            if (i->kind != PyKind::Int) fail(std::string(who) + ": " + what + " holds a non-integer");
            out.push_back(i->integer);
        }
        return out;
    };
    auto record = std::make_shared<TensorRecord>();
    record->storage = storage->storage;
    record->dtype = storage->storage->dtype;
    record->offset = a[1]->integer + storage->integer;  // legacy storage views add their own offset
    record->shape = ints(a[2], "size");
    record->stride = ints(a[3], "stride");
    // Bounds are checked once the tensor has a name (Checkpoint flattens and validates every record).
    PyValue* v = make(PyKind::Tensor);
    v->tensor = std::move(record);
    return v;
}

// Everything a state dict (or a dict holding state dicts and plain numbers) needs, and nothing else:
// the allow-list and what each entry does when called. Storage classes (torch.FloatStorage, ...)
// are allowed too, as arguments of persistent ids.
const Unpickler::GlobalRule Unpickler::kGlobals[] = {
    {"collections.OrderedDict", &Unpickler::orderedDict},
    {"torch._utils._rebuild_tensor", &Unpickler::tensorV1},
    {"torch._utils._rebuild_tensor_v2", &Unpickler::tensorV2},
    {"torch._utils._rebuild_parameter", &Unpickler::parameter},
    {"torch._utils._rebuild_parameter_with_state", &Unpickler::parameter},
    {"torch._tensor._rebuild_from_type_v2", &Unpickler::fromTypeV2},
    {"torch.Size", &Unpickler::torchSize},
    {"torch.device", &Unpickler::torchDevice},
    {"_codecs.encode", &Unpickler::codecsEncode},
    {"builtins.set", &Unpickler::pySet},
    {"builtins.frozenset", &Unpickler::pySet},
    {"__builtin__.set", &Unpickler::pySet},
    {"numpy.dtype", &Unpickler::numpyDtype},
    {"numpy.core.multiarray.scalar", &Unpickler::numpyScalar},
    {"numpy._core.multiarray.scalar", &Unpickler::numpyScalar},
    {"torch.Tensor", nullptr},
    {"torch.nn.parameter.Parameter", nullptr},
};

const Unpickler::GlobalRule* Unpickler::rule(const std::string& name) {
    for (const auto& g : kGlobals)
        if (name == g.name) return &g;
    return nullptr;
}

PyValue* Unpickler::reduce(PyValue* callable, PyValue* args) {
    if (callable->kind != PyKind::Global) fail("REDUCE on a value that is not a global");
    if (args->kind != PyKind::Tuple) fail("REDUCE arguments are not a tuple");
    const GlobalRule* r = rule(callable->text);
    if (!r || !r->reduce) refuse("refusing to call '" + callable->text + "' while loading a checkpoint");
    return (this->*(r->reduce))(callable->text, args->items);
}

PyValue* Unpickler::orderedDict(const std::string&, const Args& a) {
    PyValue* d = make(PyKind::Dict);
    if (a.empty()) return d;
    if (a.size() != 1) fail("OrderedDict takes one argument");
    if (a[0]->kind == PyKind::Dict) {
        d->entries = a[0]->entries;
        return d;
    }
    if (a[0]->kind != PyKind::List && a[0]->kind != PyKind::Tuple)
        fail("OrderedDict argument is not a list of pairs");
    for (PyValue* pair : a[0]->items) {
        if ((pair->kind != PyKind::List && pair->kind != PyKind::Tuple) || pair->items.size() != 2)
            fail("OrderedDict item is not a pair");
        d->entries.emplace_back(pair->items[0], pair->items[1]);
    }
    return d;
}

PyValue* Unpickler::tensorV2(const std::string&, const Args& a) {
    if (a.size() != 6 && a.size() != 7) fail("_rebuild_tensor_v2 takes 6 or 7 arguments");
    return rebuildTensor(a, "_rebuild_tensor_v2");
}

PyValue* Unpickler::tensorV1(const std::string&, const Args& a) {
    if (a.size() != 4) fail("_rebuild_tensor takes 4 arguments");
    return rebuildTensor(a, "_rebuild_tensor");
}

PyValue* Unpickler::parameter(const std::string& f, const Args& a) {
    if (a.empty() || a[0]->kind != PyKind::Tensor) fail(f + ": first argument is not a tensor");
    return a[0];
}

// _rebuild_from_type_v2(func, type, args, state) calls func(*args); func may be this function again.
// Followed in a loop, never by recursion, and only a few levels deep: a file cannot exhaust the stack.
PyValue* Unpickler::fromTypeV2(const std::string&, const Args& first) {
    constexpr int kMaxNesting = 8;
    const Args* a = &first;
    for (int depth = 0;; ++depth) {
        if (depth >= kMaxNesting)
            fail("_rebuild_from_type_v2 nested more than " + std::to_string(kMaxNesting) + " levels deep");
        if (a->size() != 4) fail("_rebuild_from_type_v2 takes 4 arguments");
        const PyValue* type = (*a)[1];
        if (type->kind != PyKind::Global) fail("_rebuild_from_type_v2: bad type");
        if (type->text != "torch.Tensor" && type->text != "torch.nn.parameter.Parameter")
            refuse("refusing tensor subclass '" + type->text + "'");
        PyValue* func = (*a)[0];
        PyValue* args = (*a)[2];
        if (func->kind == PyKind::Global && func->text == "torch._tensor._rebuild_from_type_v2") {
            if (args->kind != PyKind::Tuple) fail("REDUCE arguments are not a tuple");
            a = &args->items;
            continue;
        }
        PyValue* t = reduce(func, args);
        if (t->kind != PyKind::Tensor) fail("_rebuild_from_type_v2 did not build a tensor");
        return t;
    }
}

PyValue* Unpickler::torchSize(const std::string&, const Args& a) {
    if (a.size() != 1 || (a[0]->kind != PyKind::Tuple && a[0]->kind != PyKind::List))
        fail("torch.Size takes a tuple");
    return makeTuple(a[0]->items);
}

PyValue* Unpickler::torchDevice(const std::string&, const Args& a) {
    if (a.empty() || a[0]->kind != PyKind::Str) fail("torch.device takes a string");
    PyValue* v = make(PyKind::Str);
    v->text = a[0]->text;
    if (a.size() > 1 && a[1]->kind == PyKind::Int) v->text += ":" + std::to_string(a[1]->integer);
    return v;
}

// Protocol-2 pickles of Python 3 bytes: _codecs.encode(text, 'latin1').
PyValue* Unpickler::codecsEncode(const std::string&, const Args& a) {
    if (a.size() != 2 || a[0]->kind != PyKind::Str || a[1]->kind != PyKind::Str)
        fail("_codecs.encode takes (str, str)");
    const std::string& enc = a[1]->text;
    PyValue* v = make(PyKind::Bytes);
    if (enc == "latin1" || enc == "latin-1" || enc == "iso-8859-1") {
        const std::string& s = a[0]->text;  // UTF-8; every code point must be < 256
        for (size_t i = 0; i < s.size();) {
            const auto c = static_cast<uint8_t>(s[i]);
            if (c < 0x80) {
                v->text += static_cast<char>(c);
                i += 1;
            } else if ((c & 0xE0) == 0xC0 && i + 1 < s.size() && c <= 0xC3) {
                v->text += static_cast<char>(((c & 0x1F) << 6) | (static_cast<uint8_t>(s[i + 1]) & 0x3F));
                i += 2;
            } else {
                fail("_codecs.encode: text is not latin-1");
            }
        }
    } else if (enc == "utf-8" || enc == "utf8" || enc == "ascii") {
        v->text = a[0]->text;
    } else {
        fail("_codecs.encode: unsupported encoding " + enc.substr(0, 20));
    }
    return v;
}

PyValue* Unpickler::pySet(const std::string&, const Args& a) {
    PyValue* v = make(PyKind::List);
    if (!a.empty()) {
        if (a[0]->kind != PyKind::List && a[0]->kind != PyKind::Tuple) fail("set takes a list");
        v->items = a[0]->items;
    }
    return v;
}

// numpy.dtype('f8', False, True); BUILD adds the byte order later.
PyValue* Unpickler::numpyDtype(const std::string&, const Args& a) {
    if (a.empty() || a[0]->kind != PyKind::Str) fail("numpy.dtype takes a type code");
    PyValue* v = make(PyKind::Global);
    v->text = "numpy.dtype:" + a[0]->text;
    return v;
}

PyValue* Unpickler::numpyScalar(const std::string&, const Args& a) {
    if (a.size() != 2 || a[0]->kind != PyKind::Global || a[0]->text.rfind("numpy.dtype:", 0) != 0 ||
        a[1]->kind != PyKind::Bytes)
        fail("numpy scalar takes (dtype, bytes)");
    const std::string code = a[0]->text.substr(12);
    const std::string& b = a[1]->text;
    auto need = [&](size_t n) {
        if (b.size() != n)
            fail("numpy scalar of type " + code + " has " + std::to_string(b.size()) + " bytes");
    };
    if (code == "f8") {
        need(8);
        PyValue* v = make(PyKind::Float);
        std::memcpy(&v->real, b.data(), 8);
        return v;
    }
    if (code == "f4") {
        need(4);
        float x;
        std::memcpy(&x, b.data(), 4);
        PyValue* v = make(PyKind::Float);
        v->real = x;
        return v;
    }
    if (code == "i8" || code == "u8") {
        need(8);
        int64_t x;
        std::memcpy(&x, b.data(), 8);
        return makeInt(x);
    }
    if (code == "i4") {
        need(4);
        int32_t x;
        std::memcpy(&x, b.data(), 4);
        return makeInt(x);
    }
    if (code == "b1") {
        need(1);
        return makeBool(b[0] != 0);
    }
    refuse("refusing numpy scalar of type '" + code + "'");
}

void Unpickler::build(PyValue* obj, PyValue* state) {
    switch (obj->kind) {
        case PyKind::Dict:
            obj->attributes = state;  // OrderedDict state: {'_metadata': ...}
            return;
        case PyKind::Tensor:
            return;  // Parameter / tensor python attributes: nothing we need
        case PyKind::Global:
            if (obj->text.rfind("numpy.dtype:", 0) == 0) {
                // state = (version, byteorder, ...): refuse big-endian data
                if (state->kind == PyKind::Tuple && state->items.size() > 1 &&
                    state->items[1]->kind == PyKind::Str && state->items[1]->text == ">")
                    throw Error(ErrorCode::Unsupported, "big-endian numpy scalar in checkpoint");
                return;
            }
            break;
        default:
            break;
    }
    fail("BUILD on an object that takes no state");
}

void Unpickler::setItems(PyValue* dict, const std::vector<PyValue*>& kv) {
    if (dict->kind != PyKind::Dict) fail("SETITEM(S) on a value that is not a dict");
    if (kv.size() % 2) fail("SETITEMS with an odd number of values");
    for (size_t i = 0; i < kv.size(); i += 2)
        dict->entries.emplace_back(kv[i], kv[i + 1]);
}

void Unpickler::appendItems(PyValue* list, const std::vector<PyValue*>& items) {
    if (list->kind != PyKind::List) fail("APPEND(S) on a value that is not a list");
    list->items.insert(list->items.end(), items.begin(), items.end());
}

std::string Unpickler::unescapeQuoted(const std::string& line) {
    if (line.size() < 2 || (line.front() != '\'' && line.front() != '"') || line.back() != line.front())
        fail("STRING is not quoted");
    const std::string body = line.substr(1, line.size() - 2);
    std::string out;
    for (size_t i = 0; i < body.size(); ++i) {
        if (body[i] != '\\') {
            out += body[i];
            continue;
        }
        if (++i >= body.size()) fail("STRING ends in a backslash");
        switch (body[i]) {
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case '0':
                out += '\0';
                break;
            case 'x': {
                if (i + 2 >= body.size()) fail("bad \\x escape");
                const std::string hex = body.substr(i + 1, 2);
                char* end = nullptr;
                const long v = std::strtol(hex.c_str(), &end, 16);
                if (hex.size() != 2 || end != hex.c_str() + 2) fail("bad \\x escape");
                out += static_cast<char>(v);
                i += 2;
                break;
            }
            default:
                out += body[i];
        }
    }
    return out;
}

std::string Unpickler::unescapeRawUnicode(const std::string& line) {
    std::string out;
    for (size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\\' && i + 5 < line.size() && line[i + 1] == 'u') {
            const std::string hex = line.substr(i + 2, 4);
            char* end = nullptr;
            const long v = std::strtol(hex.c_str(), &end, 16);
            if (end == hex.c_str() + 4) {
                appendUtf8(out, static_cast<uint32_t>(v));
                i += 5;
                continue;
            }
        }
        appendUtf8(out, static_cast<uint8_t>(line[i]));  // raw-unicode-escape writes latin-1 bytes
    }
    return out;
}

UnpickleResult Unpickler::run() {
    for (;;) {
        m_opPos = m_pos;
        const uint8_t op = *take(1, "opcode");
        switch (static_cast<Op>(op)) {
            case PROTO: {
                const uint8_t proto = *take(1, "PROTO");
                if (proto > 5) fail("unsupported pickle protocol " + std::to_string(proto));
                break;
            }
            case FRAME:  // advisory length of the next frame
                if (readLE(8, "FRAME") > m_size - m_pos) fail("truncated: FRAME longer than the data");
                break;
            case STOP: {
                if (!m_marks.empty()) fail("STOP inside an open MARK");
                if (m_stack.size() != 1)
                    fail("STOP with " + std::to_string(m_stack.size()) + " values on the stack");
                return UnpickleResult{m_arena, m_stack.back(), m_pos};
            }
            case MARK:
                m_marks.push_back(m_stack.size());
                break;
            case POP:
                pop();
                break;
            case POP_MARK:
                popMark();
                break;
            case DUP:
                push(top());
                break;
            case NONE:
                push(make(PyKind::None));
                break;
            case NEWTRUE:
                push(makeBool(true));
                break;
            case NEWFALSE:
                push(makeBool(false));
                break;
            case BININT:
                push(makeInt(static_cast<int32_t>(readLE(4, "BININT"))));
                break;
            case BININT1:
                push(makeInt(static_cast<int64_t>(readLE(1, "BININT1"))));
                break;
            case BININT2:
                push(makeInt(static_cast<int64_t>(readLE(2, "BININT2"))));
                break;
            case LONG1: {
                const size_t n = readLE(1, "LONG1");
                push(makeLong(take(n, "LONG1"), n));
                break;
            }
            case LONG4: {
                const uint64_t n = readLE(4, "LONG4");
                push(makeLong(take(n, "LONG4"), n));
                break;
            }
            case INT: {  // I00 / I01 are booleans
                const std::string line = readLine("INT");
                if (line == "00" || line == "01")
                    push(makeBool(line == "01"));
                else
                    push(makeInt(parseDecimal(line)));
                break;
            }
            case LONG: {
                std::string line = readLine("LONG");
                if (!line.empty() && line.back() == 'L') line.pop_back();
                push(makeInt(parseDecimal(line)));
                break;
            }
            case BINFLOAT: {  // big-endian double
                const uint8_t* p = take(8, "BINFLOAT");
                uint64_t bits = 0;
                for (int i = 0; i < 8; ++i)
                    bits = (bits << 8) | p[i];
                PyValue* v = make(PyKind::Float);
                std::memcpy(&v->real, &bits, 8);
                push(v);
                break;
            }
            case FLOAT: {
                const std::string line = readLine("FLOAT");
                char* end = nullptr;
                const double d = std::strtod(line.c_str(), &end);
                if (line.empty() || end != line.c_str() + line.size()) fail("bad FLOAT");
                PyValue* v = make(PyKind::Float);
                v->real = d;
                push(v);
                break;
            }
            case BINUNICODE: {
                const uint64_t n = readLE(4, "BINUNICODE");
                push(makeText(PyKind::Str, take(n, "BINUNICODE"), n));
                break;
            }
            case SHORT_BINUNICODE: {
                const size_t n = readLE(1, "SHORT_BINUNICODE");
                push(makeText(PyKind::Str, take(n, "SHORT_BINUNICODE"), n));
                break;
            }
            case BINUNICODE8: {
                const uint64_t n = readLE(8, "BINUNICODE8");
                push(makeText(PyKind::Str, take(n, "BINUNICODE8"), n));
                break;
            }
            case UNICODE: {
                PyValue* v = make(PyKind::Str);
                v->text = unescapeRawUnicode(readLine("UNICODE"));
                push(v);
                break;
            }
            case SHORT_BINSTRING: {  // Python 2 str, decoded as text (torch's legacy keys)
                const size_t n = readLE(1, "SHORT_BINSTRING");
                PyValue* v = make(PyKind::Str);
                const uint8_t* p = take(n, "SHORT_BINSTRING");
                for (size_t i = 0; i < n; ++i)
                    appendUtf8(v->text, p[i]);
                push(v);
                break;
            }
            case BINSTRING: {
                const uint64_t n = readLE(4, "BINSTRING");
                PyValue* v = make(PyKind::Str);
                const uint8_t* p = take(n, "BINSTRING");
                for (size_t i = 0; i < n; ++i)
                    appendUtf8(v->text, p[i]);
                push(v);
                break;
            }
            case STRING: {
                PyValue* v = make(PyKind::Str);
                v->text = unescapeQuoted(readLine("STRING"));
                push(v);
                break;
            }
            case BINBYTES: {
                const uint64_t n = readLE(4, "BINBYTES");
                push(makeText(PyKind::Bytes, take(n, "BINBYTES"), n));
                break;
            }
            case SHORT_BINBYTES: {
                const size_t n = readLE(1, "SHORT_BINBYTES");
                push(makeText(PyKind::Bytes, take(n, "SHORT_BINBYTES"), n));
                break;
            }
            case BINBYTES8:
            case BYTEARRAY8: {
                const uint64_t n = readLE(8, "BINBYTES8");
                push(makeText(PyKind::Bytes, take(n, "BINBYTES8"), n));
                break;
            }
            case EMPTY_TUPLE:
                push(makeTuple({}));
                break;
            case TUPLE:
                push(makeTuple(popMark()));
                break;
            case TUPLE1: {
                PyValue* a = pop();
                push(makeTuple({a}));
                break;
            }
            case TUPLE2: {
                PyValue* b = pop();
                PyValue* a = pop();
                push(makeTuple({a, b}));
                break;
            }
            case TUPLE3: {
                PyValue* c = pop();
                PyValue* b = pop();
                PyValue* a = pop();
                push(makeTuple({a, b, c}));
                break;
            }
            case EMPTY_LIST:
                push(make(PyKind::List));
                break;
            case LIST: {
                PyValue* v = make(PyKind::List);
                v->items = popMark();
                push(v);
                break;
            }
            case APPEND: {
                PyValue* item = pop();
                appendItems(top(), {item});
                break;
            }
            case APPENDS: {
                auto items = popMark();
                appendItems(top(), items);
                break;
            }
            case EMPTY_SET:
                push(make(PyKind::List));
                break;  // kept as a list
            case ADDITEMS: {
                auto items = popMark();
                appendItems(top(), items);
                break;
            }
            case FROZENSET: {
                PyValue* v = make(PyKind::List);
                v->items = popMark();
                push(v);
                break;
            }
            case EMPTY_DICT:
                push(make(PyKind::Dict));
                break;
            case DICT: {
                PyValue* v = make(PyKind::Dict);
                setItems(v, popMark());
                push(v);
                break;
            }
            case SETITEM: {
                PyValue* value = pop();
                PyValue* key = pop();
                setItems(top(), {key, value});
                break;
            }
            case SETITEMS: {
                auto kv = popMark();
                setItems(top(), kv);
                break;
            }
            case PUT:
                memoPut(static_cast<uint64_t>(parseDecimal(readLine("PUT"))));
                break;
            case BINPUT:
                memoPut(readLE(1, "BINPUT"));
                break;
            case LONG_BINPUT:
                memoPut(readLE(4, "LONG_BINPUT"));
                break;
            case MEMOIZE:
                m_memo[m_memo.size()] = top();
                break;
            case GET:
                push(memoGet(static_cast<uint64_t>(parseDecimal(readLine("GET")))));
                break;
            case BINGET:
                push(memoGet(readLE(1, "BINGET")));
                break;
            case LONG_BINGET:
                push(memoGet(readLE(4, "LONG_BINGET")));
                break;
            case GLOBAL: {
                const std::string module = readLine("GLOBAL module");
                const std::string name = readLine("GLOBAL name");
                push(global(module, name));
                break;
            }
            case STACK_GLOBAL: {
                PyValue* name = pop();
                PyValue* module = pop();
                if (!name->isStr() || !module->isStr()) fail("STACK_GLOBAL needs two strings");
                push(global(module->text, name->text));
                break;
            }
            case REDUCE: {
                PyValue* args = pop();
                PyValue* callable = pop();
                push(reduce(callable, args));
                break;
            }
            case BUILD: {
                PyValue* state = pop();
                build(top(), state);
                break;
            }
            case BINPERSID: {
                PyValue* pid = pop();
                if (!m_persistentLoad) fail("persistent id in a pickle that may not have any");
                push(m_persistentLoad(*m_arena, *pid));
                break;
            }
            case PERSID: {
                PyValue* pid = make(PyKind::Str);
                pid->text = readLine("PERSID");
                if (!m_persistentLoad) fail("persistent id in a pickle that may not have any");
                push(m_persistentLoad(*m_arena, *pid));
                break;
            }
            case INST:
            case OBJ:
            case NEWOBJ:
            case NEWOBJ_EX:
                refuse("refusing pickle opcode that builds an arbitrary object (INST/OBJ/NEWOBJ)");
            case EXT1:
            case EXT2:
            case EXT4:
                refuse("refusing pickle extension-registry opcode (EXT1/2/4)");
            case NEXT_BUFFER:
            case READONLY_BUFFER:
                throw Error(ErrorCode::Unsupported, "pickle out-of-band buffers are not supported");
            default: {
                char hex[8];
                std::snprintf(hex, sizeof hex, "0x%02x", op);
                fail(std::string("unknown opcode ") + hex);
            }
        }
    }
}

}  // namespace

UnpickleResult unpickle(const uint8_t* data, size_t size, const PersistentLoad& persistentLoad) {
    Unpickler u(data, size, persistentLoad);
    return u.run();
}

std::string describe(const PyValue& v, int depth) {
    if (depth > 4) return "...";
    std::ostringstream os;
    auto list = [&](const char* open, const char* close) {
        os << open;
        const size_t n = std::min<size_t>(v.items.size(), 8);
        for (size_t i = 0; i < n; ++i)
            os << (i ? ", " : "") << describe(*v.items[i], depth + 1);
        if (v.items.size() > n) os << ", ... (" << v.items.size() << " items)";
        os << close;
    };
    switch (v.kind) {
        case PyKind::None:
            return "None";
        case PyKind::Bool:
            return v.boolean ? "True" : "False";
        case PyKind::Int:
            return std::to_string(v.integer);
        case PyKind::BigInt:
            return "<" + std::to_string(v.text.size()) + "-byte integer>";
        case PyKind::Float:
            os << v.real;
            return os.str();
        case PyKind::Str:
            return "'" + (v.text.size() > 60 ? v.text.substr(0, 57) + "..." : v.text) + "'";
        case PyKind::Bytes:
            return "<" + std::to_string(v.text.size()) + " bytes>";
        case PyKind::Tuple:
            list("(", ")");
            return os.str();
        case PyKind::List:
            list("[", "]");
            return os.str();
        case PyKind::Dict:
            return "{" + std::to_string(v.entries.size()) + " entries}";
        case PyKind::Global:
            return v.text;
        case PyKind::Storage:
            return "<storage>";
        case PyKind::Tensor:
            return std::string("tensor ") + dtypeName(v.tensor->dtype) + shapeToString(v.tensor->shape);
    }
    return "?";
}

}  // namespace mlens::io
