// The score histogram's typed bounds: a typed range is applied (open at an empty end, swapped when
// reversed), a drag fills the fields with the range it selects, emptying both clears, an unchanged
// edit emits nothing, and text that is no number is not accepted.
#include <QLineEdit>
#include <QSignalSpy>
#include <QtTest/QtTest>

#include <qcustomplot.h>
#include <cmath>

#include "widgets/score_histogram.h"

using namespace mlens::widgets;

namespace {
void type(QLineEdit* f, const QString& text) {
    f->setFocus();
    f->selectAll();
    QTest::keyClick(f, Qt::Key_Backspace);
    QTest::keyClicks(f, text);
    QTest::keyClick(f, Qt::Key_Return);
}
// Scores 0.00 .. 0.99 in 10 bins, the widget shown.
bool showHundredScores(ScoreHistogram& h) {
    std::vector<double> scores;
    for (int i = 0; i < 100; ++i)
        scores.push_back(i / 100.0);
    h.setScores(scores, 10);
    h.resize(500, 220);
    h.show();
    return QTest::qWaitForWindowExposed(&h);
}
}  // namespace

class TestScoreHistogram : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void typedBoundsSelectARange() {
        ScoreHistogram h;
        QVERIFY(showHundredScores(h));
        QSignalSpy selected(&h, &ScoreHistogram::rangeSelected), cleared(&h, &ScoreHistogram::rangeCleared);

        type(h.lowField(), QStringLiteral("0.5"));
        QCOMPARE(selected.count(), 1);
        QCOMPARE(selected.last().at(0).toDouble(), 0.5);
        QVERIFY(std::isnan(selected.last().at(1).toDouble()));  // open above

        type(h.highField(), QStringLiteral("0.2"));  // below the low bound: swapped
        QCOMPARE(selected.count(), 2);
        QCOMPARE(selected.last().at(0).toDouble(), 0.2);
        QCOMPARE(selected.last().at(1).toDouble(), 0.5);
        QCOMPARE(h.lowField()->text(), QStringLiteral("0.2"));
        QCOMPARE(h.highField()->text(), QStringLiteral("0.5"));

        type(h.highField(), QStringLiteral("0.5"));  // the same range again: nothing new
        QCOMPARE(selected.count(), 2);

        h.lowField()->setFocus();
        h.lowField()->end(false);
        QTest::keyClicks(h.lowField(), QStringLiteral("abc"));  // the validator refuses letters
        QTest::keyClick(h.lowField(), Qt::Key_Return);
        QCOMPARE(h.lowField()->text(), QStringLiteral("0.2"));
        QCOMPARE(selected.count(), 2);

        type(h.lowField(), QString());  // an empty bound is open
        QCOMPARE(selected.count(), 3);
        QVERIFY(std::isnan(selected.last().at(0).toDouble()));
        QCOMPARE(selected.last().at(1).toDouble(), 0.5);
        h.highField()->setFocus();
        h.highField()->selectAll();
        QTest::keyClick(h.highField(), Qt::Key_Backspace);
        QTest::keyClick(h.highField(), Qt::Key_Return);  // both empty: everything shown
        QCOMPARE(cleared.count(), 1);
        QCOMPARE(selected.count(), 3);
    }

    void aDragFillsTheFields() {
        ScoreHistogram h;
        QVERIFY(showHundredScores(h));
        QSignalSpy selected(&h, &ScoreHistogram::rangeSelected);
        QCustomPlot* plot = h.plot();
        const int y = plot->yAxis->coordToPixel(1);
        const int x0 = static_cast<int>(plot->xAxis->coordToPixel(h.binLow(2) + 0.01));
        const int x1 = static_cast<int>(plot->xAxis->coordToPixel(h.binLow(4) + 0.01));
        QTest::mousePress(plot, Qt::LeftButton, {}, QPoint(x0, y));
        QMouseEvent move(QEvent::MouseMove, QPointF(x1, y), plot->mapToGlobal(QPointF(x1, y)), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(plot, &move);
        QTest::mouseRelease(plot, Qt::LeftButton, {}, QPoint(x1, y));
        QCOMPARE(selected.count(), 1);
        QCOMPARE(selected.last().at(0).toDouble(), h.binLow(2));
        QCOMPARE(selected.last().at(1).toDouble(), h.binLow(5));
        QCOMPARE(h.lowField()->text().toDouble(), h.binLow(2));
        QCOMPARE(h.highField()->text().toDouble(), h.binLow(5));
        h.setSelection(NAN, NAN);
        QVERIFY(h.lowField()->text().isEmpty());
        QVERIFY(h.highField()->text().isEmpty());
    }
};

QTEST_MAIN(TestScoreHistogram)
#include "test_score_histogram.moc"
