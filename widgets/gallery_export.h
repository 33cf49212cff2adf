#pragma once
// Exporting a ranked gallery: the images as PNGs named by rank and score (or by content hash for
// de-identified clinical exports), a CSV manifest, a contact sheet and a self-contained HTML page.
// Runs off the GUI thread (no widgets used).
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

#include "engine/api/dataset.h"
#include "engine/api/progress.h"
#include "widgets/gallery_model.h"

namespace mlens {
namespace widgets {

struct GalleryExportOptions {
    QString folder;
    int topK = 0;             // 0: every row given
    bool deidentify = false;  // file names and manifest carry content hashes, never paths
    bool images = true, manifest = true, contactSheet = true, html = true;
    int sheetTile = 128, sheetColumns = 8;
};

struct GalleryExportResult {
    int exported = 0;
    QStringList files;  // exported image files
    QString manifest, contactSheet, html;
    QStringList skipped;  // unreadable images
};

// rows: source rows of `model` in the order to export (rank order of the current view). The model
// is only read; call from one thread at a time.
GalleryExportResult exportGallery(const std::vector<GalleryRecord>& records,
                                  std::shared_ptr<const DatasetReader> reader, const QString& root,
                                  const QList<int>& rows, const GalleryExportOptions& options,
                                  ProgressSink& progress);

}  // namespace widgets
}  // namespace mlens
