#!/usr/bin/python3
"""A small DICOM folder for test_dicom and test_volume_dataset, written by pydicom (Debian's
python3-pydicom) from the real CT_small.dcm of pydicom's corpus, and nibabel's reading of it.

tests/data/dicom_series/ holds, in one folder and with shuffled file names:
  series A  5 axial slices (every 8th pixel of CT_small, + 40 per slice), signed int16 with
            RescaleSlope 2 / RescaleIntercept -1024, positions offset in x and y as well as z, file
            names and InstanceNumbers in an order that is NOT the slice order;
series B 3 coronal slices, MONOCHROME1, unsigned, no InstanceNumber;
  sc.dcm    a secondary capture without position or orientation (an image of its own).
Every file keeps CT_small's identifying header fields (patient name, birth date, institution,
dates, UIDs) so that the de-identified export can be checked against them.

Two re-encodings of CT_small by DCMTK's command-line tools (Debian's dcmtk) cover the syntaxes the
corpus lacks: ct_small_jpeg57.dcm (JPEG lossless, process 14, predictor 2: must decode to CT_small
exactly) and ct_small_jpegls_near.dcm (JPEG-LS near-lossless, NEAR 2, of an unsigned copy with the
intercept moved by -1024: must decode to CT_small's physical values within 2).

Golden (dicom_series.json): series A as a canonical RAS volume, computed by nibabel's
as_closest_canonical from the LPS geometry: shape, affine and a weighted checksum.
"""
import copy, json, os, subprocess, tempfile
import nibabel as nib
import numpy as np
import pydicom
from pydicom.uid import generate_uid

here = os.path.dirname(os.path.abspath(__file__))
folder = os.path.join(here, "dicom_series")
os.makedirs(folder, exist_ok=True)
for f in os.listdir(folder):
    os.remove(os.path.join(folder, f))
corpus = os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files")
base = pydicom.dcmread(os.path.join(corpus, "CT_small.dcm"))
raw = base.pixel_array[::8, ::8].astype(np.int16)  # 16 x 16, stored values

spacing = 0.661468 * 8
series_a = generate_uid(entropy_srcs=["minoritylens series A"])
names = ["m07.dcm", "a99.dcm", "z01.dcm", "b50.dcm", "k33.dcm"]  # slice k -> file name
instances = [3, 5, 1, 4, 2]
slices = []
for k in range(5):
    ds = copy.deepcopy(base)
    stored = (raw + 40 * k).astype(np.int16)
    ds.PixelData = stored.tobytes()
    ds.Rows, ds.Columns = stored.shape
    ds.PixelSpacing = [spacing, spacing]
    ds.RescaleSlope, ds.RescaleIntercept = 2, -1024
    ds.ImagePositionPatient = [-100.0 + 0.3 * k, -120.0 - 0.2 * k, -70.0 + 2.5 * k]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.SliceThickness = 2.5
    ds.SeriesInstanceUID = series_a
    ds.SeriesNumber = 7
    ds.InstanceNumber = instances[k]
    ds.SOPInstanceUID = generate_uid(entropy_srcs=["minoritylens A", str(k)])
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.save_as(os.path.join(folder, names[k]), write_like_original=False)
    slices.append(stored.astype(np.float64) * 2 - 1024)

series_b = generate_uid(entropy_srcs=["minoritylens series B"])
for k in range(3):
    ds = copy.deepcopy(base)
    stored = (raw[::2, ::2].astype(np.int32) + 1100 + 10 * k).astype(np.uint16)
    ds.PixelData = stored.tobytes()
    ds.Rows, ds.Columns = stored.shape
    ds.PixelRepresentation = 0
    ds.PhotometricInterpretation = "MONOCHROME1"
    ds.RescaleSlope, ds.RescaleIntercept = 1, 0
    ds.ImagePositionPatient = [-100.0, -60.0 + 4.0 * k, 20.0]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 0, -1]
    ds.SeriesInstanceUID = series_b
    ds.SeriesNumber = 8
    del ds.InstanceNumber
    ds.SOPInstanceUID = generate_uid(entropy_srcs=["minoritylens B", str(k)])
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.save_as(os.path.join(folder, f"c{2 - k}.dcm"), write_like_original=False)

ds = copy.deepcopy(base)
ds.PixelData = raw.tobytes()
ds.Rows, ds.Columns = raw.shape
for kw in ["ImagePositionPatient", "ImageOrientationPatient", "SliceLocation"]:
    if kw in ds:
        delattr(ds, kw)
ds.SeriesInstanceUID = generate_uid(entropy_srcs=["minoritylens SC"])
ds.SeriesNumber = 9
ds.SOPInstanceUID = generate_uid(entropy_srcs=["minoritylens SC", "0"])
ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
ds.save_as(os.path.join(folder, "sc.dcm"), write_like_original=False)

subprocess.run(["dcmcjpeg", "+el", "+sv", "2", os.path.join(corpus, "CT_small.dcm"), os.path.join(here, "ct_small_jpeg57.dcm")], check=True)
with tempfile.TemporaryDirectory() as tmp:
    ds = copy.deepcopy(base)
    ds.PixelData = (base.pixel_array.astype(np.int32) + 1024).astype(np.uint16).tobytes()
    ds.PixelRepresentation = 0
    ds.RescaleIntercept = float(base.RescaleIntercept) - 1024
    unsigned = os.path.join(tmp, "unsigned.dcm")
    ds.save_as(unsigned, write_like_original=False)
    subprocess.run(["dcmcjpls", "+en", "+md", "2", unsigned, os.path.join(here, "ct_small_jpegls_near.dcm")], check=True)

# nibabel: voxel (col, row, slice) -> LPS -> RAS, then the closest canonical orientation.
data = np.stack(slices, axis=-1).transpose(1, 0, 2)  # [col, row, slice]
lps = np.eye(4)
lps[:3, 0] = np.array([1, 0, 0]) * spacing  # along a row: column index
lps[:3, 1] = np.array([0, 1, 0]) * spacing
first, last = np.array([-100.0, -120.0, -70.0]), np.array([-100.0 + 1.2, -120.0 - 0.8, -70.0 + 10.0])
lps[:3, 2] = (last - first) / 4
lps[:3, 3] = first
ras = np.diag([-1, -1, 1, 1]) @ lps
can = nib.as_closest_canonical(nib.Nifti1Image(data, ras))
cdata = np.asarray(can.get_fdata())
w = (np.arange(cdata.size).reshape(cdata.shape, order="F") * 2654435761 % 97 + 1).astype(np.float64)
golden = {"series_a": {"files_in_slice_order": names, "stored": "".join(nib.aff2axcodes(ras)), "shape": list(cdata.shape),
                       "affine": can.affine.tolist(), "checksum": float((cdata * w).sum()),
                       "min": float(cdata.min()), "max": float(cdata.max())},
          "identifying_values": [str(base.PatientName), str(base.PatientID), str(base.InstitutionName),
                                 str(base.StudyDate), str(base.StudyInstanceUID), str(base.get("PatientBirthDate", ""))]}
json.dump(golden, open(os.path.join(here, "dicom_series.json"), "w"), indent=1)
print(json.dumps(golden, indent=1)[:800])
