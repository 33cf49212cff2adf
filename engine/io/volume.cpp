#include "engine/io/volume.h"

#include <cmath>
#include <limits>

#include <opencv2/core.hpp>

#include "engine/api/error.h"

namespace mlens::io {

std::array<AxisOrientation, 3> ioOrientation(const Affine& a) {
    // nibabel.orientations.io_orientation: normalise the columns, take the closest orthogonal matrix
    // (SVD), then give each stored axis the world axis it points along most, one axis at a time.
    cv::Matx33d rs;
    for (int c = 0; c < 3; ++c) {
        double zoom = 0;
        for (int r = 0; r < 3; ++r)
            zoom += a[r][c] * a[r][c];
        zoom = zoom > 0 ? std::sqrt(zoom) : 1.0;
        for (int r = 0; r < 3; ++r)
            rs(r, c) = a[r][c] / zoom;
    }
    cv::Mat w, u, vt;
    cv::SVD::compute(cv::Mat(rs), w, u, vt, cv::SVD::FULL_UV);
    const double tol = w.at<double>(0) * 3 * std::numeric_limits<double>::epsilon();
    cv::Mat keep = cv::Mat::zeros(3, 3, CV_64F);
    for (int i = 0; i < 3; ++i)
        if (w.at<double>(i) > tol) keep.at<double>(i, i) = 1;
    cv::Mat r = u * keep * vt;
    std::array<AxisOrientation, 3> out{};
    bool used[3] = {false, false, false};
    for (int in = 0; in < 3; ++in) {
        int best = -1;
        double bestAbs = 0;
        for (int o = 0; o < 3; ++o) {
            const double v = std::abs(r.at<double>(o, in));
            if (!used[o] && v > bestAbs) {
                bestAbs = v;
                best = o;
            }
        }
        if (best < 0 || bestAbs < 1e-12)
            throw Error(ErrorCode::Format, "the voxel-to-world transform is degenerate");
        out[static_cast<size_t>(in)] = {best, r.at<double>(best, in) < 0 ? -1 : 1};
        used[best] = true;
        for (int c = 0; c < 3; ++c)
            r.at<double>(best, c) = 0;  // as nibabel: the axis is taken
    }
    return out;
}

std::string axisCodes(const Affine& affine) {
    static const char labels[3][2] = {{'L', 'R'}, {'P', 'A'}, {'I', 'S'}};
    std::string s;
    for (const AxisOrientation& o : ioOrientation(affine))
        s += labels[o.worldAxis][o.sign > 0 ? 1 : 0];
    return s;
}

Volume canonicalVolume(std::vector<float> data, const std::array<int64_t, 3>& n, const Affine& affine) {
    if (n[0] < 1 || n[1] < 1 || n[2] < 1) throw Error(ErrorCode::Format, "a volume dimension is zero");
    if (static_cast<int64_t>(data.size()) != n[0] * n[1] * n[2])
        throw Error(ErrorCode::Format, "volume data and dimensions disagree");
    for (const auto& row : affine)
        for (double v : row)
            if (!std::isfinite(v))
                throw Error(ErrorCode::Format, "the voxel-to-world transform is not finite");
    const auto ornt = ioOrientation(affine);
    const int64_t stride[3] = {1, n[0], n[0] * n[1]};
    Volume v;
    v.stored = axisCodes(affine);
    int64_t dims[3] = {0, 0, 0}, step[3] = {0, 0, 0}, offset = 0;
    // T: canonical voxel -> stored voxel; the canonical affine is affine * T.
    double t[4][4] = {{0}};
    t[3][3] = 1;
    for (int a = 0; a < 3; ++a) {
        const int w = ornt[static_cast<size_t>(a)].worldAxis, s = ornt[static_cast<size_t>(a)].sign;
        dims[w] = n[static_cast<size_t>(a)];
        step[w] = s * stride[a];
        if (s < 0) offset += (n[static_cast<size_t>(a)] - 1) * stride[a];
        t[a][w] = s;
        t[a][3] = s < 0 ? static_cast<double>(n[static_cast<size_t>(a)] - 1) : 0.0;
    }
    v.nx = dims[0];
    v.ny = dims[1];
    v.nz = dims[2];
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c) {
            double sum = 0;
            for (int k = 0; k < 4; ++k)
                sum += affine[static_cast<size_t>(r)][static_cast<size_t>(k)] * t[k][c];
            v.affine[static_cast<size_t>(r)][static_cast<size_t>(c)] = sum;
        }
    const bool identity = offset == 0 && step[0] == 1 && step[1] == n[0] && step[2] == n[0] * n[1];
    if (identity) {
        v.data = std::move(data);
        return v;
    }
    v.data.resize(data.size());
    size_t out = 0;
    for (int64_t z = 0; z < v.nz; ++z)
        for (int64_t y = 0; y < v.ny; ++y) {
            const int64_t base = offset + z * step[2] + y * step[1];
            for (int64_t x = 0; x < v.nx; ++x)
                v.data[out++] = data[static_cast<size_t>(base + x * step[0])];
        }
    return v;
}

