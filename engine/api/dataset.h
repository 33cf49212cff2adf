#pragma once
// Image datasets: a folder scanned recursively, or one file, holding images (png, jpg, bmp, tif),
// IDX arrays (torchvision's MNIST family), NIfTI volumes and DICOM series. Every 2-D image is an
// item: a file, an image of an IDX array, or a slice of a volume. Optional labels, an optional
// long-tailed subset, and the rule that turns an item into model input. Only ever read.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/api/choices.h"

namespace mlens {

// How 16-bit and physical-valued (NIfTI, DICOM) intensities become display and model values; 8-bit
// images are used as stored. Auto: a robust percentile window per volume (per image for 2-D files).
struct IntensityWindow {
    WindowMode mode = WindowMode::Auto;
    double lowPercent = 0.5, highPercent = 99.5;  // Auto
    double center = 0, width = 0;                 // Fixed (physical units); Dicom: the file's first preset
};

// A CIFAR-10-LT style subset (Cao et al. 2019): class c of a seeded order keeps
// floor(maxPerClass * imbalance^(-c/(C-1))) images, drawn by a seeded shuffle.
struct LongTailProfile {
    double imbalance = 0;     // n_max / n_min; 0 = the whole dataset
    int64_t maxPerClass = 0;  // 0: the largest class's count
    uint64_t seed = 0;        // class order and which images are kept
};

struct DatasetSpec {
    std::string path;  // folder, or one file (IDX images, NIfTI, DICOM)
    LabelSource labels = LabelSource::None;
    std::string labelsCsv;         // Csv: lines "item,label" (relative to the root; a header is allowed)
    Plane plane = Plane::Axial;    // slices taken from volumes
    bool keepEmptySlices = false;  // empty (constant) slices are skipped by default
    LongTailProfile longTail;
    IntensityWindow window;
    Fit fit = Fit::Crop;  // Crop: guided-diffusion's resize + centre crop; Pad: centre on a black canvas
};

enum class SourceKind { Image, Idx, Nifti, DicomSeries, DicomImage };

// A file (or DICOM series) that holds several items.
struct DatasetSource {
    std::string relativePath;  // the file, or a DICOM series' folder + "/series-N"
    SourceKind kind = SourceKind::Idx;
    uint64_t size = 0;               // bytes (all files of a series)
    int64_t mtimeNs = 0;             // newest file
    std::vector<std::string> files;  // DICOM: its files (relative), a series in slice order
    int64_t frames = 0;              // images (IDX, DICOM frames) or slices in the plane
    Plane plane = Plane::Axial;      // volumes: the plane of their items (a single slice keeps its own)
    std::vector<double> positions;   // volumes: position (mm) of each slice along the plane's axis
    std::string description;         // for people: "MR series 3, 176 file(s), 256 x 256 x 176 volume"
};

struct DatasetItem {
    // The item's name: a file's path, or "<source>#<index>" for an image of a source.
    std::string relativePath;
    uint64_t size = 0;    // bytes of the file (or source) it comes from
    int64_t mtimeNs = 0;  // last modification, ns since the epoch (file identity for caches)
    int label = -1;       // index into DatasetListing::labelNames, -1 when unlabelled
    int32_t source = -1;  // index into DatasetListing::sources; -1: relativePath is an image file
    int32_t frame = -1;   // image (IDX) or slice index within the source
};

struct DatasetProblem {
    std::string path;    // relative path
    std::string reason;  // "empty file (0 bytes)", "truncated JPEG", ...
};

// Problems grouped by the kind of their reason ("truncated JPEG", "broken link", numbers as "N"),
// most frequent first: the one-screen summary of what was skipped.
std::vector<std::pair<std::string, int64_t>> summarizeProblems(const std::vector<DatasetProblem>& problems);

struct DatasetListing {
    std::string root;                // absolute folder (a file dataset: its folder)
    DatasetSpec spec;                // what was scanned
    std::vector<DatasetItem> items;  // sorted by relativePath
    std::vector<DatasetSource> sources;
    std::vector<std::string> labelNames;   // sorted; empty without labels
    std::vector<DatasetProblem> problems;  // files the listing already knows it cannot use
    int64_t dropped = 0;                   // items left out by the long-tail profile
    std::vector<int> longTailOrder;  // label indices from the largest class to the smallest (with a profile)
};

// Lists the items below spec.path (hidden entries skipped) without decoding images (100k files list
// in well under a second; IDX and volume headers are read). Throws Error(NotFound) when the path does
// not exist, Error(Format) for a malformed labels CSV, Error(InvalidArgument) for a long-tail profile
// without labels.
DatasetListing scanDataset(const DatasetSpec& spec);
// A folder of plain images, no labels.
DatasetListing scanDataset(const std::string& root);

// The folder a dataset occupies: spec.path itself, or the folder of a file dataset.
std::string datasetFolder(const std::string& path);

// Throws Error(InvalidArgument) with one line when `folder` exists and is not a folder, or cannot be
// created (its nearest existing ancestor is a file), and Error(Io) when it is not writable: checked
// before any work, so that no run ends by failing to write its results.
void requireOutputFolder(const std::string& folder);

// Throws Error(InvalidArgument) when `folder` is, or lies inside, the dataset's folder: MinorityLens
// never writes into a dataset.
void requireOutsideDataset(const std::string& folder, const std::string& datasetPath);

// One decoded item.
// A window the viewer offers for an item (windowPresets): as scored, one the file stores (DICOM
// Window Center/Width, named by its explanation), the full range, or a pair of percentiles.
struct WindowPreset {
    enum class Kind { Scored, File, FullRange, Percentiles };
    Kind kind = Kind::Scored;
    std::string name;                          // File: the file's explanation (may be empty)
    double lowPercent = 0, highPercent = 100;  // Percentiles
    double low = 0, high = 255;                // the pixel values mapped to black and white
};

struct ItemImage {
    // As stored: CV_8U / CV_16U (1, 3 BGR or 4 BGRA channels), or CV_32F in physical units.
    cv::Mat pixels;
    cv::Mat display;  // CV_8U, 1 or 3 channels: the windowed image that is shown AND scored
    double windowLow = 0, windowHigh = 255;  // the pixel values mapped to 0 and 255 (8-bit: 0, 255)
    std::string error;                       // why the item cannot be used; pixels empty then
    // Header fields of its file that could identify a patient and are set (names only, never values).
    std::vector<std::string> identifyingFields;
    std::vector<WindowPreset> fileWindows;  // windows its file stores (DICOM), as low / high
    bool ok() const { return error.empty(); }
};

// The windows a viewer offers for an item, in this order: as scored, the file's own, the full range,
// 1-99 % and 0.1-99.9 % of its pixel values (all channels together). Empty for an unreadable item.
std::vector<WindowPreset> windowPresets(const ItemImage& item);

// The one intensity rule, for displays that let the user move the window: pixels (any depth) mapped
// so that `low` -> 0 and `high` -> 255, rounded and clamped; alpha dropped. ItemImage::display is
// this with the item's window.
cv::Mat applyIntensityWindow(const cv::Mat& pixels, double low, double high);

// The orientation letters at the left, right, top and bottom edges of item `index` as it is shown
// ("RLAP" for an axial slice in the radiological convention); empty for images without anatomy.
std::string itemOrientation(const DatasetListing& listing, size_t index);

// Decodes items of a listing. Thread-safe; keeps recently used sources (IDX arrays, volumes) in a
// cache bounded by `cacheBytes`.
class DatasetReader {
public:
    explicit DatasetReader(DatasetListing listing, size_t cacheBytes = size_t{512} << 20);
    ~DatasetReader();
    DatasetReader(const DatasetReader&) = delete;
    DatasetReader& operator=(const DatasetReader&) = delete;

    const DatasetListing& listing() const;
    size_t size() const { return listing().items.size(); }
    // Never throws for bad content; the reason goes into ItemImage::error.
    ItemImage read(size_t index) const;

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

}  // namespace mlens
