// The score dialog fills the request with what the user chose: the dataset's own labels (none,
// subfolders, a CSV; an IDX file's labels are kept), the backbone's configuration file, and starts
// from what the dataset and session already use.
#include <QComboBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QtTest/QtTest>

#include "app/gui/run_dialogs.h"

using namespace mlens;

class TestScoreDialog : public QObject {
    Q_OBJECT

    static QComboBox* labels(app::ScoreDialog& d) {
        return d.findChild<QComboBox*>(QStringLiteral("labels"));
    }

private Q_SLOTS:
    void fillsLabelsAndConfiguration() {
        app::ScoreDialog d;
        DatasetSpec spec;
        spec.path = "/data";
        spec.labels = LabelSource::Subfolders;
        d.setCurrent(spec, QStringLiteral("/models/unet.json"));
        QComboBox* l = labels(d);
        QVERIFY(l);
        QCOMPARE(static_cast<LabelSource>(l->currentData().toInt()), LabelSource::Subfolders);
        QCOMPARE(d.config(), QStringLiteral("/models/unet.json"));
        ScoreRequest r;
        r.dataset = spec;
        d.fill(r);
        QCOMPARE(r.backbone.config, std::string("/models/unet.json"));
        QVERIFY(r.dataset.labels == LabelSource::Subfolders);
        QCOMPARE(r.dataset.path, std::string("/data"));  // the rest of the dataset is kept

        l->setCurrentIndex(l->findData(static_cast<int>(LabelSource::Csv)));
        QLineEdit* csv = d.findChild<QLineEdit*>(QStringLiteral("labelsCsv"));
        QVERIFY(csv && csv->parentWidget()->isEnabled());  // enabled by choosing a CSV
        csv->setText(QStringLiteral("/data/labels.csv"));
        d.fill(r);
        QVERIFY(r.dataset.labels == LabelSource::Csv);
        QCOMPARE(r.dataset.labelsCsv, std::string("/data/labels.csv"));

        QLineEdit* config = d.findChild<QLineEdit*>(QStringLiteral("config"));
        QVERIFY(config);
        config->clear();
        d.fill(r);
        QVERIFY(r.backbone.config.empty());  // empty: the engine's rule
    }

    void noiseLevelIsOfficialCalibratedOrFixed() {
        app::ScoreDialog d;
        auto* mode = d.findChild<QComboBox*>(QStringLiteral("tMode"));
        auto* t = d.findChild<QSpinBox*>(QStringLiteral("t"));
        auto* subset = d.findChild<QSpinBox*>(QStringLiteral("calibrationSubset"));
        QVERIFY(mode && t && subset);
        ScoreRequest r;
        d.fill(r);
        QCOMPARE(r.score.t, -1);  // the official step by default
        QVERIFY(!r.autoT);
        QVERIFY(!t->isEnabled() && !subset->isEnabled());
        mode->setCurrentIndex(mode->findData(1));
        QVERIFY(!t->isEnabled() && subset->isEnabled());
        subset->setValue(250);
        d.fill(r);
        QVERIFY(r.autoT);
        QCOMPARE(r.calibration.subset, 250);
        QCOMPARE(r.score.t, -1);
        mode->setCurrentIndex(mode->findData(2));
        QVERIFY(t->isEnabled() && !subset->isEnabled());
        t->setValue(150);
        d.fill(r);
        QVERIFY(!r.autoT);
        QCOMPARE(r.score.t, 150);
    }

    void keepsTheLabelsOfAnIdxFile() {
        app::ScoreDialog d;
        DatasetSpec spec;
        spec.labels = LabelSource::Idx;
        d.setCurrent(spec, {});
        QVERIFY(!labels(d)->isEnabled());
        ScoreRequest r;
        r.dataset = spec;
        d.fill(r);
        QVERIFY(r.dataset.labels == LabelSource::Idx);
    }
};

QTEST_MAIN(TestScoreDialog)
#include "test_score_dialog.moc"
