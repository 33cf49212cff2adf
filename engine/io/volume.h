#pragma once
// Volumes in the closest canonical RAS orientation, and their slices in the display conventions of
// 3D Slicer and ITK-SNAP. Torch-free.
//
// Canonical: voxel axis 0 runs from the patient's left to right (R), axis 1 from posterior to
// anterior (A), axis 2 from inferior to superior (S): nibabel's as_closest_canonical (axis
// permutations and flips only, never resampling).
//
// Slices (row 0 = the top of the screen):
//   axial    (along S, inferior -> superior) seen from the feet: anterior at the top, the patient's
//            right on the screen's left (radiological) or on its right (neurological);
//   coronal  (along A, posterior -> anterior) seen from the front: superior at the top, the
//            patient's right on the left (radiological) or right (neurological);
//   sagittal (along R, left -> right) seen from the patient's left: superior at the top, anterior on
//            the left, in both conventions.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/api/choices.h"

namespace mlens::io {

using Affine = std::array<std::array<double, 4>, 4>;  // voxel (i, j, k, 1) -> world RAS mm

struct WindowPreset {
    double center = 0, width = 0;
    std::string name;
};

struct Volume {
    int64_t nx = 0, ny = 0, nz = 0;     // canonical: x = R, y = A, z = S
    std::vector<float> data;            // physical values, x fastest: data[(z * ny + y) * nx + x]
    Affine affine{};                    // canonical voxel -> RAS world
    std::vector<WindowPreset> presets;  // DICOM window presets, if any
    bool invertDisplay = false;         // DICOM MONOCHROME1: low values are bright
    std::string stored;  // the stored axes' orientation codes before reorientation ("LPS", "RAS", ...)
    std::vector<std::string>
        identifyingFields;  // header fields that could identify a patient and are set (never their values)

    float at(int64_t x, int64_t y, int64_t z) const {
        return data[static_cast<size_t>((z * ny + y) * nx + x)];
    }
    size_t bytes() const { return data.size() * sizeof(float); }
};

// Orientation of each stored voxel axis: which world axis (0 = R, 1 = A, 2 = S) it follows and in
// which direction (+1 / -1), as nibabel.orientations.io_orientation computes it (SVD, closest axes).
struct AxisOrientation {
    int worldAxis = 0;
    int sign = 1;
};
std::array<AxisOrientation, 3> ioOrientation(const Affine& affine);
// "LPS", "RAS", ... of an affine (nibabel's aff2axcodes).
std::string axisCodes(const Affine& affine);

// Reorients stored data (x fastest, dims n[0..2]) with the voxel->RAS affine to the closest canonical
// RAS orientation. Throws Error(Format) for a degenerate affine.
Volume canonicalVolume(std::vector<float> data, const std::array<int64_t, 3>& dims, const Affine& affine);

// Number of slices of a volume in a plane, and the world position (mm) of slice `index` along the
// plane's axis (R for sagittal, A for coronal, S for axial).
int64_t sliceCount(const Volume& v, Plane plane);
double slicePosition(const Volume& v, Plane plane, int64_t index);
// Slice `index` (0 = inferior / posterior / left) as CV_32F, row 0 at the top of the screen.
cv::Mat volumeSlice(const Volume& v, Plane plane, int64_t index,
                    Convention convention = Convention::Radiological);
// True when every voxel of the slice has the same value.
bool sliceIsConstant(const Volume& v, Plane plane, int64_t index);

// The orientation letters at the left, right, top and bottom edges of a displayed slice.
struct EdgeLetters {
    char left, right, top, bottom;
};
EdgeLetters edgeLetters(Plane plane, Convention convention = Convention::Radiological);

}  // namespace mlens::io
