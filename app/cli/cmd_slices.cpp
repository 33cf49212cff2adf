#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/common.h"
#include "app/cli/terminal_progress.h"
#include "engine/api/volumes.h"

namespace mlens::cli {

int runSlicesCommand(const std::vector<std::string>& args) {
    SlicesRequest req;
    CommonOptions common;
    std::string window = "auto";
    ArgParser p(
        "minoritylens-cli slices",
        "Write a volume's slices as 3D Slicer and ITK-SNAP show them: reoriented to the closest canonical\n"
        "RAS axes (no resampling), axial seen from the feet, coronal from the front (the patient's right\n"
        "on the left in the radiological convention), sagittal from the patient's left; slices ordered\n"
        "inferior->superior, posterior->anterior, left->right; row 0 is the top of the screen. Values are\n"
        "physical (NIfTI scl_slope/scl_inter, DICOM RescaleSlope/RescaleIntercept). --format npy writes\n"
        "OUT/slices.npy (float32 [N, H, W]); png writes 16-bit OUT/slice_NNNN.png with the value mapping\n"
        "and the window in a text chunk; both write OUT/slices.csv (index, plane, position_mm).");
    p.option("in", "PATH", "a NIfTI file, a DICOM file or a folder of one DICOM series (required)",
             &req.input);
    p.option("out", "DIR", "a new or empty output folder (required)", &req.outDir);
    p.choice("plane", "slice plane", &req.plane);
    p.choice("convention", "display convention", &req.convention);
    p.choice("format", "output format", &req.format);
    p.flag("skip-empty", "leave out constant slices", &req.skipEmpty);
    p.option("window", "W", "display window stored with PNGs: auto, dicom or CENTER,WIDTH", &window);
    common.addTo(p, /*withDevice=*/false);
    if (!p.parse(args)) return 0;
    if (req.input.empty()) throw UsageError("--in is required");
    if (req.outDir.empty()) throw UsageError("--out is required");
    req.window = parseWindowOption(window);
    common.apply();
    TerminalProgress progress(common.quiet || common.json);
    const SlicesResult r = runSlices(req, progress);
    progress.finish();
    if (common.json) {
        std::cout << nlohmann::json{{"slices", r.slices},   {"rows", r.rows},
                                    {"columns", r.columns}, {"stored_orientation", r.storedOrientation},
                                    {"npy", r.npy},         {"csv", r.csv},
                                    {"pngs", r.pngs.size()}}
                         .dump(1)
                  << "\n";
    } else if (!common.quiet) {
        std::printf("%lld %s slices of %d x %d (stored %s) -> %s\n", static_cast<long long>(r.slices),
                    name(req.plane), r.columns, r.rows, r.storedOrientation.c_str(), req.outDir.c_str());
    }
    return 0;
}

}  // namespace mlens::cli
