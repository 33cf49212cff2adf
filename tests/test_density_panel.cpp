// The density panel: one curve per set and metric from an evaluation's metrics.csv, the metric
// configuration shown, and plots exported as PNG, SVG and PDF.
#include <QLabel>
#include <QtTest/QtTest>

#include <qcustomplot.h>

#include <random>

#include "widgets/density_panel.h"

using namespace mlens::widgets;

namespace {
void writeEvaluation(const QString& dir, int guided = 100) {
    QFile csv(dir + QStringLiteral("/metrics.csv"));
    QVERIFY(csv.open(QIODevice::WriteOnly | QIODevice::Text));
    QTextStream out(&csv);
    out << "set,index,avgknn,lof,rarity,minority\n";
    std::mt19937 rng(1);
    std::normal_distribution<double> n01;
    for (int i = 0; i < 400; ++i)
        out << "real," << i << ',' << 1.0 + 0.1 * n01(rng) << ',' << 1.0 + 0.05 * n01(rng) << ",,"
            << 0.2 + 0.02 * n01(rng) << '\n';
    for (int i = 0; i < 100; ++i)
        out << "baseline," << i << ',' << 1.0 + 0.1 * n01(rng) << ',' << 1.0 + 0.05 * n01(rng) << ",0,"
            << 0.2 + 0.02 * n01(rng) << '\n';
    for (int i = 0; i < guided; ++i)
        out << "guided," << i << ',' << 1.5 + 0.1 * n01(rng) << ',' << 1.4 + 0.05 * n01(rng) << ",3.5,"
            << 0.3 + 0.02 * n01(rng) << '\n';
    csv.close();
    QFile js(dir + QStringLiteral("/summary.json"));
    QVERIFY(js.open(QIODevice::WriteOnly));
    js.write(
        R"json({"features": "ResNet-50, random weights (seed 0)", "k": {"avgknn": 5, "lof": 20, "rarity": 3, "precision_recall": 3},
                 "sets": [{"name": "real", "real": true}, {"name": "guided", "real": false, "precision": 0.61, "recall": 0.4,
                           "lof": {"above_real_p90": 0.93}}]})json");
}

double peakX(QCPGraph* g) {
    double best = -1, x = 0;
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
        if (it->value > best) {
            best = it->value;
            x = it->key;
        }
    return x;
}

QByteArray head(const QString& path, int n) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.read(n) : QByteArray();
}
}  // namespace

class TestDensityPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsOneDensityPerSet() {
        QTemporaryDir dir;
        writeEvaluation(dir.path());
        DensityPanel panel;
        QVERIFY(panel.load(dir.filePath(QStringLiteral("metrics.csv")),
                           dir.filePath(QStringLiteral("summary.json"))));
        QCOMPARE(panel.sets(),
                 (QStringList{QStringLiteral("real"), QStringLiteral("baseline"), QStringLiteral("guided")}));
        QCustomPlot* lof = panel.plot(QStringLiteral("lof"));
        QCOMPARE(lof->graphCount(), 3);
        QVERIFY(lof->graph(0)->name().startsWith(QStringLiteral("real (n=400)")));
        QVERIFY(std::abs(peakX(lof->graph(0)) - 1.0) < 0.05);
        QVERIFY(std::abs(peakX(lof->graph(2)) - 1.4) < 0.05);  // the guided set sits in the tail
        QCOMPARE(panel.plot(QStringLiteral("avgknn"))->graphCount(), 3);
        QCOMPARE(panel.plot(QStringLiteral("minority"))->graphCount(), 3);
        const QString config = panel.findChild<QLabel*>()->text();
        QVERIFY(config.contains(QStringLiteral("LOF k=20")));
        QVERIFY(config.contains(QStringLiteral("random weights")));
        QVERIFY(config.contains(QStringLiteral("93.0 %")));
        QVERIFY(panel.warning().isEmpty());  // 100 samples and more: no warning
        QVERIFY(!panel.load(dir.filePath(QStringLiteral("missing.csv")), {}));
    }

    void fewSamplesGetARugAndAWarning() {
        QTemporaryDir dir;
        writeEvaluation(dir.path(), 4);
        DensityPanel panel;
        QVERIFY(panel.load(dir.filePath(QStringLiteral("metrics.csv")),
                           dir.filePath(QStringLiteral("summary.json"))));
        QVERIFY2(panel.warning().contains(QStringLiteral("guided")) &&
                     panel.warning().contains(QStringLiteral("30")),
                 qPrintable(panel.warning()));
        QVERIFY(!panel.warning().contains(QStringLiteral("baseline")));  // 100 samples
        QCustomPlot* lof = panel.plot(QStringLiteral("lof"));
        QCOMPARE(lof->graphCount(), 4);  // three densities and the guided set's rug
        QVERIFY(lof->graph(2)->name().contains(QStringLiteral("n=4, too few")));
        QCOMPARE(lof->graph(2)->pen().style(), Qt::DashLine);
        QCOMPARE(lof->graph(3)->data()->size(), 4);  // one tick per sample
        QCOMPARE(lof->graph(3)->lineStyle(), QCPGraph::lsImpulse);
        QCOMPARE(lof->legend->itemCount(), 3);
    }

    void exportsPngSvgAndPdf() {
        QTemporaryDir dir;
        writeEvaluation(dir.path());
        DensityPanel panel;
        QVERIFY(panel.load(dir.filePath(QStringLiteral("metrics.csv")),
                           dir.filePath(QStringLiteral("summary.json"))));
        QCustomPlot* plot = panel.plot(QStringLiteral("lof"));
        const QString png = dir.filePath(QStringLiteral("lof.png")),
                      svg = dir.filePath(QStringLiteral("lof.svg")),
                      pdf = dir.filePath(QStringLiteral("lof.pdf"));
        QVERIFY(DensityPanel::exportPlot(plot, png, 600, 400));
        QVERIFY(DensityPanel::exportPlot(plot, svg, 600, 400));
        QVERIFY(DensityPanel::exportPlot(plot, pdf, 600, 400));
        QCOMPARE(head(png, 8), QByteArray("\x89PNG\r\n\x1a\n", 8));
        QCOMPARE(QImage(png).size(), QSize(600, 400));
        QFile s(svg);
        QVERIFY(s.open(QIODevice::ReadOnly));
        const QByteArray text = s.readAll();
        QVERIFY(text.contains("<svg"));
        QVERIFY(text.contains("<path") || text.contains("<polyline"));
        QCOMPARE(head(pdf, 5), QByteArray("%PDF-"));
    }
};

QTEST_MAIN(TestDensityPanel)
#include "test_density_panel.moc"
