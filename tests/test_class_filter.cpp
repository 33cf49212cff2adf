// The gallery's class filter: the classes rarest first with their image counts, several checked at
// once (none = all), "All classes" clears, the button says what is shown, and a restored selection
// emits nothing.
#include <QAction>
#include <QMenu>
#include <QSignalSpy>
#include <QtTest/QtTest>

#include "widgets/class_filter.h"

using namespace mlens::widgets;

class TestClassFilter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listsClassesRarestFirstWithCounts() {
        ClassFilter f;
        QVERIFY(!f.isEnabled());  // no classes yet
        f.setClasses({120, 40, 7});
        QVERIFY(f.isEnabled());
        QCOMPARE(f.numClasses(), 3);
        QCOMPARE(f.classAction(2)->text(), QStringLiteral("Class 2 (rarest): 7 image(s)"));
        QCOMPARE(f.classAction(0)->text(), QStringLiteral("Class 0 (most common): 120 image(s)"));
        const auto actions = f.menu()->actions();  // All, separator, then 2, 1, 0
        QCOMPARE(actions.size(), 5);
        QCOMPARE(actions.at(2), f.classAction(2));
        QCOMPARE(actions.at(4), f.classAction(0));
        QCOMPARE(f.text(), QStringLiteral("All classes"));
        QVERIFY(f.allAction()->isChecked());
    }

    void checksSeveralClasses() {
        ClassFilter f;
        f.setClasses({120, 40, 7});
        QSignalSpy spy(&f, &ClassFilter::selectionChanged);
        f.classAction(2)->trigger();
        f.classAction(1)->trigger();
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.last().at(0).value<QSet<int>>(), (QSet<int>{1, 2}));
        QCOMPARE(f.selected(), (QSet<int>{1, 2}));
        QVERIFY(!f.allAction()->isChecked());
        QCOMPARE(f.text(), QStringLiteral("Classes 2, 1 (47)"));
        f.classAction(2)->trigger();  // unchecks
        QCOMPARE(f.selected(), (QSet<int>{1}));
        QCOMPARE(f.text(), QStringLiteral("Classes 1 (40)"));
        f.allAction()->trigger();
        QCOMPARE(f.selected(), QSet<int>{});
        QCOMPARE(spy.last().at(0).value<QSet<int>>(), QSet<int>{});
        QVERIFY(f.allAction()->isChecked());
        QCOMPARE(f.text(), QStringLiteral("All classes"));
    }

    // The menu stays open while classes are toggled with the mouse.
    void menuStaysOpenWhileToggling() {
        ClassFilter f;
        f.setClasses({10, 5, 1});
        f.show();
        QVERIFY(QTest::qWaitForWindowExposed(&f));
        QMenu* menu = f.menu();
        menu->popup(f.mapToGlobal(QPoint(0, f.height())));
        QVERIFY(QTest::qWaitForWindowExposed(menu));
        const QRect r = menu->actionGeometry(f.classAction(2));
        QTest::mouseRelease(menu, Qt::LeftButton, {}, r.center());  // no hover first: a quick click
        QCOMPARE(f.selected(), QSet<int>{2});
        QVERIFY(menu->isVisible());
        menu->close();
    }

    void restoresWithoutSignalsAndDropsUnknownClasses() {
        ClassFilter f;
        f.setClasses({3, 2, 1, 1});
        QSignalSpy spy(&f, &ClassFilter::selectionChanged);
        f.setSelected({3, 0, 9});
        QCOMPARE(spy.count(), 0);
        QCOMPARE(f.selected(), (QSet<int>{0, 3}));
        QCOMPARE(f.text(), QStringLiteral("Classes 3, 0 (4)"));
        f.setClasses({5, 5});  // new classes: the selection is gone
        QCOMPARE(f.selected(), QSet<int>{});
        QVERIFY(f.classAction(3) == nullptr);
        f.setClasses({});
        QVERIFY(!f.isEnabled());
        QCOMPARE(f.text(), QStringLiteral("No classes yet"));
    }
};

QTEST_MAIN(TestClassFilter)
#include "test_class_filter.moc"
