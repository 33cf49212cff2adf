// The `slices` job (api/volumes.h): a volume's slices in the display convention, as .npy or 16-bit
// PNGs, written into a staging folder renamed into place.
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>

#include "engine/api/error.h"
#include "engine/api/volumes.h"
#include "engine/core/atomic_file.h"
#include "engine/core/staging_folder.h"
#include "engine/io/intensity.h"
#include "engine/io/npy.h"
#include "engine/io/png_text.h"
#include "engine/io/volume_scan.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

void validate(const SlicesRequest& r) {
    if (r.input.empty()) throw Error(ErrorCode::InvalidArgument, "an input volume is required");
    if (r.outDir.empty()) throw Error(ErrorCode::InvalidArgument, "an output folder is required");
    requireOutputFolder(r.outDir);
}

// The 16-bit PNG of a slice: the volume's whole value range mapped onto 0..65535 (so that nothing
// is clipped), the mapping and the display window in text chunks.
void writeSlicePng(const std::string& path, const cv::Mat& slice, double lo, double hi,
                   const io::Window& window, const nlohmann::json& where) {
    const double scale = hi > lo ? (hi - lo) / 65535.0 : 1.0;
    cv::Mat u16;
    slice.convertTo(u16, CV_16U, 1.0 / scale, -lo / scale);
    nlohmann::json meta = where;
    meta["value_offset"] = lo;
    meta["value_scale"] = scale;  // physical value = value_offset + value_scale * pixel
    meta["window_center"] = 0.5 * (window.low + window.high);
    meta["window_width"] = window.high - window.low;
    io::writePng(path, u16, {{"Software", "MinorityLens"}, {"minoritylens", meta.dump()}});
}

SlicesResult slices(const SlicesRequest& req, ProgressSink& progress) {
    validate(req);
    const io::Volume v =
        io::loadVolumePath(req.input);  // refused inputs fail here, before anything is created
    StagingFolder out(req.outDir);
    const int64_t n = io::sliceCount(v, req.plane);
    std::vector<int64_t> keep;
    for (int64_t i = 0; i < n; ++i)
        if (!req.skipEmpty || !io::sliceIsConstant(v, req.plane, i)) keep.push_back(i);
    if (keep.empty())
        throw Error(ErrorCode::InvalidArgument,
                    req.input + " has no non-empty slice in the " + std::string(name(req.plane)) + " plane");
    SlicesResult res;
    res.storedOrientation = v.stored;
    float lo = 0, hi = 0;
    if (!v.data.empty()) {
        const auto [mn, mx] = std::minmax_element(v.data.begin(), v.data.end());
        lo = *mn;
        hi = *mx;
    }
    const cv::Mat all(1, static_cast<int>(v.data.size()), CV_32F, const_cast<float*>(v.data.data()));
    const io::Window preset = v.presets.empty() ? io::Window{}
                                                : io::Window{v.presets[0].center - v.presets[0].width / 2,
                                                             v.presets[0].center + v.presets[0].width / 2};
    const io::Window window = io::chooseWindow(req.window, all, v.presets.empty() ? nullptr : &preset);
    std::string csv = "index,plane,position_mm\n";
    io::NpyArray npy{"", io::DType::Float32, {}, {}};
    for (size_t k = 0; k < keep.size(); ++k) {
        throwIfCancelled(progress);
        const cv::Mat s = io::volumeSlice(v, req.plane, keep[k], req.convention);
        res.rows = s.rows;
        res.columns = s.cols;
        const double position = io::slicePosition(v, req.plane, keep[k]);
        char line[96];
        std::snprintf(line, sizeof line, "%lld,%s,%.4f\n", static_cast<long long>(keep[k]), name(req.plane),
                      position);
        csv += line;
        if (req.format == SliceFormat::Npy) {
            const auto* b = reinterpret_cast<const uint8_t*>(s.ptr<float>());
            npy.data.insert(npy.data.end(), b, b + s.total() * sizeof(float));
        } else {
            char file[32];
            std::snprintf(file, sizeof file, "slice_%04lld.png", static_cast<long long>(keep[k]));
            const nlohmann::json where = {{"index", keep[k]},
                                          {"plane", name(req.plane)},
                                          {"convention", name(req.convention)},
                                          {"position_mm", position}};
            writeSlicePng((fs::path(out.path()) / file).string(), s, lo, hi, window, where);
            res.pngs.push_back((fs::path(req.outDir) / file).string());
        }
        progress.report(static_cast<int64_t>(k + 1), static_cast<int64_t>(keep.size()), "slices");
    }
    if (req.format == SliceFormat::Npy) {
        npy.shape = {static_cast<int64_t>(keep.size()), res.rows, res.columns};
        io::writeNpy((fs::path(out.path()) / "slices.npy").string(), npy);
        res.npy = (fs::path(req.outDir) / "slices.npy").string();
    }
    writeFileAtomically((fs::path(out.path()) / "slices.csv").string(), csv);
    res.csv = (fs::path(req.outDir) / "slices.csv").string();
    out.commit();
    res.slices = static_cast<int64_t>(keep.size());
    spdlog::info("slices: {} {} slices of {} (stored {}) -> {}", res.slices, name(req.plane), req.input,
                 res.storedOrientation, req.outDir);
    return res;
}

}  // namespace

SlicesResult runSlices(const SlicesRequest& request, ProgressSink& progress) {
    return withContext("slicing " + request.input, [&] { return slices(request, progress); });
}

}  // namespace mlens
