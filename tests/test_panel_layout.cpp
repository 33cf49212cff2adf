// Every panel the way a user sees it, in English, German and Korean: rendered offscreen at the sizes
// the main window gives them, no visible widget collapses to zero width, no label, button or slider
// is narrower than its text (or handle travel) needs, and in German and Korean no visible text is
// left in English.
#include <QAbstractButton>
#include <QAbstractSlider>
#include <QApplication>
#include <QDialog>
#include <QLabel>
#include <QLibraryInfo>
#include <QRegularExpression>
#include <QTranslator>
#include <QtTest/QtTest>

#include <functional>
#include <memory>

#include "app/gui/run_dialogs.h"
#include "widgets/density_panel.h"
#include "widgets/detail_panel.h"
#include "widgets/job_runner.h"
#include "widgets/jobs_panel.h"
#include "widgets/sampling_panel.h"
#include "widgets/score_histogram.h"
#include "widgets/sweep_dialog.h"
#include "widgets/training_monitor.h"

using namespace mlens::widgets;

namespace {

struct Panel {
    const char* name;
    QSize size;
    std::function<QWidget*(JobRunner*)> make;
};

const std::vector<Panel>& panels() {
    static const std::vector<Panel> all = {
        {"sampling", {1000, 650}, [](JobRunner* r) { return new SamplingPanel(r); }},
        {"density", {900, 600}, [](JobRunner*) { return new DensityPanel; }},
        {"detail", {420, 650}, [](JobRunner*) { return new DetailPanel; }},
        {"training", {900, 600}, [](JobRunner*) { return new TrainingMonitor; }},
        {"jobs", {1300, 200}, [](JobRunner* r) { return new JobsPanel(r); }},
        {"histogram", {600, 220}, [](JobRunner*) { return new ScoreHistogram; }},
        {"sweep dialog",
         {},
         [](JobRunner*) {
             mlens::SweepSpec s;
             s.classes = {0, 12, 24};
             s.scales = {0, 1.5, 3};
             return new SweepDialog(s, 25);
         }},
        {"score dialog", {}, [](JobRunner*) { return new mlens::app::ScoreDialog; }},
    };
    return all;
}

QString textOf(const QWidget* w) {
    if (const auto* l = qobject_cast<const QLabel*>(w)) return l->text();
    if (const auto* b = qobject_cast<const QAbstractButton*>(w)) return b->text();
    return {};
}

// Words that are the same in German or Korean UI text (technical names, loanwords).
bool sameInEveryLanguage(const QString& word) {
    static const QStringList words = {"Seed", "Samples", "Sample", "Sampler", "Sampling", "Guidance", "DDIM",
                                      "DDPM", "AvgkNN",  "LOF",    "LPIPS",   "ResNet",   "PNG"};
    return words.contains(word);
}

struct Rendered {
    QStringList texts;     // visible texts in creation order
    QStringList problems;  // "panel: widget 'text' (why)"
};

Rendered render(const Panel& p) {
    JobRunner runner;
    std::unique_ptr<QWidget> w(p.make(&runner));
    if (p.size.isValid())
        w->resize(p.size);
    else
        w->adjustSize();
    w->show();
    QCoreApplication::processEvents();
    Rendered r;
    for (QWidget* c : w->findChildren<QWidget*>()) {
        if (!c->isVisibleTo(w.get())) continue;
        const QString text = textOf(c);
        const QString where =
            QStringLiteral("%1: %2 '%3'")
                .arg(QLatin1String(p.name), QLatin1String(c->metaObject()->className()), text);
        if (c->width() <= 1 || c->height() <= 1) r.problems << where + QStringLiteral(" (zero size)");
        const bool wraps = qobject_cast<QLabel*>(c) && qobject_cast<QLabel*>(c)->wordWrap();
        if (!text.isEmpty() && !wraps && c->width() < c->minimumSizeHint().width())
            r.problems << where + QStringLiteral(" (clipped: %1 of %2 px)")
                                      .arg(c->width())
                                      .arg(c->minimumSizeHint().width());
        if (const auto* s = qobject_cast<QAbstractSlider*>(c);
            s && s->orientation() == Qt::Horizontal && s->width() < 60)
            r.problems << where + QStringLiteral(" (slider %1 px wide)").arg(s->width());
        if (!text.isEmpty()) r.texts << text;
    }
    return r;
}

}  // namespace

class TestPanelLayout : public QObject {
    Q_OBJECT
    std::map<std::string, QStringList> m_english;  // panel -> visible texts in English

private Q_SLOTS:
    void initTestCase() {
        for (const Panel& p : panels()) {
            const Rendered r = render(p);
            QVERIFY2(r.problems.isEmpty(), qPrintable(r.problems.join('\n')));
            QVERIFY2(!r.texts.isEmpty(), p.name);
            m_english[p.name] = r.texts;
        }
    }

    void everyPanelIsFinished_data() {
        QTest::addColumn<QString>("lang");
        QTest::newRow("de") << QStringLiteral("de");
        QTest::newRow("ko") << QStringLiteral("ko");
    }
    void everyPanelIsFinished() {
        QFETCH(QString, lang);
        QTranslator own, qt;
        QVERIFY(own.load(QStringLiteral(MLENS_QM_DIR "/minoritylens_%1.qm").arg(lang)));
        QCoreApplication::installTranslator(&own);
        if (qt.load(QLocale(lang), QStringLiteral("qtbase"), QStringLiteral("_"),
                    QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QCoreApplication::installTranslator(&qt);
        QStringList problems;
        for (const Panel& p : panels()) {
            Rendered r = render(p);
            problems << r.problems;
            const QStringList& en = m_english[p.name];
            if (r.texts.size() != en.size()) {
                problems << QStringLiteral("%1: %2 visible texts, %3 in English")
                                .arg(QLatin1String(p.name))
                                .arg(r.texts.size())
                                .arg(en.size());
                continue;
            }
            static const QRegularExpression word(QStringLiteral("[A-Za-z]{4,}"));
            for (int i = 0; i < en.size(); ++i) {
                if (r.texts[i] != en[i]) continue;
                QString plain = en[i];
                plain.remove('&');
                bool english = false;
                for (auto m = word.globalMatch(plain); m.hasNext();)
                    english |= !sameInEveryLanguage(m.next().captured());
                if (english)
                    problems << QStringLiteral("%1: '%2' (untranslated)").arg(QLatin1String(p.name), en[i]);
            }
        }
        QCoreApplication::removeTranslator(&own);
        QCoreApplication::removeTranslator(&qt);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }
};

QTEST_MAIN(TestPanelLayout)
#include "test_panel_layout.moc"
