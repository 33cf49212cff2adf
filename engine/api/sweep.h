#pragma once
// A classes x scales sweep of minority guidance (the paper's grids): every cell samples the same
// seeds, so a row shows one noise guided towards each class at one scale. Each distinct cell is
// sampled once: at scale 0 the class does not matter, so that row is one run shown in every column.
#include <functional>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/api/progress.h"
#include "engine/api/sampling.h"

namespace mlens {

struct SweepSpec {
    std::vector<int> classes;    // target classes, the grid's columns
    std::vector<double> scales;  // guidance scales, the grid's rows (0 = the unguided samples)
    int perCell = 1;             // samples per cell (seeds S .. S + perCell - 1)
};

// Five classes spread over 0 .. L-1 (fewer when L < 5) and the scales 0, w/2, w, 2w.
SweepSpec defaultSweep(int numClasses, double scale);
// "classes=0,4,9,scales=0,1.5,3[,per-cell=2]": a token with '=' starts a key, the plain tokens after
// it are its values. Classes are integers >= 0 (below numClasses when that is > 0), scales finite
// and >= 0, per-cell 1..16, at most 256 cells. Throws Error(InvalidArgument) with one line.
SweepSpec parseSweepSpec(const std::string& text, int numClasses = 0);
// The checks parseSweepSpec makes on the numbers, for a spec built in code.
void validateSweepSpec(const SweepSpec& spec, int numClasses = 0);
std::string formatSweepSpec(const SweepSpec& spec);  // parseSweepSpec's syntax, round-trips

struct SweepResult {
    SweepSpec spec;
    // Row-major cells (scale row, class column), perCell images each: cell (r, c) holds
    // images[(r * classes + c) * perCell + k].
    std::vector<cv::Mat> images;
    int runs = 0;            // distinct sampling runs (a scale-0 row counts once)
    std::string parameters;  // the sweep and the base request as JSON (the grid PNG's text chunk)
};

// The distinct runs of a sweep in order; each lists the cells it fills.
struct SweepRun {
    int targetClass = 0;
    double scale = 0;
    std::vector<int> cells;  // row * classes + column
};
std::vector<SweepRun> sweepRuns(const SweepSpec& spec);

// Samples every distinct cell with `base` (its classifier, seed, sampler, steps; numSamples and
// target class are set per run) through `session`, one progress over all runs. Every class is
// checked against the classifier before the first run. onCell, when given, receives each cell as it
// is done (on the calling thread). Throws Error / Cancelled like runSample.
SweepResult runSweep(SamplingSession& session, const SampleRequest& base, const SweepSpec& spec,
                     ProgressSink& progress,
                     const std::function<void(int cell, const std::vector<cv::Mat>& images)>& onCell = {});

// The grid as one PNG (row labels w=..., column labels class ..., a title with the seed and steps),
// the parameters in a tEXt chunk; written atomically. Throws Error(Io) naming the file.
void writeSweepGrid(const SweepResult& result, const std::string& path);

// What `sample --sweep` writes: OUT/sweep.png (writeSweepGrid) and OUT/sweep.npz with arr_0 the
// samples (uint8 NHWC, RGB) in cell order, arr_1 each sample's target class (int64; -1 on a scale-0
// row) and arr_2 its guidance scale (float64). Both atomic. Returns the two paths.
std::vector<std::string> writeSweep(const SweepResult& result, const std::string& outDir);

}  // namespace mlens
