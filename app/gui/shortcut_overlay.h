#pragma once
// A translucent sheet over the main window listing every action's shortcut; any key or click closes it.
#include <QList>
#include <QWidget>

class QAction;

namespace mlens {
namespace app {

class ShortcutOverlay final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShortcutOverlay)

public:
    ShortcutOverlay(const QList<QAction*>& actions, QWidget* parent);
    void popup();

protected:
    void paintEvent(QPaintEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    QList<QAction*> m_actions;
};

}  // namespace app
}  // namespace mlens