int64_t sliceCount(const Volume& v, Plane plane) {
    switch (plane) {
        case Plane::Axial:
            return v.nz;
        case Plane::Coronal:
            return v.ny;
        case Plane::Sagittal:
            return v.nx;
    }
    return 0;
}

double slicePosition(const Volume& v, Plane plane, int64_t index) {
    const int axis = plane == Plane::Sagittal ? 0 : plane == Plane::Coronal ? 1 : 2;
    double voxel[4] = {static_cast<double>(v.nx - 1) / 2, static_cast<double>(v.ny - 1) / 2,
                       static_cast<double>(v.nz - 1) / 2, 1};
    voxel[axis] = static_cast<double>(index);
    double pos = 0;
    for (int c = 0; c < 4; ++c)
        pos += v.affine[static_cast<size_t>(axis)][static_cast<size_t>(c)] * voxel[c];
    return pos;
}

namespace {

// A slice as the screen shows it: voxel(r, c) gives the value at screen row r (0 = top), column c.
template <class Voxel>
cv::Mat screenSlice(int64_t rows, int64_t cols, Voxel voxel) {
    cv::Mat out(static_cast<int>(rows), static_cast<int>(cols), CV_32F);
    for (int r = 0; r < out.rows; ++r) {
        float* row = out.ptr<float>(r);
        for (int c = 0; c < out.cols; ++c)
            row[c] = voxel(r, c);
    }
    return out;
}

}  // namespace

cv::Mat volumeSlice(const Volume& v, Plane plane, int64_t index, Convention convention) {
    if (index < 0 || index >= sliceCount(v, plane))
        throw Error(ErrorCode::NotFound, "slice " + std::to_string(index) + " is outside the volume");
    const bool mirror = convention == Convention::Radiological;  // the patient's right on the screen's left
    const auto x = [&](int64_t c) { return mirror ? v.nx - 1 - c : c; };
    switch (plane) {
        case Plane::Axial:  // anterior at the top
            return screenSlice(v.ny, v.nx,
                               [&](int64_t r, int64_t c) { return v.at(x(c), v.ny - 1 - r, index); });
        case Plane::Coronal:  // superior at the top
            return screenSlice(v.nz, v.nx,
                               [&](int64_t r, int64_t c) { return v.at(x(c), index, v.nz - 1 - r); });
        case Plane::Sagittal:  // superior at the top, anterior on the left
            return screenSlice(v.nz, v.ny,
                               [&](int64_t r, int64_t c) { return v.at(index, v.ny - 1 - c, v.nz - 1 - r); });
    }
    throw Error(ErrorCode::InvalidArgument, "unknown plane");
}

bool sliceIsConstant(const Volume& v, Plane plane, int64_t index) {
    const cv::Mat s = volumeSlice(v, plane, index);
    double lo = 0, hi = 0;
    cv::minMaxLoc(s, &lo, &hi);
    return lo == hi;
}

EdgeLetters edgeLetters(Plane plane, Convention convention) {
    const bool radiological = convention == Convention::Radiological;
    switch (plane) {
        case Plane::Axial:
            return radiological ? EdgeLetters{'R', 'L', 'A', 'P'} : EdgeLetters{'L', 'R', 'A', 'P'};
        case Plane::Coronal:
            return radiological ? EdgeLetters{'R', 'L', 'S', 'I'} : EdgeLetters{'L', 'R', 'S', 'I'};
        case Plane::Sagittal:
            return EdgeLetters{'A', 'P', 'S', 'I'};
    }
    return {'?', '?', '?', '?'};
}

}  // namespace mlens::io
