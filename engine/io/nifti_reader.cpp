#include "engine/io/nifti_reader.h"

#include <nifti2_io.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>

#include "engine/api/error.h"

namespace mlens::io {

namespace {

struct NiftiFree {
    void operator()(nifti_image* n) const { nifti_image_free(n); }
};
using NiftiPtr = std::unique_ptr<nifti_image, NiftiFree>;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

template <class T>
void toFloat(const void* src, size_t n, float* out, double slope, double inter) {
    const T* p = static_cast<const T*>(src);
    for (size_t i = 0; i < n; ++i)
        out[i] = static_cast<float>(static_cast<double>(p[i]) * slope + inter);
}

Affine toAffine(const nifti_dmat44& m) {
    Affine a{};
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c)
            a[static_cast<size_t>(r)][static_cast<size_t>(c)] = m.m[r][c];
    return a;
}

// nibabel's get_best_affine: sform, else qform, else the base affine (x flipped, centred).
Affine bestAffine(const nifti_image& n) {
    if (n.sform_code > 0) return toAffine(n.sto_xyz);
    if (n.qform_code > 0) return toAffine(n.qto_xyz);
    Affine a{};
    const double d[3] = {n.dx != 0 ? n.dx : 1, n.dy != 0 ? n.dy : 1, n.dz != 0 ? n.dz : 1};
    const int64_t dims[3] = {n.nx, n.ny, std::max<int64_t>(1, n.nz)};
    a[0][0] = -d[0];
    a[1][1] = d[1];
    a[2][2] = d[2];
    a[0][3] = d[0] * static_cast<double>(dims[0] - 1) / 2;  // nibabel: the centre voxel at the origin
    a[1][3] = -d[1] * static_cast<double>(dims[1] - 1) / 2;
    a[2][3] = -d[2] * static_cast<double>(dims[2] - 1) / 2;
    a[3][3] = 1;
    return a;
}

std::mutex g_niftiLock;  // nifticlib keeps global options; one reader at a time

}  // namespace

bool isNiftiName(const std::string& fileName) {
    const std::string n = lower(fileName);
    return endsWith(n, ".nii") || endsWith(n, ".nii.gz") || endsWith(n, ".hdr") || endsWith(n, ".hdr.gz");
}

