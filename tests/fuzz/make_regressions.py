#!/usr/bin/python3
"""Writes the hand-made hostile checkpoints of tests/fuzz/regressions (issue 13), each one defect.
Pure Python (no torch): python3 tests/fuzz/make_regressions.py. test_checkpoint replays them and
checks the refusal of each; the files are committed, this script records how they were made."""
import collections, io, json, os, pickle, struct, sys, types, zipfile

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "regressions")
src = os.path.join(here, "..", "data", "dtypes_zip.pt")


def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


def entries(path):
    z = zipfile.ZipFile(path)
    return [(i.filename, z.read(i.filename)) for i in z.infolist()]


def make_zip(items, compression=zipfile.ZIP_STORED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in items:
            z.writestr(name, data)
    return bytearray(buf.getvalue())


def data_offset(blob, name):
    z = zipfile.ZipFile(io.BytesIO(bytes(blob)))
    h = z.getinfo(name).header_offset
    n, e = struct.unpack("<HH", blob[h + 26:h + 30])
    return h + 30 + n + e


items = entries(src)

# 1. One bit of a tensor's data flipped: the entry's CRC-32 no longer matches.
blob = make_zip(items)
blob[data_offset(blob, "dtypes_zip/data/0")] ^= 0x40
write("zip_crc_mismatch.pt", blob)

# 2. The same archive deflated: torch.save never compresses.
write("zip_compressed_entries.pt", make_zip(items, zipfile.ZIP_DEFLATED))

# 3. A tiny archive whose data.pkl declares 1 GiB (local and central headers patched).
blob = make_zip([("big/data.pkl", b"\x80\x02}q\x00."), ("big/version", b"3\n")])
for sig in (b"PK\x03\x04", b"PK\x01\x02"):
    at = blob.find(sig)
    size_at = at + (22 if sig == b"PK\x03\x04" else 24)
    blob[size_at:size_at + 4] = struct.pack("<I", 1 << 30)
write("zip_declares_1gib_pickle.pt", blob)

# 4. A storage stored twice: the last entry counts, as in Python's zipfile (24 float32 ones).
dup = make_zip(items + [("dtypes_zip/data/0", struct.pack("<24f", *[1.0] * 24))])
write("zip_duplicate_storage.pt", dup)

# 5. A few hundred bytes of pickle that expand to 2^22 tensors through shared references.
torch = types.ModuleType("torch")
utils = types.ModuleType("torch._utils")
sys.modules.update({"torch": torch, "torch._utils": utils})


def _rebuild_tensor_v2(*args):
    return None


_rebuild_tensor_v2.__module__ = "torch._utils"
utils._rebuild_tensor_v2 = _rebuild_tensor_v2
FloatStorage = type("FloatStorage", (), {"__module__": "torch"})
torch.FloatStorage = FloatStorage


class Storage:
    pass


class Tensor:
    def __reduce__(self):
        return (_rebuild_tensor_v2, (Storage(), 0, (1,), (1,), False, collections.OrderedDict()))


class Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        return ("storage", FloatStorage, "0", "cpu", 1) if isinstance(obj, Storage) else None


value = Tensor()
for _ in range(22):
    value = [value, value]
pkl = io.BytesIO()
Pickler(pkl, protocol=2).dump({"x": value})
write("zip_shared_reference_bomb.pt",
      make_zip([("bomb/data.pkl", pkl.getvalue()), ("bomb/data/0", b"\0\0\0\0"), ("bomb/version", b"3\n")]))


# 6. safetensors headers the specification forbids.
def safetensors(header, data):
    h = json.dumps(header).encode()
    return struct.pack("<Q", len(h)) + h + data


f32 = lambda a, b: {"dtype": "F32", "shape": [(b - a) // 4], "data_offsets": [a, b]}
write("safetensors_hole.safetensors", safetensors({"a": f32(0, 8), "b": f32(12, 16)}, bytes(16)))
write("safetensors_overlap.safetensors", safetensors({"a": f32(0, 8), "b": f32(4, 12)}, bytes(12)))
h = b'{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}'
write("safetensors_duplicate_name.safetensors", struct.pack("<Q", len(h)) + h + bytes(8))
write("safetensors_trailing_bytes.safetensors", safetensors({"a": f32(0, 8)}, bytes(12)))

# 7. _rebuild_from_type_v2 nested 60,000 levels deep (~420 KB): the args of each call are the next
# call's (func, type, args, state). Written opcode by opcode (Python's pickler would recurse).
levels = 60000
p = bytearray(b"\x80\x02")
p += b"ctorch._tensor\n_rebuild_from_type_v2\nq\x00"  # GLOBAL, BINPUT 0
p += b"ctorch\nTensor\nq\x01"                          # GLOBAL, BINPUT 1
p += b"h\x00"                                           # the outermost call's func
p += b"(h\x00h\x01" * levels                            # MARK func type ... (one per level)
p += b")"                                               # the innermost args: ()
p += b"}t" * levels                                     # state {}, TUPLE: closes each level
p += b"R."                                              # REDUCE, STOP
write("pickle_deep_rebuild_from_type_v2.pt",
      make_zip([("deep/data.pkl", bytes(p)), ("deep/version", b"3\n")]))


# 8. .npy headers that made std::regex (one recursion per character matched) overflow the stack:
# a 9,000-character dtype, and a header past numpy's own 10,000-byte limit.
def npy(header):
    h = header.encode()
    return b"\x93NUMPY\x02\x00" + struct.pack("<I", len(h)) + h


write("npy_long_descr", npy("{'descr': '" + "<" * 9000 + "', 'fortran_order': False, 'shape': (1,), }"))
write("npy_huge_header", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }" + " " * 12000))
