#include "widgets/class_filter.h"

#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>

#include <algorithm>

namespace mlens {
namespace widgets {

namespace {
// A menu whose checkable entries toggle without closing it, so that several classes can be chosen.
class StayOpenMenu final : public QMenu {
public:
    using QMenu::QMenu;

protected:
    void mouseReleaseEvent(QMouseEvent* e) override {
        QAction* a = actionAt(e->position().toPoint());  // where the button went up, hovered or not
        if (a && a->isEnabled() && a->isCheckable()) {
            a->trigger();
            return;
        }
        QMenu::mouseReleaseEvent(e);
    }
    void keyPressEvent(QKeyEvent* e) override {
        QAction* a = activeAction();
        if (a && a->isEnabled() && a->isCheckable() && (e->key() == Qt::Key_Space)) {
            a->trigger();
            return;
        }
        QMenu::keyPressEvent(e);
    }
};
}  // namespace

ClassFilter::ClassFilter(QWidget* parent) : QToolButton(parent) {
    auto* menu = new StayOpenMenu(this);
    setMenu(menu);
    setPopupMode(QToolButton::InstantPopup);
    setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_all = menu->addAction(tr("All classes"));
    m_all->setCheckable(true);
    m_all->setChecked(true);
    connect(m_all, &QAction::triggered, this, [this] {
        m_all->setChecked(true);
        clearSelection();
    });
    menu->addSeparator();
    setToolTip(tr("Show only the checked minority classes (Space or click toggles; none checked shows all)"));
    setClasses({});
}

QAction* ClassFilter::classAction(int cls) const {
    return cls >= 0 && cls < m_actions.size() ? m_actions[cls] : nullptr;
}

void ClassFilter::setClasses(const QVector<int>& counts) {
    for (QAction* a : m_actions)
        delete a;
    m_actions.clear();
    m_counts = counts;
    const int n = static_cast<int>(counts.size());
    m_actions.resize(n);
    for (int c = n - 1; c >= 0; --c) {  // rarest first: what a minority tool is for
        const QString name = c == n - 1 && n > 1 ? tr("Class %1 (rarest)").arg(c)
                             : c == 0 && n > 1   ? tr("Class %1 (most common)").arg(c)
                                                 : tr("Class %1").arg(c);
        QAction* a = menu()->addAction(tr("%1: %n image(s)", nullptr, counts[c]).arg(name));
        a->setCheckable(true);
        connect(a, &QAction::toggled, this, &ClassFilter::toggled);
        m_actions[c] = a;
    }
    m_all->setChecked(true);
    setEnabled(n > 0);
    updateText();
}

QSet<int> ClassFilter::selected() const {
    QSet<int> s;
    for (int c = 0; c < m_actions.size(); ++c)
        if (m_actions[c]->isChecked()) s.insert(c);
    return s;
}

void ClassFilter::setSelected(const QSet<int>& classes) {
    for (int c = 0; c < m_actions.size(); ++c) {
        const QSignalBlocker block(m_actions[c]);
        m_actions[c]->setChecked(classes.contains(c));
    }
    m_all->setChecked(selected().isEmpty());
    updateText();
}

void ClassFilter::clearSelection() {
    const bool changed = !selected().isEmpty();
    setSelected({});
    if (changed) Q_EMIT selectionChanged({});
}

void ClassFilter::toggled() {
    m_all->setChecked(selected().isEmpty());
    updateText();
    Q_EMIT selectionChanged(selected());
}

void ClassFilter::updateText() {
    if (m_counts.isEmpty()) {
        setText(tr("No classes yet"));
        return;
    }
    QList<int> sel = selected().values();
    if (sel.isEmpty()) {
        setText(tr("All classes"));
        return;
    }
    std::sort(sel.begin(), sel.end(), std::greater<int>());
    int images = 0;
    QStringList names;
    for (int c : sel) {
        images += m_counts[c];
        names << QString::number(c);
    }
    if (names.size() > 3) names = names.mid(0, 3) << QStringLiteral("…");
    // Short, so that the gallery's tool bar keeps room in every language; the menu has the details.
    setText(tr("Classes %1 (%2)").arg(names.join(QStringLiteral(", "))).arg(images));
}

}  // namespace widgets
}  // namespace mlens
