#include "widgets/gallery_delegate.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

#include "widgets/gallery_model.h"

namespace mlens {
namespace widgets {

QColor GalleryDelegate::classColor(int cls, int classes) {
    if (cls < 0 || classes <= 1) return QColor(90, 90, 90);
    const double t = static_cast<double>(cls) / (classes - 1);  // 0 common .. 1 rarest
    return QColor::fromHsvF(0.62 * (1 - t), 0.75, 0.85);
}

QSize GalleryDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
    return {m_size + 10, m_size + option.fontMetrics.height() + 12};
}

void GalleryDelegate::paint(QPainter* p, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    p->save();
    const QRect cell = option.rect.adjusted(2, 2, -2, -2);
    const QPalette& pal = option.palette;
    if (option.state & QStyle::State_Selected) {
        p->fillRect(cell, pal.highlight());
    } else if (option.state & QStyle::State_MouseOver) {
        p->fillRect(cell, pal.alternateBase());
    }
    const QRect thumb(cell.x() + (cell.width() - m_size) / 2, cell.y() + 3, m_size, m_size);
    const QImage img = index.data(GalleryModel::ThumbnailRole).value<QImage>();
    if (img.isNull() && !index.data(GalleryModel::BrokenRole).toString().isEmpty()) {
        // Unreadable: a crossed-out tile, unlike the plain grey of a tile still loading.
        p->fillRect(thumb, QColor(70, 30, 30));
        p->setPen(QPen(QColor(214, 39, 40), 3));
        const QRect x =
            thumb.adjusted(thumb.width() / 4, thumb.height() / 4, -thumb.width() / 4, -thumb.height() / 4);
        p->drawLine(x.topLeft(), x.bottomRight());
        p->drawLine(x.topRight(), x.bottomLeft());
        QFont f = option.font;
        f.setPointSizeF(std::max(6.5, f.pointSizeF() * 0.8));
        p->setFont(f);
        p->setPen(QColor(255, 210, 210));
        p->drawText(thumb.adjusted(2, 0, -2, -3), Qt::AlignHCenter | Qt::AlignBottom, tr("unreadable"));
    } else if (img.isNull()) {
        p->fillRect(thumb, pal.mid());
    } else {
        const QSize s = img.size().scaled(thumb.size(), Qt::KeepAspectRatio);
        const QRect target(thumb.x() + (thumb.width() - s.width()) / 2,
                           thumb.y() + (thumb.height() - s.height()) / 2, s.width(), s.height());
        p->setRenderHint(QPainter::SmoothPixmapTransform, img.width() > s.width());
        p->drawImage(target, img);
    }
    // score badge
    const double score = index.data(GalleryModel::ScoreRole).toDouble();
    if (!std::isnan(score) && !m_blinded) {
        QFont f = option.font;
        f.setPointSizeF(std::max(6.5, f.pointSizeF() * 0.8));
        p->setFont(f);
        const QString text = QString::number(score, 'g', 4);
        const QRect badge = QFontMetrics(f)
                                .boundingRect(text)
                                .adjusted(-4, -1, 4, 1)
                                .translated(thumb.topLeft() + QPoint(6, 4 + QFontMetrics(f).ascent()));
        QPainterPath path;
        path.addRoundedRect(badge, 4, 4);
        p->fillPath(path, classColor(index.data(GalleryModel::ClassRole).toInt(), m_classes));
        p->setPen(Qt::white);
        p->drawText(badge, Qt::AlignCenter, text);
    }
    // tag dots: rare (red), artifact (orange), review later (blue)
    const quint32 tags = index.data(GalleryModel::TagsRole).toUInt();
    int x = thumb.right() - 10;
    for (const auto& [bit, color] :
         {std::pair{TagRare, QColor(214, 39, 40)}, std::pair{TagArtifact, QColor(255, 127, 14)},
          std::pair{TagReview, QColor(31, 119, 180)}}) {
        if (!(tags & bit)) continue;
        p->setPen(QPen(Qt::white, 1.5));
        p->setBrush(color);
        p->drawEllipse(QPoint(x, thumb.top() + 10), 5, 5);
        x -= 13;
    }
    // caption: rank and file name
    p->setFont(option.font);
    p->setPen(option.state & QStyle::State_Selected ? pal.highlightedText().color() : pal.text().color());
    const int rank = index.data(GalleryModel::RankRole).toInt();
    const QString name = index.data(Qt::DisplayRole).toString();
    const QString caption = rank > 0 && !m_blinded ? QStringLiteral("#%1 %2").arg(rank).arg(name) : name;
    const QRect text(cell.x() + 2, thumb.bottom() + 3, cell.width() - 4, option.fontMetrics.height() + 4);
    p->drawText(text, Qt::AlignHCenter | Qt::AlignTop,
                option.fontMetrics.elidedText(caption, Qt::ElideMiddle, text.width()));
    p->restore();
}

}  // namespace widgets
}  // namespace mlens
