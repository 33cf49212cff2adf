#include "widgets/gallery_export.h"

#include <QBuffer>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QTextStream>

#include <cmath>

#include "engine/api/dataset.h"
#include "engine/api/error.h"
#include "engine/api/workspace.h"
#include "widgets/image_convert.h"
#include "widgets/windowing.h"

namespace mlens {
namespace widgets {

namespace {

QString csvQuote(const QString& s) {
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n')))
        return s;
    QString q = s;
    q.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

QString tagText(quint32 tags) {
    QStringList t;
    if (tags & TagRare) t << QStringLiteral("rare");
    if (tags & TagArtifact) t << QStringLiteral("artifact");
    if (tags & TagReview) t << QStringLiteral("review");
    return t.join(QLatin1Char(';'));
}

void writeText(const QString& path, const QString& text) {
    QSaveFile f(path);  // atomic: written to a temporary, renamed on commit
    if (!f.open(QIODevice::WriteOnly | QIODevice::Text))
        throw Error(ErrorCode::Io, "cannot write " + path.toStdString());
    f.write(text.toUtf8());
    if (!f.commit()) throw Error(ErrorCode::Io, "cannot write " + path.toStdString());
}

}  // namespace

GalleryExportResult exportGallery(const std::vector<GalleryRecord>& records,
                                  std::shared_ptr<const DatasetReader> reader, const QString& root,
                                  const QList<int>& rowsIn, const GalleryExportOptions& o,
                                  ProgressSink& progress) {
    requireOutsideDataset(o.folder.toStdString(), root.toStdString());  // before anything is created
    QDir out(o.folder);
    if (!out.mkpath(QStringLiteral(".")))
        throw Error(ErrorCode::Io, "cannot create " + o.folder.toStdString());
    const QList<int> rows = o.topK > 0 ? rowsIn.mid(0, o.topK) : rowsIn;
    GalleryExportResult res;
    QString manifest = o.deidentify ? QStringLiteral("rank,file,score,class,tags,note,sha256\n")
                                    : QStringLiteral("rank,file,score,class,tags,note,source\n");
    struct Entry {
        QImage thumb;
        QString caption, file, score, cls, id;
    };
    std::vector<Entry> entries;
    int position = 0;
    for (int row : rows) {
        throwIfCancelled(progress);
        const GalleryRecord& r = records[static_cast<size_t>(row)];
        const QString source = QDir(root).filePath(r.path);
        ItemImage item;
        if (reader && r.id >= 0 && static_cast<size_t>(r.id) < reader->size())
            item = reader->read(static_cast<size_t>(r.id));
        else
            item.error = "not in the dataset any more";
        const cv::Mat& img = item.pixels;
        ++position;
        if (!item.ok()) {
            res.skipped << r.path + QStringLiteral(": ") + QString::fromStdString(item.error);
            continue;
        }
        const QString hash =
            o.deidentify ? QString::fromStdString(fileSha256(source.toStdString())) : QString();
        const QString score = std::isnan(r.score) ? QString() : QString::number(r.score, 'g', 8);
        const QString stem = QStringLiteral("%1_%2")
                                 .arg(position, 4, 10, QLatin1Char('0'))
                                 .arg(o.deidentify ? hash.left(16) : score);
        const QString file = stem + QStringLiteral(".png");
        if (o.images) {
            writePngImage(out.filePath(file).toStdString(),
                          img.depth() == CV_32F ? item.display : img);  // 16-bit stays 16-bit
            res.files << out.filePath(file);
        }
        manifest += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n")
                        .arg(position)
                        .arg(csvQuote(file), score, r.cls >= 0 ? QString::number(r.cls) : QString(),
                             tagText(r.tags), csvQuote(r.note), o.deidentify ? hash : csvQuote(r.path));
        const cv::Mat& display = item.display;
        Entry e;
        e.thumb =
            toQImage(display).scaled(o.sheetTile, o.sheetTile, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        e.caption = QStringLiteral("#%1  %2").arg(position).arg(score.left(7));
        e.file = file;
        e.score = score;
        e.cls = r.cls >= 0 ? QString::number(r.cls) : QString();
        e.id = o.deidentify ? hash.left(16) : r.path;
        entries.push_back(e);
        ++res.exported;
        progress.report(position, rows.size(), "exporting");
    }
    if (o.manifest) {
        res.manifest = out.filePath(QStringLiteral("manifest.csv"));
        writeText(res.manifest, manifest);
    }
    if (o.contactSheet && !entries.empty()) {
        const int cols = std::max(1, o.sheetColumns), tile = o.sheetTile, pad = 6, captionH = 18;
        const int rowsN = (static_cast<int>(entries.size()) + cols - 1) / cols;
        QImage sheet(cols * (tile + pad) + pad, rowsN * (tile + pad + captionH) + pad, QImage::Format_RGB32);
        sheet.fill(Qt::white);
        QPainter p(&sheet);
        p.setPen(Qt::black);
        for (size_t i = 0; i < entries.size(); ++i) {
            const int x = pad + static_cast<int>(i % cols) * (tile + pad),
                      y = pad + static_cast<int>(i / cols) * (tile + pad + captionH);
            const QImage& t = entries[i].thumb;
            p.drawImage(QPoint(x + (tile - t.width()) / 2, y + (tile - t.height()) / 2), t);
            p.drawText(QRect(x, y + tile, tile, captionH), Qt::AlignCenter, entries[i].caption);
        }
        p.end();
        res.contactSheet = out.filePath(QStringLiteral("contact_sheet.png"));
        QSaveFile f(res.contactSheet);
        if (!f.open(QIODevice::WriteOnly) || !sheet.save(&f, "PNG") || !f.commit())
            throw Error(ErrorCode::Io, "cannot write " + res.contactSheet.toStdString());
    }
    if (o.html) {
        QString html = QStringLiteral(
                           "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>MinorityLens ranked "
                           "gallery</title>\n"
                           "<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}"
                           "td,th{padding:4px 10px;border-bottom:1px solid #ddd;"
                           "text-align:left}img{image-rendering:pixelated;width:96px}</style></head><body>\n"
                           "<h1>Ranked by minority score</h1>\n<p>%1 images, highest score "
                           "first.</p>\n<table><tr><th>rank</th><th>image</th><th>score</th>"
                           "<th>class</th><th>%2</th></tr>\n")
                           .arg(entries.size())
                           .arg(o.deidentify ? QStringLiteral("content hash") : QStringLiteral("file"));
        for (size_t i = 0; i < entries.size(); ++i) {
            QByteArray png;
            QBuffer buf(&png);
            buf.open(QIODevice::WriteOnly);
            entries[i].thumb.save(&buf, "PNG");
            html += QStringLiteral(
                        "<tr><td>%1</td><td><img src=\"data:image/png;base64,%2\" "
                        "alt=\"%3\"></td><td>%4</td><td>%5</td><td>%6</td></tr>\n")
                        .arg(i + 1)
                        .arg(QString::fromLatin1(png.toBase64()), entries[i].file.toHtmlEscaped(),
                             entries[i].score, entries[i].cls, entries[i].id.toHtmlEscaped());
        }
        html += QStringLiteral("</table></body></html>\n");
        res.html = out.filePath(QStringLiteral("index.html"));
        writeText(res.html, html);
    }
    return res;
}

}  // namespace widgets
}  // namespace mlens
