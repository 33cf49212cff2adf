// Painting a gallery tile: thumbnail, score badge coloured by class, tag dots, rank caption.
#include <QApplication>
#include <QPainter>
#include <QStyleOptionViewItem>
#include <QtTest/QtTest>

#include "widgets/gallery_delegate.h"
#include "widgets/gallery_model.h"

using namespace mlens::widgets;

namespace {
int countColor(const QImage& img, const QColor& c, int tolerance = 6) {
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QColor p = img.pixelColor(x, y);
            n += std::abs(p.red() - c.red()) <= tolerance && std::abs(p.green() - c.green()) <= tolerance &&
                 std::abs(p.blue() - c.blue()) <= tolerance;
        }
    return n;
}
}  // namespace

class TestGalleryDelegate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void classColoursRunFromCoolToWarm() {
        const QColor common = GalleryDelegate::classColor(0, 5), rare = GalleryDelegate::classColor(4, 5);
        QVERIFY(common.blue() > common.red());
        QVERIFY(rare.red() > rare.blue());
        QCOMPARE(GalleryDelegate::classColor(-1, 5), QColor(90, 90, 90));
        QVERIFY(GalleryDelegate::classColor(2, 5) != common && GalleryDelegate::classColor(2, 5) != rare);
    }

    void paintsThumbnailBadgeTagsAndRank() {
        ThumbnailCache cache(1 << 20);
        GalleryModel m(&cache);
        GalleryRecord r;
        r.id = 7;
        r.path = QStringLiteral("lesion/slice_0042.png");
        r.score = 0.8125;
        r.cls = 4;
        r.tags = TagRare | TagReview;
        m.setRecords({r});
        QImage thumb(128, 128, QImage::Format_RGB32);
        thumb.fill(QColor(0, 200, 0));
        cache.insert(7, 1, thumb);
        m.setBucket(1);

        GalleryDelegate d;
        d.setThumbnailSize(128);
        d.setNumClasses(5);
        QStyleOptionViewItem opt;
        opt.font = QApplication::font();
        opt.fontMetrics = QFontMetrics(opt.font);
        opt.palette = QApplication::palette();
        const QSize hint = d.sizeHint(opt, m.index(0));
        QCOMPARE(hint.width(), 138);
        QVERIFY(hint.height() > 138);
        opt.rect = QRect(QPoint(0, 0), hint);
        QImage canvas(hint, QImage::Format_RGB32);
        canvas.fill(Qt::white);
        {
            QPainter p(&canvas);
            d.paint(&p, opt, m.index(0));
        }
        QVERIFY(countColor(canvas, QColor(0, 200, 0)) > 128 * 128 / 2);  // the thumbnail
        QVERIFY(countColor(canvas, GalleryDelegate::classColor(4, 5), 10) >
                40);                                                 // the badge, rarest class colour
        QVERIFY(countColor(canvas, QColor(214, 39, 40), 10) > 20);   // "rare" dot
        QVERIFY(countColor(canvas, QColor(31, 119, 180), 10) > 20);  // "review later" dot
        QCOMPARE(countColor(canvas, QColor(255, 127, 14), 10), 0);   // no "artifact" dot

        // Without a thumbnail the tile shows a placeholder, never the old image.
        cache.clear();
        canvas.fill(Qt::white);
        {
            QPainter p(&canvas);
            d.paint(&p, opt, m.index(0));
        }
        QCOMPARE(countColor(canvas, QColor(0, 200, 0)), 0);
    }
};

QTEST_MAIN(TestGalleryDelegate)
#include "test_gallery_delegate.moc"
