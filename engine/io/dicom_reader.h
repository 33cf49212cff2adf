#pragma once
// DICOM through DCMTK (implicit / explicit VR little endian, explicit big endian, deflate, RLE, JPEG
// baseline / extended / lossless, JPEG-LS) and OpenJPEG (JPEG 2000 lossless and lossy, whose
// fragments DCMTK hands over). Intensities are physical values: RescaleSlope * v + RescaleIntercept
// (DoseGridScaling for RT dose), signed pixels and every bit depth (1, 8, 12 in 16, 16, 32).
// Series are grouped by SeriesInstanceUID and ordered by ImagePositionPatient along the slice normal.
// Torch-free.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/io/nifti_reader.h"
#include "engine/io/volume.h"

namespace mlens::io {

// What the header says (read up to the pixel data only).
struct DicomInfo {
    std::string path;
    std::string sopUid, seriesUid, seriesDescription, modality, transferSyntax;
    int seriesNumber = 0, instanceNumber = 0;
    int rows = 0, columns = 0, frames = 1, samples = 1, bitsAllocated = 0;
    bool hasPixelData = false;
    bool hasPosition = false, hasOrientation = false;
    std::array<double, 3> position{};          // ImagePositionPatient (LPS, mm)
    std::array<double, 6> orientation{};       // ImageOrientationPatient: row then column direction cosines
    std::array<double, 2> pixelSpacing{1, 1};  // row spacing, column spacing (mm)
    double sliceSpacing = 0;                   // SpacingBetweenSlices or SliceThickness (0: unknown)
    std::vector<double> frameOffsets;          // GridFrameOffsetVector (RT dose), mm along the normal
    std::vector<WindowPreset> windows;
    bool monochrome1 = false;
    std::vector<std::string> identifyingFields;  // set fields of PS3.15 Annex E (names, never values)
};

// Throws Error(Format / Io) for files that are not DICOM or cannot be parsed.
DicomInfo readDicomInfo(const std::string& path);

// Every frame in physical units: CV_32F for grayscale, CV_8UC3 / CV_16UC3 (BGR) for colour. Throws
// Error: Format (truncated, corrupt, no pixel data), Unsupported (transfer syntax or pixel layout),
// InvalidArgument (over the limits; checked before decoding).
std::vector<cv::Mat> readDicomFrames(const std::string& path, const VolumeLimits& limits = {});

// "DICM" at offset 128, or a .dcm / .dicom extension.
bool looksLikeDicom(const std::string& path);

// Groups files (by SeriesInstanceUID, then by rows x columns and orientation) and orders each group
// along its slice normal (by ImagePositionPatient; InstanceNumber when positions are missing).
std::vector<std::vector<size_t>> groupSeries(const std::vector<DicomInfo>& files);

// A grayscale series (files in series order; one multi-frame file counts as its frames) as a
// canonical RAS volume. Throws Error for colour images, mismatched slices and the limits.
Volume dicomSeriesVolume(const std::vector<DicomInfo>& series, const VolumeLimits& limits = {});

}  // namespace mlens::io
