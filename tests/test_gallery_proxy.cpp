// Sorting by minority score either way (unscored last), and filtering by range, class, tag and text.
#include <QSignalSpy>
#include <QtTest/QtTest>

#include <cmath>
#include <limits>

#include "widgets/gallery_model.h"
#include "widgets/gallery_proxy.h"

using namespace mlens::widgets;

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<GalleryRecord> records() {
    // id, path, score, class, tags
    const struct {
        qint64 id;
        const char* path;
        double score;
        int cls;
        quint32 tags;
    } rows[] = {{0, "normal/a.png", 0.10, 0, 0},        {1, "normal/b.png", 0.35, 0, TagReview},
                {2, "atrophy/c.png", 0.80, 2, TagRare}, {3, "lesion/d.png", 0.95, 2, TagRare | TagArtifact},
                {4, "normal/e.png", kNaN, -1, 0},       {5, "atrophy/f.png", 0.55, 1, 0}};
    std::vector<GalleryRecord> out;
    for (const auto& r : rows) {
        GalleryRecord g;
        g.id = r.id;
        g.path = QString::fromLatin1(r.path);
        g.score = r.score;
        g.cls = r.cls;
        g.tags = r.tags;
        out.push_back(g);
    }
    return out;
}

QList<qint64> order(const GalleryProxy& p) {
    QList<qint64> ids;
    for (int i = 0; i < p.rowCount(); ++i)
        ids << p.index(i, 0).data(GalleryModel::IdRole).toLongLong();
    return ids;
}
}  // namespace

class TestGalleryProxy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sortsEitherWayWithUnscoredLast() {
        ThumbnailCache cache(1 << 20);
        GalleryModel m(&cache);
        GalleryProxy p;
        p.setGallery(&m);
        m.setRecords(records());
        QCOMPARE(order(p), (QList<qint64>{3, 2, 5, 1, 0, 4}));
        p.setRarestFirst(false);
        QCOMPARE(order(p), (QList<qint64>{0, 1, 5, 2, 3, 4}));
        p.setRarestFirst(true);
        QCOMPARE(order(p), (QList<qint64>{3, 2, 5, 1, 0, 4}));
    }

    void filtersCombineAndReportTheCount() {
        ThumbnailCache cache(1 << 20);
        GalleryModel m(&cache);
        GalleryProxy p;
        p.setGallery(&m);
        m.setRecords(records());
        QSignalSpy counts(&p, &GalleryProxy::filterChanged);
        p.setScoreRange(0.3, 0.9);
        QCOMPARE(order(p), (QList<qint64>{2, 5, 1}));  // inclusive, rank order kept, unscored out
        QCOMPARE(counts.last().at(0).toInt(), 3);
        p.setClasses({2});
        QCOMPARE(order(p), (QList<qint64>{2}));
        p.clearScoreRange();
        QCOMPARE(order(p), (QList<qint64>{3, 2}));
        p.setClasses({});
        p.setTagMask(TagRare);
        QCOMPARE(order(p), (QList<qint64>{3, 2}));
        p.setTagMask(TagReview | TagArtifact);  // any of the tags
        QCOMPARE(order(p), (QList<qint64>{3, 1}));
        p.setTagMask(0);
        p.setText(QStringLiteral("ATROPHY/"));
        QCOMPARE(order(p), (QList<qint64>{2, 5}));
        p.setText({});
        p.setScoreRange(kNaN, 0.4);  // open lower bound
        QCOMPARE(order(p), (QList<qint64>{1, 0}));
        QCOMPARE(counts.last().at(0).toInt(), 2);
        p.clearScoreRange();
        QCOMPARE(p.rowCount(), 6);
    }

    void annotationsDoNotReshuffle() {
        // Tagging the current image must not move it (no dynamic re-sort).
        ThumbnailCache cache(1 << 20);
        GalleryModel m(&cache);
        GalleryProxy p;
        p.setGallery(&m);
        m.setRecords(records());
        const auto before = order(p);
        m.setTags(m.rowOf(5), TagRare);
        QCOMPARE(order(p), before);
    }

    // A filter change keeps the current item where it went, drops it when filtered out, and a
    // thumbnail arriving for one image repaints that image's row only.
    void currentItemAndChangesFollowTheRows() {
        ThumbnailCache cache(1 << 20);
        GalleryModel m(&cache);
        GalleryProxy p;
        p.setGallery(&m);
        m.setRecords(records());
        QItemSelectionModel sel(&p);
        const QModelIndex f = p.mapFromSource(m.index(m.rowOf(5)));  // atrophy/f.png, 0.55
        QCOMPARE(f.row(), 2);
        sel.setCurrentIndex(f, QItemSelectionModel::ClearAndSelect);
        p.setClasses({1, 2});  // d, c, f
        QCOMPARE(sel.currentIndex().data(GalleryModel::IdRole).toLongLong(), qint64(5));
        QCOMPARE(sel.currentIndex().row(), 2);
        QCOMPARE(sel.selectedIndexes().size(), 1);
        p.setRarestFirst(false);  // f, c, d
        QCOMPARE(sel.currentIndex().row(), 0);
        QSignalSpy changed(&p, &QAbstractItemModel::dataChanged);
        m.setTags(m.rowOf(3), TagReview);  // d: proxy row 2
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 2);
        m.setTags(m.rowOf(0), TagReview);  // a is filtered out: nothing to repaint
        QCOMPARE(changed.size(), 1);
        p.setClasses({0});
        QVERIFY(!sel.currentIndex().isValid());
        QVERIFY(sel.selectedIndexes().isEmpty());
        QCOMPARE(p.mapToSource(p.index(0, 0)).row(), m.rowOf(0));
        QVERIFY(!p.mapFromSource(m.index(m.rowOf(5))).isValid());
    }
};

QTEST_MAIN(TestGalleryProxy)
#include "test_gallery_proxy.moc"
