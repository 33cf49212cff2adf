#!/usr/bin/python3
"""Reference readings of pydicom's test corpus (Debian's python3-pydicom) for test_dicom.

Run with Debian's /usr/bin/python3 (python3-pydicom, python3-numpy) and GDCM's gdcmconv
(libgdcm-tools): files pydicom cannot decode here (JPEG, JPEG-LS, JPEG 2000: Debian's pydicom has no
decoder plugins) are first transcoded to explicit VR little endian by gdcmconv --raw, an independent
implementation. Physical values as pydicom's apply_modality_lut (DoseGridScaling for RT dose), the
frames as pydicom orders them. Writes tests/data/dicom_goldens.json.
"""
import glob, json, os, subprocess, sys, tempfile, warnings
import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_modality_lut, convert_color_space

warnings.simplefilter("ignore")
corpus = os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files")
out = {}
for path in sorted(glob.glob(os.path.join(corpus, "*.dcm"))):
    name = os.path.basename(path)
    entry = {}
    try:
        ds = pydicom.dcmread(path)
        source = "pydicom"
        try:
            arr = ds.pixel_array
        except RuntimeError:  # no decoder here: transcode with GDCM
            with tempfile.TemporaryDirectory() as tmp:
                raw = os.path.join(tmp, "raw.dcm")
                subprocess.run(["gdcmconv", "--raw", path, raw], check=True, capture_output=True)
                ds = pydicom.dcmread(raw)
                arr = ds.pixel_array
                source = "gdcmconv --raw + pydicom"
        samples = int(getattr(ds, "SamplesPerPixel", 1))
        frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
        if samples == 1:
            arr = apply_modality_lut(arr, ds).astype(np.float64)
            if getattr(ds, "Modality", "") == "RTDOSE" and "DoseGridScaling" in ds:
                arr = arr * float(ds.DoseGridScaling)
        else:
            pi = str(ds.PhotometricInterpretation)
            if pi.startswith("YBR_FULL"):  # colour images are compared as RGB
                arr = convert_color_space(arr, pi, "RGB")
            arr = arr.astype(np.float64)
        if frames == 1:
            arr = arr[np.newaxis]
        # a position-weighted checksum: sensitive to order, orientation and values
        idx = np.arange(arr[0].size).reshape(arr[0].shape)
        weights = (idx * 2654435761 % 97 + 1).astype(np.float64)
        entry = {"source": source, "frames": frames, "rows": int(ds.Rows), "columns": int(ds.Columns), "samples": samples,
                 "min": float(arr.min()), "max": float(arr.max()), "mean": float(arr.mean()),
                 "checksum": [float((f * weights).sum()) for f in arr],
                 "first": float(arr.flat[0]), "last": float(arr.flat[-1])}
    except Exception as e:  # what pydicom refuses, and why
        entry = {"error": type(e).__name__ + ": " + str(e).splitlines()[0][:120]}
    out[name] = entry
json.dump(out, open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "dicom_goldens.json"), "w"), indent=1, sort_keys=True)
print(len(out), "files")
