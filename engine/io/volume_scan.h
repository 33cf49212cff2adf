#pragma once
// Volumes and DICOM files in a dataset scan: NIfTI files and DICOM series become sources whose items
// are their (non-empty) slices in the chosen plane; DICOM images without geometry (secondary
// captures, colour photographs) become sources of their frames. Unreadable files are problems with
// a reason, never fatal.
#include <string>
#include <vector>

#include "engine/api/dataset.h"
#include "engine/io/volume.h"

namespace mlens::io {

// True for names and contents the volume scan takes (NIfTI names, DICOM files).
bool isVolumeCandidate(const std::string& path);

struct ScannedSource {
    DatasetSource source;
    std::vector<int32_t> frames;  // the frames (slice indices) that become items
};

class VolumeScan {
public:
    // `absolute` path, `relative` to the dataset root.
    void add(const std::string& absolute, const std::string& relative);
    // Reads what was added (volumes are read once, to find their empty slices).
    std::vector<ScannedSource> finish(const std::string& root, const DatasetSpec& spec,
                                      std::vector<DatasetProblem>& problems);

private:
    std::vector<std::pair<std::string, std::string>> m_nifti, m_dicom;  // absolute, relative
};

// A NIfTI file, a DICOM file or a folder holding one DICOM series, as a canonical volume. Throws
// Error (a folder of several series is refused with their count).
Volume loadVolumePath(const std::string& path);
// Loads a volume source (NIfTI file or DICOM series) as a canonical volume.
Volume loadVolumeSource(const std::string& root, const DatasetSource& source);
// The slice `frame` of a loaded source in its plane, in the radiological convention.
cv::Mat sourceSlice(const Volume& volume, const DatasetSource& source, int32_t frame);

}  // namespace mlens::io
