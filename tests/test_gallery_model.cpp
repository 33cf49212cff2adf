// The gallery's item model: ranks, roles, annotations, and thumbnails from the cache only.
#include <QSignalSpy>
#include <QtTest/QtTest>

#include <cmath>
#include <limits>

#include "widgets/gallery_model.h"

using namespace mlens::widgets;

namespace {
GalleryRecord rec(qint64 id, const QString& path, double score, int cls = -1) {
    GalleryRecord r;
    r.id = id;
    r.path = path;
    r.score = score;
    r.cls = cls;
    return r;
}
const double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

class TestGalleryModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ranksFollowScoresAndSkipUnscored() {
        ThumbnailCache cache(1 << 20);
        GalleryModel m(&cache);
        m.setRecords({rec(10, "a.png", 0.2), rec(11, "b.png", kNaN), rec(12, "sub/c.png", 0.9, 1),
                      rec(13, "d.png", 0.5)});
        QCOMPARE(m.rowCount(), 4);
        QCOMPARE(m.record(2).rank, 1);
        QCOMPARE(m.record(3).rank, 2);
        QCOMPARE(m.record(0).rank, 3);
        QCOMPARE(m.record(1).rank, 0);  // unscored: no rank
        QCOMPARE(m.rowOf(12), 2);
        QCOMPARE(m.rowOf(99), -1);
        const QModelIndex c = m.index(2);
        QCOMPARE(c.data(Qt::DisplayRole).toString(), QStringLiteral("c.png"));
        QCOMPARE(c.data(GalleryModel::PathRole).toString(), QStringLiteral("sub/c.png"));
        QCOMPARE(c.data(GalleryModel::ScoreRole).toDouble(), 0.9);
        QCOMPARE(c.data(GalleryModel::ClassRole).toInt(), 1);
        QVERIFY(c.data(Qt::ToolTipRole).toString().contains(QStringLiteral("rank 1")));
        m.setRoot(QStringLiteral("/data/set"));
        QCOMPARE(m.absolutePath(2), QStringLiteral("/data/set/sub/c.png"));
    }

    void thumbnailsComeFromTheCacheOnly() {
        ThumbnailCache cache(1 << 20);
        GalleryModel m(&cache);
        m.setRecords({rec(1, "a.png", 1.0), rec(2, "b.png", 2.0)});
        m.setBucket(1);
        QVERIFY(m.index(0).data(GalleryModel::ThumbnailRole).value<QImage>().isNull());
        QImage small(64, 64, QImage::Format_RGB32);
        small.fill(Qt::red);
        cache.insert(1, 0, small);  // another size is shown until the right one arrives
        QCOMPARE(m.index(0).data(GalleryModel::ThumbnailRole).value<QImage>().size(), QSize(64, 64));
        QImage right(128, 100, QImage::Format_RGB32);
        right.fill(Qt::blue);
        cache.insert(1, 1, right);
        QCOMPARE(m.index(0).data(GalleryModel::ThumbnailRole).value<QImage>().size(), QSize(128, 100));
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        m.thumbnailArrived(2, 1);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 1);
        m.thumbnailArrived(77, 1);  // no such image: nothing
        QCOMPARE(changed.count(), 1);
    }

    void annotationsSignalOnlyOnChange() {
        ThumbnailCache cache(1 << 20);
        GalleryModel m(&cache);
        m.setRecords({rec(1, "a.png", 1.0)});
        QSignalSpy saved(&m, &GalleryModel::annotationsChanged);
        m.setTags(0, TagRare | TagReview);
        m.setTags(0, TagRare | TagReview);
        m.setNote(0, QStringLiteral("check the left ventricle"));
        m.setTags(5, TagRare);  // out of range: ignored
        QCOMPARE(saved.count(), 2);
        QCOMPARE(m.index(0).data(GalleryModel::TagsRole).toUInt(), quint32(TagRare | TagReview));
        QCOMPARE(m.index(0).data(GalleryModel::NoteRole).toString(),
                 QStringLiteral("check the left ventricle"));
    }

    void hundredThousandRecordsRankQuickly() {
        // Correctness at scale (the timing lives in bench_gallery): every score gets a distinct rank.
        ThumbnailCache cache(1 << 20);
        GalleryModel m(&cache);
        std::vector<GalleryRecord> records;
        for (int i = 0; i < 100000; ++i)
            records.push_back(rec(i, QStringLiteral("img_%1.png").arg(i), std::sin(i * 0.37) + i * 1e-7));
        m.setRecords(std::move(records));
        std::vector<int> seen(100001, 0);
        for (const auto& r : m.records())
            ++seen[static_cast<size_t>(r.rank)];
        QCOMPARE(seen[0], 0);
        for (int k = 1; k <= 100000; ++k)
            QCOMPARE(seen[static_cast<size_t>(k)], 1);
    }
};

QTEST_MAIN(TestGalleryModel)
#include "test_gallery_model.moc"
