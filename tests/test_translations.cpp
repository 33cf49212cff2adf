// Translations are complete: every German and Korean entry is finished, none is stale, the .ts files
// cover every string in the current sources (lupdate finds nothing new), and the .qm files the
// build embeds translate the user interface.
#include <QProcess>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest/QtTest>

#include "support/test_support.h"

namespace {
struct TsReport {
    int messages = 0;
    QStringList problems;  // "context: source (why)"
};

TsReport inspectTs(const QString& path) {
    TsReport r;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        r.problems << QStringLiteral("cannot open ") + path;
        return r;
    }
    QXmlStreamReader xml(&f);
    QString context, source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) continue;
        const auto name = xml.name();
        if (name == QLatin1String("name"))
            context = xml.readElementText();
        else if (name == QLatin1String("source"))
            source = xml.readElementText();
        else if (name == QLatin1String("translation")) {
            ++r.messages;
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            QString text;
            bool emptyForm = false;
            // numerus entries hold <numerusform> children; plain ones hold text
            while (!(xml.isEndElement() && xml.name() == QLatin1String("translation")) && !xml.atEnd()) {
                xml.readNext();
                if (xml.isStartElement() && xml.name() == QLatin1String("numerusform")) {
                    const QString form = xml.readElementText();
                    emptyForm = emptyForm || form.trimmed().isEmpty();
                    text += form;
                } else if (xml.isCharacters()) {
                    text += xml.text();
                }
            }
            const QString where = context + QStringLiteral(": ") + source.left(60);
            if (type == QLatin1String("unfinished"))
                r.problems << where + QStringLiteral(" (unfinished)");
            else if (type == QLatin1String("obsolete") || type == QLatin1String("vanished"))
                r.problems << where + QStringLiteral(" (stale)");
            else if (text.trimmed().isEmpty() || emptyForm)
                r.problems << where + QStringLiteral(" (empty)");
        }
    }
    if (xml.hasError()) r.problems << path + QStringLiteral(": ") + xml.errorString();
    return r;
}

QString source(const char* relative) {
    return QString::fromStdString(mlens::test::sourceDir()) + QLatin1Char('/') + QLatin1String(relative);
}
}  // namespace

class TestTranslations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyEntryIsFinished_data() {
        QTest::addColumn<QString>("ts");
        QTest::newRow("de") << source("translations/minoritylens_de.ts");
        QTest::newRow("ko") << source("translations/minoritylens_ko.ts");
    }
    void everyEntryIsFinished() {
        QFETCH(QString, ts);
        const TsReport r = inspectTs(ts);
        QVERIFY2(r.messages > 300, qPrintable(QStringLiteral("only %1 messages").arg(r.messages)));
        QVERIFY2(r.problems.isEmpty(), qPrintable(QStringLiteral("%1 problem(s), e.g. %2")
                                                      .arg(r.problems.size())
                                                      .arg(r.problems.mid(0, 5).join(QStringLiteral("; ")))));
    }

    void tsFilesCoverTheCurrentSources_data() { everyEntryIsFinished_data(); }
    void tsFilesCoverTheCurrentSources() {
        QFETCH(QString, ts);
        QTemporaryDir dir;
        const QString copy = dir.filePath(QFileInfo(ts).fileName());
        QVERIFY(QFile::copy(ts, copy));
        QFile::setPermissions(copy, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QProcess lupdate;
        lupdate.setProcessChannelMode(QProcess::MergedChannels);
        lupdate.start(QStringLiteral(MLENS_LUPDATE),
                      {QStringLiteral("-locations"), QStringLiteral("none"), QStringLiteral("-no-obsolete"),
                       QStringLiteral("-I"), source(""), source("app/gui"), source("widgets"),
                       QStringLiteral("-ts"), copy});
        QVERIFY(lupdate.waitForFinished(mlens::test::waitMs(120000)));
        QVERIFY2(lupdate.exitCode() == 0, lupdate.readAll().constData());
        const TsReport r = inspectTs(copy);
        QVERIFY2(
            r.problems.isEmpty(),
            qPrintable(QStringLiteral(
                           "new or changed strings not translated (run the update_translations target): %1")
                           .arg(r.problems.mid(0, 8).join(QStringLiteral("; ")))));
    }

    void compiledTranslationsTranslate() {
        for (const char* lang : {"de", "ko"}) {
            QTranslator t;
            QVERIFY2(t.load(QStringLiteral(MLENS_QM_DIR "/minoritylens_%1.qm").arg(QLatin1String(lang))),
                     lang);
            const QString rarest = t.translate("mlens::app::MainWindow", "Rarest first");
            QVERIFY(!rarest.isEmpty());
            QVERIFY(rarest != QStringLiteral("Rarest first"));
            const QString shown = t.translate("mlens::widgets::SamplingPanel", "Baseline (w = 0)");
            QVERIFY(!shown.isEmpty());
        }
    }
};

QTEST_MAIN(TestTranslations)
#include "test_translations.moc"
