#pragma once
// The gallery's class filter: a button with a menu of the minority classes, rarest first, each with
// its image count, any number of them checked (none = all classes). The menu stays open while
// classes are toggled.
#include <QSet>
#include <QToolButton>
#include <QVector>

class QAction;

namespace mlens {
namespace widgets {

class ClassFilter final : public QToolButton {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClassFilter)

public:
    explicit ClassFilter(QWidget* parent = nullptr);

    // counts[c] = images in class c (0 = most common ... size-1 = rarest); empty disables the filter.
    // Clears the selection.
    void setClasses(const QVector<int>& counts);
    QSet<int> selected() const;                  // empty = all classes
    void setSelected(const QSet<int>& classes);  // unknown classes are dropped; emits nothing
    void clearSelection();                       // all classes; emits selectionChanged when it changes
    int numClasses() const { return static_cast<int>(m_counts.size()); }
    // The class's menu entry ("Class 9 (rarest): 12 images"), for tests.
    QAction* classAction(int cls) const;
    QAction* allAction() const { return m_all; }

Q_SIGNALS:
    void selectionChanged(const QSet<int>& classes);

private:
    void updateText();
    void toggled();

    QVector<int> m_counts;
    QVector<QAction*> m_actions;  // by class
    QAction* m_all;
};

}  // namespace widgets
}  // namespace mlens
