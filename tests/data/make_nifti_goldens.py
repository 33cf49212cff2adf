#!/usr/bin/python3
"""Reference readings of mricron-data's templates for test_nifti, by nibabel (Debian's
python3-nibabel): the stored orientation codes, the closest canonical (RAS) volume's shape and
affine, and checksums of its data in physical units. Writes tests/data/nifti_goldens.json.

All templates are stored RAS, so it also writes two small reoriented copies of ch2 (every 6th /
9th voxel), checked the same way:
  ch2_psl_int16.nii.gz     NIfTI-1, int16, scl_slope 0.5, scl_inter 10, axes stored P-S-L (sform)
  ch2_lia_float_n2.nii.gz  NIfTI-2, float32, axes stored L-I-A (qform only)"""
import json, os
import nibabel as nib
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
templates = "/usr/share/mricron/templates"


def reoriented(step, order, flips):
    """ch2 every `step` voxels, stored with voxel axes `order` (of R, A, S) flipped where `flips`."""
    src = nib.load(os.path.join(templates, "ch2.nii.gz"))
    data = np.asarray(src.dataobj)[::step, ::step, ::step].astype(np.float64)
    aff = src.affine.copy()
    aff[:3, :3] *= step
    data = np.transpose(data, order)
    aff = aff[:, list(order) + [3]]
    for ax, flip in enumerate(flips):
        if flip:
            data = np.flip(data, ax)
            n = data.shape[ax]
            aff[:, 3] = aff[:, 3] + aff[:, ax] * (n - 1)
            aff[:, ax] = -aff[:, ax]
    return np.ascontiguousarray(data), aff


data, aff = reoriented(6, (1, 2, 0), (True, False, True))  # P, S, L
img = nib.Nifti1Image(((data - 10) / 0.5).astype(np.int16), aff)
img.header.set_slope_inter(0.5, 10)
img.set_sform(aff, code=2)
img.set_qform(None, code=0)
nib.save(img, os.path.join(here, "ch2_psl_int16.nii.gz"))

data, aff = reoriented(9, (0, 2, 1), (True, True, False))  # L, I, A
img = nib.Nifti2Image(data.astype(np.float32) / 7.0, aff)
img.set_qform(aff, code=1)
img.set_sform(None, code=0)
nib.save(img, os.path.join(here, "ch2_lia_float_n2.nii.gz"))

out = {}
paths = {name: os.path.join(templates, name) for name in
         ["ch2.nii.gz", "ch2bet.nii.gz", "aal.nii.gz", "brodmann.nii.gz", "JHU-WhiteMatter-labels-2mm.nii.gz"]}
paths.update({
name: os.path.join(here, name) for name in ["ch2_psl_int16.nii.gz", "ch2_lia_float_n2.nii.gz"]})
for name, path in paths.items():
    img = nib.load(path)
    can = nib.as_closest_canonical(img)
    data = np.asarray(can.get_fdata(dtype=np.float64))
    if data.ndim > 3:
        data = data[..., 0]
    w = (np.arange(data.size).reshape(data.shape, order="F") * 2654435761 % 97 + 1).astype(np.float64)  # x fastest
    out[name] = {"stored": "".join(nib.aff2axcodes(img.affine)), "shape": list(data.shape), "affine": can.affine.tolist(),
                 "min": float(data.min()), "max": float(data.max()), "mean": float(data.mean()),
                 "checksum": float((data * w).sum()),
                 "axial_mid_sum": float(data[:, :, data.shape[2] // 2].sum()),
                 "voxel_10_20_30": float(data[min(10, data.shape[0] - 1), min(20, data.shape[1] - 1), min(30, data.shape[2] - 1)])}
json.dump(out, open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "nifti_goldens.json"), "w"), indent=1, sort_keys=True)
print(json.dumps(out, indent=1)[:1500])
