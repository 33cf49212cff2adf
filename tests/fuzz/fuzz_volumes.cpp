// libFuzzer entry point for the scan readers: any bytes, stored as a .nii, a .nii.gz and a .dcm
// file, either read (and every slice of the volume can be taken in every plane) or end in
// mlens::Error. nifticlib and DCMTK are not instrumented; our code around them is.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "engine/api/error.h"
#include "engine/io/dicom_reader.h"
#include "engine/io/nifti_reader.h"
#include "engine/io/volume.h"

namespace {

std::string scratch(const char* suffix) {
    static const std::string dir = [] {
        const char* shm = "/dev/shm";
        return std::string(access(shm, W_OK) == 0 ? shm : "/tmp");
    }();
    return dir + "/mlens_fuzz_" + std::to_string(getpid()) + suffix;
}

void write(const std::string& path, const uint8_t* data, size_t size) {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return;
    if (size) std::fwrite(data, 1, size, f);
    std::fclose(f);
}

void slices(const mlens::io::Volume& v) {
    for (mlens::Plane p : {mlens::Plane::Axial, mlens::Plane::Coronal, mlens::Plane::Sagittal}) {
        const int64_t n = p == mlens::Plane::Axial ? v.nz : p == mlens::Plane::Coronal ? v.ny : v.nx;
        for (int64_t k = 0; k < n && k < 4; ++k)
            (void)mlens::io::sliceIsConstant(v, p, k);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    mlens::io::VolumeLimits limits;
    limits.maxVoxels = int64_t{1} << 22;  // a real scan may be larger, not in a fuzz loop
    for (const char* suffix : {".nii", ".dcm"}) {
        const std::string path = scratch(suffix);
        write(path, data, size);
        try {
            if (suffix[1] == 'n') {
                slices(mlens::io::readNifti(path, limits));
            } else {
                const mlens::io::DicomInfo info = mlens::io::readDicomInfo(path);
                (void)mlens::io::readDicomFrames(path, limits);
                slices(mlens::io::dicomSeriesVolume({info}, limits));
            }
        } catch (const mlens::Error&) {
        }
        std::remove(path.c_str());
    }
    return 0;
}
