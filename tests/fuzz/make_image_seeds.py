#!/usr/bin/python3
"""Writes small seed images for the image-decoder fuzzer into DIR (run by tests/fuzz/run_fuzz.sh):
PNG (8/16-bit gray, RGB, RGBA), BMP, uncompressed TIFF, written here in pure Python, and the JPEG
streams (baseline, Adobe APP14, odd sizes) embedded in pydicom's test corpus. Nothing committed."""
import os, struct, sys, zlib

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def png(name, w, h, color, depth):
    channels = {0: 1, 2: 3, 6: 4}[color]
    row = bytes((x * 37 + y * 11) % 256 for x in range(w * channels * depth // 8) for y in [0])
    raw = b"".join(b"\0" + bytes((b + y) % 256 for b in row) for y in range(h))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, color, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    open(os.path.join(out, name), "wb").write(data)


png("gray8.png", 16, 16, 0, 8)
png("gray16.png", 12, 9, 0, 16)
png("rgb8.png", 8, 8, 2, 8)
png("rgba8.png", 7, 5, 6, 8)

w, h = 6, 4
stride = (w * 3 + 3) & ~3
pixels = b"".join(bytes((x * 40 + y * 60) % 256 for x in range(w * 3)) + b"\0" * (stride - w * 3) for y in range(h))
bmp = b"BM" + struct.pack("<IHHI", 54 + len(pixels), 0, 0, 54)
bmp += struct.pack("<IiiHHIIiiII", 40, w, h, 1, 24, 0, len(pixels), 2835, 2835, 0, 0) + pixels
open(os.path.join(out, "rgb24.bmp"), "wb").write(bmp)

w, h = 8, 8
img = bytes((x * 30 + y) % 256 for y in range(h) for x in range(w))
entries = [(256, 3, 1, w), (257, 3, 1, h), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
           (273, 4, 1, 8), (277, 3, 1, 1), (278, 3, 1, h), (279, 4, 1, len(img))]
ifd_at = 8 + len(img)
tiff = b"II*\0" + struct.pack("<I", ifd_at) + img + struct.pack("<H", len(entries))
for tag, typ, count, value in entries:
    tiff += struct.pack("<HHI", tag, typ, count) + (struct.pack("<HH", value, 0) if typ == 3 else struct.pack("<I", value))
tiff += b"\0\0\0\0"
open(os.path.join(out, "gray8.tif"), "wb").write(tiff)

corpus = "/usr/lib/python3/dist-packages/pydicom/data/test_files"
for name in ("SC_rgb_jpeg_dcmtk.dcm", "SC_rgb_jpeg_app14_dcmd.dcm", "SC_rgb_small_odd_jpeg.dcm",
             "SC_jpeg_no_color_transform.dcm", "JPEG-lossy.dcm"):
    path = os.path.join(corpus, name)
    if not os.path.exists(path):
        continue
    data = open(path, "rb").read()
    start, end = data.find(b"\xff\xd8\xff"), data.rfind(b"\xff\xd9")
    if 0 <= start < end:
        open(os.path.join(out, name.replace(".dcm", ".jpg")), "wb").write(data[start:end + 2])
