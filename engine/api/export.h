#pragma once
// Exporting a ranked gallery from a workspace: the images as PNGs named by rank and score (or by
// random pseudonyms when de-identified), a CSV manifest, a contact sheet and a self-contained HTML
// page, written into a staging folder renamed into place (a cancelled or failed export leaves
// nothing). Shared by the GUI and the CLI.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "engine/api/dataset.h"
#include "engine/api/progress.h"

namespace mlens {

// Which images: an explicit list (the GUI's view or selection, in its order), or every scored image
// in rank order (highest minority score first) that passes the filter.
struct ExportFilter {
    double minScore = -std::numeric_limits<double>::infinity();
    double maxScore = std::numeric_limits<double>::infinity();
    std::vector<int> classes;  // ordinal classes to keep; empty = all
    uint32_t tags = 0;  // keep images with any of these tags (1 rare, 2 artifact, 4 review later); 0 = all
    std::string pathContains;  // substring of the item's name; empty = all
};

struct ExportRequest {
    std::string workspace;
    DatasetSpec dataset;             // read when the workspace has not been scored (no scores.json)
    std::string outDir;              // a new (or empty) folder, never inside the dataset
    std::vector<std::string> items;  // explicit images, in this order; empty: rank order with the filter
    ExportFilter filter;
    int topK = 0;  // the first K only; 0 = all
    // De-identification (DICOM PS3.15 Annex E, Basic Application Level Confidentiality Profile, in
    // spirit): files renamed to random pseudonyms; no patient, institution, date, UID or header text,
    // no source file or folder names, no content hashes; notes left out unless includeNotes.
    bool deidentify = false;
    std::string keyFile;  // with deidentify: pseudonym -> image, written here (never inside the export)
    bool includeNotes = false;
    bool images = true, manifest = true, contactSheet = true, html = true;
    int sheetTile = 128, sheetColumns = 8;
};

struct ExportResult {
    int exported = 0;
    std::vector<std::string> files;  // exported image files (in the final folder)
    std::string manifest, manifestJson, contactSheet, html, keyFile;
    std::vector<std::string> skipped;        // "image: reason"
    std::vector<std::string> removedFields;  // de-identified: what the sources held and the export left out
};

ExportResult runExport(const ExportRequest& request, ProgressSink& progress);

}  // namespace mlens
