#pragma once
// Image datasets: a folder scanned recursively, optional labels. Only ever read.
#include <cstdint>
#include <string>
#include <vector>

namespace mlens {

struct DatasetItem {
    std::string relativePath;  // '/'-separated, relative to the dataset root
    uint64_t size = 0;         // bytes
    int64_t mtimeNs = 0;       // last modification, ns since the epoch (file identity for caches)
    int label = -1;            // index into DatasetListing::labelNames, -1 when unlabelled
};

struct DatasetProblem {
    std::string path;    // relative path
    std::string reason;  // "empty file (0 bytes)", "truncated JPEG", ...
};

struct DatasetOptions {
    enum class Labels { None, Subfolders, Csv };
    Labels labels = Labels::None;
    std::string labelsCsv;  // Csv: lines "path,label" (path relative to the root; a header is allowed)
};

struct DatasetListing {
    std::string root;                     // absolute
    std::vector<DatasetItem> items;       // sorted by relativePath
    std::vector<std::string> labelNames;  // sorted; empty without labels
    std::vector<DatasetProblem> problems; // files the listing already knows it cannot use
};

// Lists png, jpg/jpeg, bmp, tif/tiff files (any case) below `root`, hidden entries skipped, without
// decoding anything (100k files list in well under a second). Throws Error(NotFound) when `root` is
// not a folder, Error(Format) for a malformed labels CSV.
DatasetListing scanDataset(const std::string& root, const DatasetOptions& options = {});

// Throws Error(InvalidArgument) when `folder` is, or lies inside, `datasetRoot`: MinorityLens never
// writes into a dataset.
void requireOutsideDataset(const std::string& folder, const std::string& datasetRoot);

}  // namespace mlens
