#pragma once
// Volumes for people and scripts: slices of a NIfTI file, a DICOM file or a DICOM series folder in
// the display convention of 3D Slicer and ITK-SNAP (see engine/io/volume.h), in physical units.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/api/choices.h"
#include "engine/api/dataset.h"
#include "engine/api/progress.h"

namespace mlens {

struct SlicesRequest {
    std::string input;   // .nii / .nii.gz, a DICOM file, or a folder holding one DICOM series
    std::string outDir;  // a new (or empty) folder; nothing is written when the input is refused
    Plane plane = Plane::Axial;
    Convention convention = Convention::Radiological;
    SliceFormat format = SliceFormat::Npy;
    bool skipEmpty = false;  // leave out constant slices
    IntensityWindow window;  // the display window stored with PNG slices
};

struct SlicesResult {
    int64_t slices = 0;
    int rows = 0, columns = 0;
    std::string storedOrientation;  // the input's axis codes before reorientation ("LPS", "RAS", ...)
    std::string npy, csv;           // Npy: OUT/slices.npy (float32 [N, H, W]) and OUT/slices.csv
    std::vector<std::string>
        pngs;  // Png: OUT/slice_NNNN.png (16-bit, value mapping and window in text chunks)
};

// Writes OUT/slices.csv (index, plane, position_mm) with either format; row 0 of every slice is the
// top of the screen. Throws Error and writes nothing for inputs that are refused.
SlicesResult runSlices(const SlicesRequest& request, ProgressSink& progress);

}  // namespace mlens
