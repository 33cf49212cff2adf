#include "engine/io/pickle_writer.h"

#include <cstring>

#include "engine/api/error.h"

namespace mlens::io {

OutValue OutValue::ofInt(int64_t v) {
    OutValue o;
    o.kind = Kind::Int;
    o.integer = v;
    return o;
}
OutValue OutValue::ofFloat(double v) {
    OutValue o;
    o.kind = Kind::Float;
    o.real = v;
    return o;
}
OutValue OutValue::ofStr(std::string v) {
    OutValue o;
    o.kind = Kind::Str;
    o.text = std::move(v);
    return o;
}
OutValue OutValue::ofBool(bool v) {
    OutValue o;
    o.kind = Kind::Bool;
    o.boolean = v;
    return o;
}
OutValue OutValue::emptyDict() {
    OutValue o;
    o.kind = Kind::Dict;
    return o;
}

namespace {

class Writer {
public:
    std::string out;

    void op(uint8_t c) { out += static_cast<char>(c); }
    void le(uint64_t v, int n) {
        for (int i = 0; i < n; ++i)
            out += static_cast<char>((v >> (8 * i)) & 0xFF);
    }
    void global(const std::string& module, const std::string& name) {
        op('c');
        out += module + "\n" + name + "\n";
    }
    void str(const std::string& s) {
        op('X');
        le(s.size(), 4);
        out += s;
    }
    void integer(int64_t v) {
        if (v >= 0 && v < 256) {
            op('K');
            le(static_cast<uint64_t>(v), 1);
        } else if (v >= 0 && v < 65536) {
            op('M');
            le(static_cast<uint64_t>(v), 2);
        } else if (v >= INT32_MIN && v <= INT32_MAX) {
            op('J');
            le(static_cast<uint64_t>(static_cast<uint32_t>(static_cast<int32_t>(v))), 4);
        } else {
            op(0x8a);  // LONG1, 8 bytes two's complement
            le(8, 1);
            le(static_cast<uint64_t>(v), 8);
        }
    }
    void ints(const std::vector<int64_t>& v) {
        op('(');
        for (auto i : v)
            integer(i);
        op('t');
    }
    void emptyOrderedDict() {
        global("collections", "OrderedDict");
        op(')');
        op('R');
    }

    void value(const OutValue& v, int depth) {
        if (depth > 64) throw Error(ErrorCode::InvalidArgument, "checkpoint nests too deeply");
        switch (v.kind) {
            case OutValue::Kind::None:
                op('N');
                break;
            case OutValue::Kind::Bool:
                op(v.boolean ? 0x88 : 0x89);
                break;
            case OutValue::Kind::Int:
                integer(v.integer);
                break;
            case OutValue::Kind::Float: {
                op('G');
                uint64_t bits;
                std::memcpy(&bits, &v.real, 8);
                for (int i = 7; i >= 0; --i)
                    out += static_cast<char>((bits >> (8 * i)) & 0xFF);
                break;
            }
            case OutValue::Kind::Str:
                str(v.text);
                break;
            case OutValue::Kind::Tensor:
                // torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)
                global("torch._utils", "_rebuild_tensor_v2");
                op('(');
                op('(');  // persistent id ('storage', torch.XStorage, key, 'cpu', numel)
                str("storage");
                global("torch", storageClassName(v.dtype));
                str(v.storageKey);
                str("cpu");
                integer(v.storageNumel);
                op('t');
                op('Q');
                integer(v.offset);
                ints(v.shape);
                ints(v.stride);
                op(0x89);
                emptyOrderedDict();
                op('t');
                op('R');
                break;
            case OutValue::Kind::Dict:
                emptyOrderedDict();
                if (!v.dict.empty()) {
                    op('(');
                    for (const auto& [k, item] : v.dict) {
                        str(k);
                        value(item, depth + 1);
                    }
                    op('u');
                }
                break;
            case OutValue::Kind::List:
                op(']');
                if (!v.list.empty()) {
                    op('(');
                    for (const auto& item : v.list)
                        value(item, depth + 1);
                    op('e');
                }
                break;
        }
    }
};

}  // namespace

std::string picklePayload(const OutValue& root) {
    Writer w;
    w.op(0x80);
    w.op(2);
    w.value(root, 0);
    w.op('.');
    return w.out;
}

}  // namespace mlens::io
