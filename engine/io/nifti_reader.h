#pragma once
// NIfTI-1 / NIfTI-2 volumes (.nii, .nii.gz, .hdr/.img) through nifticlib (libnifti2), in physical
// units (scl_slope * v + scl_inter when scl_slope is non-zero), reoriented to the closest canonical
// RAS axes (voxel-to-world from the sform when sform_code > 0, else the qform, else nibabel's base
// affine). 4-D files give their first volume. Torch-free.
#include <cstdint>
#include <string>

#include "engine/io/volume.h"

namespace mlens::io {

struct VolumeLimits {
    int64_t maxVoxels = int64_t{1} << 28;  // 268 M voxels (1 GiB as float)
};

// Throws Error: Format (not NIfTI, truncated, degenerate transform), Unsupported (complex or RGB
// voxels), InvalidArgument (over the limits; nothing is allocated first).
Volume readNifti(const std::string& path, const VolumeLimits& limits = {});

// True for .nii, .nii.gz, .hdr (with its .img) and .img file names.
bool isNiftiName(const std::string& fileName);

}  // namespace mlens::io
