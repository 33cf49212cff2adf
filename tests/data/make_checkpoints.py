#!/usr/bin/python3
"""Writes the reference checkpoints the checkpoint-reader tests load.

Run with Debian's python3-torch (PyTorch 1.13):  /usr/bin/python3 tests/data/make_checkpoints.py
The files are small and committed; the values follow formulas the C++ tests recompute.
"""
import collections
import os

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def values():
    base = torch.arange(24, dtype=torch.float64).reshape(2, 3, 4) * 0.5 - 3.0
    shared = torch.arange(40, dtype=torch.float32)
    d = collections.OrderedDict()
    d["f32"] = base.float()
    d["f64"] = base.clone()
    d["f16"] = base.half()
    d["bf16"] = base.bfloat16()
    d["i64"] = (base * 2).long()
    d["i32"] = (base * 2).int()
    d["i16"] = (base * 2).short()
    d["i8"] = (base * 2).char()
    d["u8"] = (base * 2 + 6).byte()
    d["bool"] = base > 0
    d["scalar"] = torch.tensor(7.25)
    d["empty"] = torch.zeros(0, 3)
    # Views sharing one storage: offset, transposed strides, a strided slice.
    d["view_a"] = shared[4:16].view(3, 4)
    d["view_t"] = shared[4:16].view(3, 4).t()
    d["view_step"] = shared[1:40:3]
    d["shared_full"] = shared
    return d


def main():
    sd = values()
    torch.save(sd, os.path.join(HERE, "dtypes_zip.pt"))
    torch.save(sd, os.path.join(HERE, "dtypes_legacy.pt"), _use_new_zipfile_serialization=False)
    nested = {"model": collections.OrderedDict([("w", torch.ones(2, 2)), ("b", torch.zeros(2))]),
              "ema": collections.OrderedDict([("w", torch.full((2, 2), 2.0)), ("b", torch.ones(2))]),
              "step": 3, "lr": 0.5, "name": "run-1", "flags": [1, 2], "done": True,
              "best": np.float64(0.125), "epoch": np.int64(12)}
    torch.save(nested, os.path.join(HERE, "nested.pt"))
    torch.save({"p": torch.nn.Parameter(torch.arange(4.0))}, os.path.join(HERE, "parameter.pt"))

    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned > /tmp/minoritylens-pwned",))

    torch.save({"w": torch.ones(1), "x": Evil()}, os.path.join(HERE, "hostile_zip.pt"))
    torch.save({"w": torch.ones(1), "x": Evil()}, os.path.join(HERE, "hostile_legacy.pt"),
               _use_new_zipfile_serialization=False)
    torch.jit.save(torch.jit.script(torch.nn.Linear(2, 2)), os.path.join(HERE, "torchscript.pt"))


if __name__ == "__main__":
    main()