Volume readNifti(const std::string& path, const VolumeLimits& limits) {
    std::lock_guard<std::mutex> lock(g_niftiLock);
    nifti_set_debug_level(0);
    std::error_code ec;
    const uint64_t fileSize = std::filesystem::file_size(path, ec);
    if (ec) throw Error(ErrorCode::Io, "cannot read " + path + ": " + ec.message());
    // nifticlib trusts dim[0] when it converts a header and writes past its 8-element arrays for a
    // hostile value (found by fuzz_volumes): the raw header is checked first.
    if (!endsWith(lower(path), ".gz") && fileSize < 348)  // also keeps nifticlib from printing its own error
        throw Error(ErrorCode::Format, path + ": not a readable NIfTI file (" + std::to_string(fileSize) +
                                           " bytes, shorter than a header)");
    {
        int version = 0;
        void* raw = nifti_read_header(path.c_str(), &version, 0);
        if (!raw) throw Error(ErrorCode::Format, path + ": not a readable NIfTI file (no valid header)");
        int64_t dims[8] = {};
        if (version == 2) {
            const auto* h2 = static_cast<const nifti_2_header*>(raw);
            for (int i = 0; i < 8; ++i)
                dims[i] = h2->dim[i];
        } else {
            const auto* h1 = static_cast<const nifti_1_header*>(raw);
            for (int i = 0; i < 8; ++i)
                dims[i] = h1->dim[i];
        }
        std::free(raw);
        if (dims[0] < 1 || dims[0] > 7)
            throw Error(ErrorCode::Format, path + ": not a readable NIfTI file (dim[0] = " +
                                               std::to_string(dims[0]) + ", not 1..7)");
        for (int i = 1; i <= dims[0]; ++i)
            if (dims[i] < (i <= 2 ? 1 : 0))  // an unused higher axis of 0 is tolerated, as by nibabel
                throw Error(ErrorCode::Format, path + ": not a readable NIfTI file (dim[" +
                                                   std::to_string(i) + "] = " + std::to_string(dims[i]) +
                                                   ")");
    }
    NiftiPtr header(nifti_image_read(path.c_str(), 0));
    if (!header) throw Error(ErrorCode::Format, path + ": not a readable NIfTI file (no valid header)");
    const nifti_image& h = *header;
    if (h.nx < 1 || h.ny < 1) throw Error(ErrorCode::Format, path + ": a NIfTI dimension is zero");
    const int64_t nz = std::max<int64_t>(1, h.nz);
    if (h.nx > limits.maxVoxels || h.ny > limits.maxVoxels || nz > limits.maxVoxels ||
        h.nx * h.ny > limits.maxVoxels / nz)
        throw Error(ErrorCode::InvalidArgument, path + ": " + std::to_string(h.nx) + "x" +
                                                    std::to_string(h.ny) + "x" + std::to_string(nz) +
                                                    " voxels exceed the limit of " +
                                                    std::to_string(limits.maxVoxels));
    const int64_t voxels = h.nx * h.ny * nz;
    // Data the file cannot hold (deflate expands at most ~1032x) are refused before any allocation.
    const bool gz = endsWith(lower(path), ".gz");
    const uint64_t brickBytes = static_cast<uint64_t>(voxels) * static_cast<uint64_t>(std::max(1, h.nbyper));
    const bool twoFile = h.nifti_type == 2 || h.nifti_type == 5 || h.nifti_type == 0;
    if (!twoFile && brickBytes > (gz ? fileSize * 1100 : fileSize))
        throw Error(ErrorCode::Format, path + ": the header declares " + std::to_string(brickBytes) +
                                           " bytes of voxels, the file is " + std::to_string(fileSize) +
                                           " bytes (truncated?)");
    switch (h.datatype) {
        case DT_UINT8:
        case DT_INT8:
        case DT_INT16:
        case DT_UINT16:
        case DT_INT32:
        case DT_UINT32:
        case DT_INT64:
        case DT_UINT64:
        case DT_FLOAT32:
        case DT_FLOAT64:
            break;
        default:
            throw Error(ErrorCode::Unsupported, path + ": NIfTI voxels of type " +
                                                    std::string(nifti_datatype_to_string(h.datatype)) +
                                                    " (only real-valued scalar volumes are supported)");
    }
    // The first 3-D volume only (a 4-D series gives its first time point).
    nifti_brick_list bricks{};
    const int64_t first[1] = {0};
    NiftiPtr image(nifti_image_read_bricks(path.c_str(), 1, first, &bricks));
    if (!image || bricks.nbricks != 1 || !bricks.bricks || !bricks.bricks[0] ||
        bricks.bsize != static_cast<int64_t>(brickBytes)) {
        if (image) nifti_free_NBL(&bricks);
        throw Error(ErrorCode::Format, path + ": the voxel data cannot be read (truncated or corrupt)");
    }
    const double slope = image->scl_slope != 0 && std::isfinite(image->scl_slope) ? image->scl_slope : 1.0;
    const double inter = image->scl_slope != 0 && std::isfinite(image->scl_inter) ? image->scl_inter : 0.0;
    std::vector<float> data(static_cast<size_t>(voxels));
    const void* src = bricks.bricks[0];
    const size_t n = data.size();
    switch (image->datatype) {
        case DT_UINT8:
            toFloat<uint8_t>(src, n, data.data(), slope, inter);
            break;
        case DT_INT8:
            toFloat<int8_t>(src, n, data.data(), slope, inter);
            break;
        case DT_INT16:
            toFloat<int16_t>(src, n, data.data(), slope, inter);
            break;
        case DT_UINT16:
            toFloat<uint16_t>(src, n, data.data(), slope, inter);
            break;
        case DT_INT32:
            toFloat<int32_t>(src, n, data.data(), slope, inter);
            break;
        case DT_UINT32:
            toFloat<uint32_t>(src, n, data.data(), slope, inter);
            break;
        case DT_INT64:
            toFloat<int64_t>(src, n, data.data(), slope, inter);
            break;
        case DT_UINT64:
            toFloat<uint64_t>(src, n, data.data(), slope, inter);
            break;
        case DT_FLOAT32:
            toFloat<float>(src, n, data.data(), slope, inter);
            break;
        case DT_FLOAT64:
            toFloat<double>(src, n, data.data(), slope, inter);
            break;
        default:
            break;
    }
    const Affine affine = bestAffine(*image);
    std::vector<std::string> identifying;
    if (image->descrip[0]) identifying.push_back("NIfTI descrip");
    if (image->intent_name[0]) identifying.push_back("NIfTI intent_name");
    if (image->aux_file[0]) identifying.push_back("NIfTI aux_file");
    nifti_free_NBL(&bricks);
    Volume v = canonicalVolume(std::move(data), {image->nx, image->ny, nz}, affine);
    v.identifyingFields = std::move(identifying);
    return v;
}

}  // namespace mlens::io
