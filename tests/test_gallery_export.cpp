// Exporting the ranked gallery: PNGs named by rank and score (16-bit kept), a CSV manifest, a contact
// sheet and a self-contained HTML page; de-identified exports carry hashes, never paths; nothing is
// ever written into the dataset, and unreadable images are listed, not fatal.
#include <QtTest/QtTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/api/error.h"
#include "widgets/gallery_export.h"

using namespace mlens::widgets;

namespace {
struct NullProgress final : mlens::ProgressSink {
    void report(int64_t, int64_t, const std::string&) override {}
    bool cancelRequested() const override { return false; }
};

QString readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

struct Fixture {
    QTemporaryDir data, out;
    std::vector<GalleryRecord> records;
    std::shared_ptr<const mlens::DatasetReader> reader;
    Fixture() {
        QDir(data.path()).mkpath(QStringLiteral("patient_0042"));
        cv::Mat a(40, 40, CV_8UC1, cv::Scalar(30)), b(40, 40, CV_16UC1, cv::Scalar(40000)),
            c(20, 30, CV_8UC3, cv::Scalar(0, 0, 255));
        cv::imwrite((data.path() + "/patient_0042/slice_a.png").toStdString(), a);
        cv::imwrite((data.path() + "/patient_0042/slice_b.png").toStdString(), b);
        cv::imwrite((data.path() + "/c, with comma.png").toStdString(), c);
        QFile bad(data.path() + QStringLiteral("/broken.png"));
        bad.open(QIODevice::WriteOnly);
        bad.write("\x89PNG\r\n");
        const struct {
            const char* path;
            double score;
            int cls;
            quint32 tags;
        } rows[] = {{"patient_0042/slice_a.png", 0.25, 0, 0},
                    {"patient_0042/slice_b.png", 0.75, 1, TagRare},
                    {"c, with comma.png", 0.5, 1, 0},
                    {"broken.png", 0.9, 1, 0}};
        reader = std::make_shared<const mlens::DatasetReader>(mlens::scanDataset(data.path().toStdString()));
        auto idOf = [&](const char* path) {  // a record's id is its index in the dataset listing
            const auto& items = reader->listing().items;
            for (size_t i = 0; i < items.size(); ++i)
                if (items[i].relativePath == path) return static_cast<qint64>(i);
            return qint64{-1};
        };
        for (const auto& r : rows) {
            GalleryRecord g;
            g.id = idOf(r.path);
            g.path = QString::fromLatin1(r.path);
            g.score = r.score;
            g.cls = r.cls;
            g.tags = r.tags;
            records.push_back(g);
        }
        records[1].note = QStringLiteral("enlarged ventricles");
    }
};
}  // namespace

class TestGalleryExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void exportsRankedFilesManifestSheetAndHtml() {
        Fixture f;
        GalleryExportOptions o;
        o.folder = f.out.filePath(QStringLiteral("export"));
        NullProgress progress;
        // rank order of the view: broken (0.9), b (0.75), c (0.5), a (0.25)
        const GalleryExportResult r =
            exportGallery(f.records, f.reader, f.data.path(), {3, 1, 2, 0}, o, progress);
        QCOMPARE(r.exported, 3);
        QCOMPARE(r.skipped.size(), 1);
        QVERIFY(r.skipped.front().startsWith(QStringLiteral("broken.png: ")));
        QCOMPARE(r.files.size(), 3);
        QVERIFY(QFile::exists(o.folder + QStringLiteral("/0002_0.75.png")));  // rank 1 was unreadable
        QVERIFY(QFile::exists(o.folder + QStringLiteral("/0003_0.5.png")));
        const cv::Mat b =
            cv::imread((o.folder + QStringLiteral("/0002_0.75.png")).toStdString(), cv::IMREAD_UNCHANGED);
        QCOMPARE(b.depth(), CV_16U);  // 16-bit stays 16-bit
        QCOMPARE(b.at<uint16_t>(0, 0), uint16_t(40000));

        const QStringList manifest = readAll(r.manifest).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(manifest.size(), 4);
        QCOMPARE(manifest[0], QStringLiteral("rank,file,score,class,tags,note,source"));
        QCOMPARE(manifest[1],
                 QStringLiteral("2,0002_0.75.png,0.75,1,rare,enlarged ventricles,patient_0042/slice_b.png"));
        QCOMPARE(manifest[2], QStringLiteral("3,0003_0.5.png,0.5,1,,,\"c, with comma.png\""));

        const QImage sheet(r.contactSheet);
        QVERIFY(!sheet.isNull());
        QVERIFY(sheet.width() >= 3 * 128);
        const QString html = readAll(r.html);
        QCOMPARE(html.count(QStringLiteral("data:image/png;base64,")), 3);  // self-contained
        QVERIFY(!html.contains(QStringLiteral("src=\"http")));
        QVERIFY(html.contains(QStringLiteral("patient_0042/slice_b.png")));
    }

    void deidentifiedExportsCarryNoPaths() {
        Fixture f;
        GalleryExportOptions o;
        o.folder = f.out.filePath(QStringLiteral("deid"));
        o.deidentify = true;
        o.topK = 2;
        NullProgress progress;
        const GalleryExportResult r =
            exportGallery(f.records, f.reader, f.data.path(), {1, 2, 0}, o, progress);
        QCOMPARE(r.exported, 2);
        for (const QString& file : QDir(o.folder).entryList(QDir::Files))
            QVERIFY2(!file.contains(QStringLiteral("slice")), qPrintable(file));
        for (const QString& text : {readAll(r.manifest), readAll(r.html)}) {
            QVERIFY(!text.contains(QStringLiteral("patient_0042")));
            QVERIFY(!text.contains(QStringLiteral("slice_")));
        }
        QVERIFY(readAll(r.manifest).startsWith(QStringLiteral("rank,file,score,class,tags,note,sha256\n")));
        const QString hash = readAll(r.manifest).split(QLatin1Char('\n'))[1].section(QLatin1Char(','), -1);
        QCOMPARE(hash.size(), 64);  // SHA-256 of the file's content
        QVERIFY(QFile::exists(o.folder + QStringLiteral("/0001_") + hash.left(16) + QStringLiteral(".png")));
    }

    void neverWritesIntoTheDataset() {
        Fixture f;
        GalleryExportOptions o;
        o.folder = f.data.filePath(QStringLiteral("patient_0042/export"));
        NullProgress progress;
        QVERIFY_THROWS_EXCEPTION(mlens::Error,
                                 exportGallery(f.records, f.reader, f.data.path(), {0}, o, progress));
        QVERIFY(!QFileInfo::exists(o.folder));
    }
};

QTEST_MAIN(TestGalleryExport)
#include "test_gallery_export.moc"
