#!/usr/bin/python3
"""Ordinal classes computed exactly as construct_ms_dataset.py (soobin-um/minority-guidance) does.

Run with Debian's python3-torch: /usr/bin/python3 tests/data/make_classes_reference.py
Writes classes_reference.json: float32 scores (with ties) and, for several L, the thresholds and the
labels of the official loop.
"""
import json
import os

import torch

torch.manual_seed(0)
ms = torch.exp(torch.randn(997) * 0.5)          # long-tailed, like minority scores
ms[:40] = ms[40]                                 # ties
ms = ms.float()
out = {"scores": [float(v) for v in ms], "cases": []}
for L in (1, 2, 7, 49, 100):
    q_th = torch.zeros(L)
    for i in range(len(q_th)):
        q_th[i] = torch.quantile(ms, 1 / L * (i + 1))
    labels = torch.zeros_like(ms).long()
    for i in range(len(ms)):
        current = ms[i]
        for j in range(len(q_th)):
            if j == 0:
                if current <= q_th[j]:
                    labels[i] = j
            else:
                if current > q_th[j - 1] and current <= q_th[j]:
                    labels[i] = j
    out["cases"].append({"L": L, "thresholds": [float(v) for v in q_th], "labels": [int(v) for v in labels]})
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "classes_reference.json"), "w") as f:
    json.dump(out, f)
