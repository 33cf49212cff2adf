// The desktop application as a user starts it: a small demo run by the CLI, then `minoritylens
// --demo-dir DIR` under Xvfb (offscreen when xvfb-run is missing) on the gallery and on the sampling
// tab with a generation, each saving a screenshot; the workspace remembers the view.
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest/QtTest>

#include "support/test_support.h"

namespace {
QString exe(const char* name) {
    return QString::fromStdString(mlens::test::binaryDir()) + QLatin1Char('/') + QLatin1String(name);
}

QString backbone() {
    const QString bundled = QString::fromStdString(mlens::test::sourceDir()) +
                            QStringLiteral("/resources/demo/phantom_backbone.safetensors");
    if (!QFileInfo::exists(bundled)) qFatal("the bundled demo backbone is missing: %s", qPrintable(bundled));
    return bundled;
}

int run(const QString& program, const QStringList& args, const QProcessEnvironment& env, QByteArray* output,
        int ms = 600000) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(mlens::test::waitMs(ms))) {
        p.kill();
        p.waitForFinished();
        *output = p.readAll() + "\n(timed out)";
        return -1;
    }
    *output = p.readAll();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
}

// Fraction of pixels that differ from the most common colour: a blank or black window scores ~0.
double busyness(const QImage& img) {
    QHash<QRgb, int> counts;
    for (int y = 0; y < img.height(); y += 3)
        for (int x = 0; x < img.width(); x += 3)
            ++counts[img.pixel(x, y)];
    int most = 0, total = 0;
    for (int c : counts) {
        most = std::max(most, c);
        total += c;
    }
    return 1.0 - static_cast<double>(most) / total;
}
}  // namespace

class TestAppSmoke : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QProcessEnvironment m_env;
    QString m_demo;

    QStringList gui(const QStringList& args) const {
        const QString xvfb = QStandardPaths::findExecutable(QStringLiteral("xvfb-run"));
        if (xvfb.isEmpty()) return QStringList{exe("minoritylens")} + args;
        return QStringList{xvfb, QStringLiteral("-a"), QStringLiteral("-s"),
                           QStringLiteral("-screen 0 1400x900x24"), exe("minoritylens")} +
               args;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("HOME"), m_dir.path());  // QSettings and app data stay in the sandbox
        m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        m_env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_dir.path());
        m_env.insert(QStringLiteral("MLENS_DEMO_BACKBONE"), backbone());
        if (QStandardPaths::findExecutable(QStringLiteral("xvfb-run")).isEmpty())
            m_env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        else
            m_env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        m_demo = m_dir.filePath(QStringLiteral("demo"));
        QByteArray out;
        const int rc =
            run(exe("minoritylens-cli"),
                {QStringLiteral("demo"), QStringLiteral("--out"), m_demo, QStringLiteral("--phantoms"),
                 QStringLiteral("200"), QStringLiteral("--iterations"), QStringLiteral("40"),
                 QStringLiteral("--samples"), QStringLiteral("8"), QStringLiteral("--respacing"),
                 QStringLiteral("10"), QStringLiteral("--num-classes"), QStringLiteral("3"),
                 QStringLiteral("--draws"), QStringLiteral("2"), QStringLiteral("--quiet")},
                m_env, &out);
        QVERIFY2(rc == 0, out.constData());
        QVERIFY(QFileInfo::exists(m_demo + QStringLiteral("/workspace/scores.json")));
    }

    void galleryOpensOnTheDemo() {
        const QString shot = m_dir.filePath(QStringLiteral("gallery.png"));
        const QStringList cmd =
            gui({QStringLiteral("--demo-dir"), m_demo, QStringLiteral("--tab"), QStringLiteral("gallery"),
                 QStringLiteral("--size"), QStringLiteral("1280x800"), QStringLiteral("--screenshot"), shot});
        QByteArray out;
        const int rc = run(cmd.front(), cmd.mid(1), m_env, &out, 180000);
        QVERIFY2(rc == 0, out.constData());
        const QImage img(shot);
        QCOMPARE(img.size(), QSize(1280, 800));
        QVERIFY2(busyness(img) > 0.2, "the window shows thumbnails, not a blank canvas");
        // The view state is remembered in the workspace.
        QFile state(m_demo + QStringLiteral("/workspace/gui_state.json"));
        QVERIFY(state.open(QIODevice::ReadOnly));
        const QJsonObject view =
            QJsonDocument::fromJson(state.readAll()).object().value(QStringLiteral("view")).toObject();
        QCOMPARE(view.value(QStringLiteral("tab")).toString(), QStringLiteral("gallery"));
        QVERIFY(view.contains(QStringLiteral("current")));
    }

    void samplingTabGenerates() {
        const QString shot = m_dir.filePath(QStringLiteral("sampling.png"));
        const QStringList cmd =
            gui({QStringLiteral("--demo-dir"), m_demo, QStringLiteral("--tab"), QStringLiteral("sampling"),
                 QStringLiteral("--generate"), QStringLiteral("--size"), QStringLiteral("1280x800"),
                 QStringLiteral("--screenshot"), shot});
        QByteArray out;
        const int rc = run(cmd.front(), cmd.mid(1), m_env, &out, 300000);
        QVERIFY2(rc == 0, out.constData());
        QVERIFY2(!out.contains("still busy"), out.constData());
        QVERIFY(busyness(QImage(shot)) > 0.2);
    }

    // SIGTERM while a sampling job runs: the job is cancelled, the view state saved, exit status 0.
    // The application itself is started (offscreen), so that the signal reaches it and not xvfb-run.
    void terminateSignalQuitsCleanly() {
        QProcessEnvironment env = m_env;
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        QFile::remove(m_demo + QStringLiteral("/workspace/gui_state.json"));
        QProcess p;
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(exe("minoritylens"), {QStringLiteral("--demo-dir"), m_demo, QStringLiteral("--tab"),
                                      QStringLiteral("sampling"), QStringLiteral("--generate")});
        QByteArray out;
        QElapsedTimer t;
        t.start();
        while (!out.contains("sample: {") && p.state() != QProcess::NotRunning &&
               t.elapsed() < mlens::test::waitMs(300000)) {
            p.waitForReadyRead(200);
            out += p.readAll();
        }
        QVERIFY2(out.contains("sample: {"), out.constData());  // sampling has started
        p.terminate();
        QVERIFY2(p.waitForFinished(mlens::test::waitMs(300000)),
                 "the application did not quit after SIGTERM");
        out += p.readAll();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == 0, out.constData());
        QVERIFY2(out.contains("cancelling running jobs and quitting"), out.constData());
        QVERIFY(QFileInfo::exists(m_demo + QStringLiteral("/workspace/gui_state.json")));
    }
};

QTEST_MAIN(TestAppSmoke)
#include "test_app_smoke.moc"
