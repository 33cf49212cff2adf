#include "app/gui/shortcut_overlay.h"

#include <QAction>
#include <QKeyEvent>
#include <QPainter>

namespace mlens {
namespace app {

ShortcutOverlay::ShortcutOverlay(const QList<QAction*>& actions, QWidget* parent)
    : QWidget(parent), m_actions(actions) {
    setFocusPolicy(Qt::StrongFocus);
    hide();
}

void ShortcutOverlay::popup() {
    setGeometry(parentWidget()->rect());
    show();
    raise();
    setFocus();
}

void ShortcutOverlay::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), QColor(0, 0, 0, 170));
    QList<QPair<QString, QString>> rows;
    for (QAction* a : m_actions)
        if (!a->shortcut().isEmpty())
            rows << qMakePair(a->shortcut().toString(QKeySequence::NativeText),
                              a->text().remove(QLatin1Char('&')));
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 1.1);
    p.setFont(f);
    const int lineH = QFontMetrics(f).height() + 6, columns = rows.size() > 18 ? 2 : 1;
    const int perColumn = (rows.size() + columns - 1) / columns, colW = 420;
    const int top = std::max(40, (height() - perColumn * lineH) / 2),
              left = std::max(20, (width() - columns * colW) / 2);
    p.setPen(Qt::white);
    QFont title = f;
    title.setBold(true);
    p.setFont(title);
    p.drawText(QRect(0, top - 2 * lineH, width(), lineH), Qt::AlignCenter,
               tr("Keyboard shortcuts (any key closes)"));
    for (int i = 0; i < rows.size(); ++i) {
        const int x = left + (i / perColumn) * colW, y = top + (i % perColumn) * lineH;
        p.setFont(title);
        p.drawText(QRect(x, y, 150, lineH), Qt::AlignRight | Qt::AlignVCenter, rows[i].first);
        p.setFont(f);
        p.drawText(QRect(x + 165, y, colW - 170, lineH), Qt::AlignLeft | Qt::AlignVCenter, rows[i].second);
    }
}

void ShortcutOverlay::keyPressEvent(QKeyEvent*) {
    hide();
}
void ShortcutOverlay::mousePressEvent(QMouseEvent*) {
    hide();
}

}  // namespace app
}  // namespace mlens
