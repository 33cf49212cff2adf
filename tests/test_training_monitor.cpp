// The training monitor's loss axis: it fits the data (not from 0), a logarithmic scale on request
// that still holds every point, remembered between sessions, and the latest step in the summary.
#include <QCheckBox>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>
#include <QtTest/QtTest>

#include <qcustomplot.h>

#include "widgets/training_monitor.h"

using namespace mlens;
using namespace mlens::widgets;

class TestTrainingMonitor : public QObject {
    Q_OBJECT

    static std::vector<TrainMetrics> history() {
        std::vector<TrainMetrics> h;
        for (int i = 1; i <= 20; ++i) {
            TrainMetrics m;
            m.step = 50 * i;
            m.trainLoss = 2.3 / i;  // 2.3 down to 0.115
            m.hasValidation = true;
            m.valLoss = 2.4 / i;
            m.valTop1 = 0.05 * i;
            m.valTopK = 0.05 * i;
            m.topK = 2;
            h.push_back(m);
        }
        return h;
    }

private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("MinorityLensTest"));
        QStandardPaths::setTestModeEnabled(true);
        QSettings().remove(QStringLiteral("monitor/logLoss"));
    }

    void lossAxisFitsTheDataLinearOrLog() {
        TrainingMonitor m;
        m.setHistory(history());
        QCPAxis* y = m.lossPlot()->yAxis;
        QCOMPARE(y->scaleType(), QCPAxis::stLinear);
        QVERIFY(y->range().lower > 0.0);  // fitted: not from 0
        QVERIFY(y->range().lower < 0.115 && y->range().upper > 2.4);
        m.logScale()->setChecked(true);
        QCOMPARE(y->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(y->range().lower > 0.0 && y->range().lower < 0.115);
        QVERIFY(y->range().upper > 2.4 && y->range().upper < 3.0);
        QVERIFY(QSettings().value(QStringLiteral("monitor/logLoss")).toBool());
        TrainingMonitor again;  // remembered
        QVERIFY(again.logScale()->isChecked());
        m.logScale()->setChecked(false);
        QCOMPARE(y->scaleType(), QCPAxis::stLinear);
        QVERIFY(m.findChild<QLabel*>()->text().startsWith(QStringLiteral("Step 1000:")));
    }
};

QTEST_MAIN(TestTrainingMonitor)
#include "test_training_monitor.moc"
