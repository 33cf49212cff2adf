#pragma once
// Reading a workspace (what score / classes / train-classifier / sample wrote) for the GUI and
// scripts. No torch types; images cross as cv::Mat.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/api/dataset.h"
#include "engine/api/specs.h"

namespace mlens {

struct ImageRecord {
    int64_t id = 0;                 // stable index in the dataset listing
    std::string path;               // relative to the dataset root
    double score = 0;               // minority score; NaN when not scored (yet)
    std::vector<double> distances;  // per draw
    int cls = -1;                   // ordinal minority class; -1 without classes
    std::string label;              // dataset label, if any
    int32_t source = -1;            // the volume (or other source) it is a slice of; -1 for an image file
    int32_t frame = -1;             // its slice (or frame) in that source
};

struct WorkspaceData {
    std::string workspace;
    DatasetSpec dataset;                          // what was scanned (dataset.path: the folder or file)
    std::string dataRoot;                         // the folder item paths are relative to
    std::shared_ptr<const DatasetReader> reader;  // decodes the records' images (record id = listing index)
    std::vector<ImageRecord> records;             // every listed image, scored or not, in listing order
    bool scored = false, hasClasses = false, hasMaps = false;
    int numClasses = 0;
    std::vector<double> thresholds;
    std::string backbone;              // model path recorded by score
    int scoredT = -1;                  // the noise step the scores were measured at (-1: not scored)
    MinorityScoreParams scoreParams;   // as the scores were measured
    std::string classifier;            // WS/classifier/classifier.safetensors when it exists
    std::string classifierMetrics;     // WS/classifier/metrics.jsonl when it exists
    std::string scoreParameters;       // scores.json, as text (shown to the user, never parsed by the GUI)
    std::vector<std::string> skipped;  // "path: reason": scan problems first, then unreadable images
    int64_t notListed = 0;             // how many of `skipped` are not images (links, loops, FIFOs, ...)
};

// An existing workspace. Throws Error(NotFound / Format).
WorkspaceData loadWorkspace(const std::string& workspace);
// A dataset that has not been scored: every image, unscored.
WorkspaceData datasetOnly(const DatasetSpec& dataset);

// The image of a record (ImageRecord::id), windowed as it is scored; error set when unreadable.
ItemImage readRecordImage(const WorkspaceData& workspace, int64_t id);
// The per-pixel "why rare" map (float32) and the reconstruction written by score --spatial-maps;
// empty when absent.
cv::Mat readDistanceMap(const std::string& workspace, const std::string& relativePath);
cv::Mat readReconstruction(const std::string& workspace, const std::string& relativePath);

// Writes an 8- or 16-bit image as PNG with optional text chunks (key, value), atomically.
void writePngImage(const std::string& path, const cv::Mat& image,
                   const std::vector<std::pair<std::string, std::string>>& text = {});
// SHA-256 of a file's content, hex (for de-identified exports).
std::string fileSha256(const std::string& path);

}  // namespace mlens
