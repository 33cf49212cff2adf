// minoritylens-cli as a user runs it: the documented commands work, and every bad input ends with
// a non-zero exit and exactly one clear line on stderr (no crash, no C++ backtrace).
#include <QStandardPaths>
#include <QtTest/QtTest>

#include <unistd.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <filesystem>
#include <fstream>
#include <memory>

#include "tests/support/test_support.h"
#include "tests/support/toy_data.h"

using mlens::test::fixture;

namespace {

struct Run {
    int code = -1;
    QString out, err;
    bool crashed = false;
};

Run cli(const QStringList& args, int timeoutMs = 600000,
        const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QString::fromStdString(mlens::test::binaryDir() + "/minoritylens-cli"), args);
    Run r;
    if (!p.waitForFinished(mlens::test::waitMs(timeoutMs))) {
        p.kill();
        r.crashed = true;
        return r;
    }
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.code = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QString f(const std::string& rel) {
    return QString::fromStdString(fixture(rel));
}

}  // namespace

class TestCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    void expectCleanFailure(const QStringList& args, const QString& expected, int code = 1) {
        const Run r = cli(args);
        QVERIFY2(!r.crashed, qPrintable("crashed: " + args.join(' ')));
        QCOMPARE(r.code, code);
        const QStringList lines = r.err.trimmed().split('\n');
        QVERIFY2(lines.size() == 1,
                 qPrintable("stderr has " + QString::number(lines.size()) + " lines:\n" + r.err));
        QVERIFY2(r.err.contains(expected), qPrintable("stderr lacks '" + expected + "':\n" + r.err));
        QVERIFY2(!r.err.contains("terminate called") && !r.err.contains("Exception raised from"),
                 qPrintable(r.err));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(!mlens::test::sharedDir().empty()); }

    void helpForEveryCommand() {
        const Run top = cli({"--help"});
        QCOMPARE(top.code, 0);
        for (const char* c : {"inspect", "verify", "score", "calibrate-t", "fit-hardness", "hardness",
                              "classes", "train-classifier", "sample"}) {
            QVERIFY(top.out.contains(c));
            const Run r = cli({c, "--help"});
            QCOMPARE(r.code, 0);
            QVERIFY2(r.out.startsWith(QString("usage: minoritylens-cli ") + c), qPrintable(r.out));
        }
    }

    // libgomp prints the settings it started with (OMP_DISPLAY_ENV): passive (spin count 0, where
    // libgomp's default is 300000) unless the user chose.
    void openMpWaitsPassivelyUnlessTold() {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("OMP_WAIT_POLICY"));
        env.insert(QStringLiteral("OMP_DISPLAY_ENV"), QStringLiteral("VERBOSE"));
        const Run quiet = cli({"--version"}, 120000, env);
        QCOMPARE(quiet.code, 0);
        QVERIFY2(quiet.err.contains("OMP_WAIT_POLICY = 'PASSIVE'"), qPrintable(quiet.err));
        QVERIFY2(quiet.err.contains("GOMP_SPINCOUNT = '0'"), qPrintable(quiet.err));
        env.insert(QStringLiteral("OMP_WAIT_POLICY"), QStringLiteral("ACTIVE"));
        const Run told = cli({"--version"}, 120000, env);
        QCOMPARE(told.code, 0);
        QVERIFY2(told.err.contains("OMP_WAIT_POLICY = 'ACTIVE'"), qPrintable(told.err));
    }

    void inspectShowsTensorsAndConfig() {
        const Run r = cli({"inspect", f("adm/classifier_rgb32.pt")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("model: EncoderUNetModel"));
        QVERIFY(r.out.contains("out.2.positional_embedding"));
        QVERIFY(r.out.contains("\"pool\": \"attention\""));
        // The configuration shown is the one loading uses: here the JSON beside the checkpoint ...
        QVERIFY2(r.out.contains("configuration used when loading (config file ") &&
                     r.out.contains("classifier_rgb32.json (beside the checkpoint)"),
                 qPrintable(r.out));
        QVERIFY(!r.out.contains("assumed:"));
        // ... and without it, inference, with what the weights do not store.
        const QString alone = m_dir.filePath("alone.pt");
        QVERIFY(QFile::copy(f("adm/classifier_rgb32.pt"), alone));
        const Run inferred = cli({"inspect", alone});
        QVERIFY2(inferred.out.contains("configuration used when loading (inferred from the checkpoint)"),
                 qPrintable(inferred.out));
        QVERIFY(inferred.out.contains("assumed: num_head_channels"));
        const Run demo = cli({"inspect", "--json",
                              QString::fromStdString(mlens::test::sourceDir() +
                                                     "/resources/demo/phantom_backbone.safetensors")});
        QCOMPARE(QJsonDocument::fromJson(demo.out.toUtf8())["config_source"].toString(),
                 QString("the checkpoint's metadata"));
        const Run j = cli({"inspect", "--json", f("lpips/alex.pth")});
        QCOMPARE(j.code, 0);
        const QJsonDocument doc = QJsonDocument::fromJson(j.out.toUtf8());
        QCOMPARE(doc["format"].toString(), QString("pytorch-legacy"));
        QCOMPARE(doc["model_type"].toString(), QString("LPIPS linear heads"));
        QCOMPARE(doc["tensors"].toArray().size(), 5);
    }

    void verifyPassesEveryNetworkFixture() {
        for (const char* n :
             {"unet_rgb32", "unet_gray32_cond", "classifier_rgb32", "classifier_gray32_adaptive"}) {
            const QString base = QString("adm/") + n;
            const Run r = cli({"verify", "--model", f((base + ".pt").toStdString()), "--config",
                               f((base + ".json").toStdString()), "--io", f((base + "_io.pt").toStdString()),
                               "--json"});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8());
            QVERIFY(doc["passed"].toBool());
            QVERIFY(doc["relative_error"].toDouble() < 1e-4);
        }
    }

    void verifyFailsAboveTolerance() {
        const Run r = cli({"verify", "--model", f("adm/unet_rgb32.pt"), "--config", f("adm/unet_rgb32.json"),
                           "--io", f("adm/unet_rgb32_io.pt"), "--tol", "1e-12"});
        QCOMPARE(r.code, 1);
        QVERIFY(r.out.startsWith("FAIL"));
        QVERIFY(r.err.contains("exceeds"));
    }

    void sampleReplaysATrajectory() {
        const QString out = m_dir.filePath("replay");
        const Run r =
            cli({"sample", "--model", f("adm/unet_rgb32.pt"), "--model-config", f("adm/unet_rgb32.json"),
                 "--respacing", "10", "--replay-noise", f("adm/trajectory_io.pt"), "--out", out, "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(out + "/samples.safetensors"));
        QVERIFY(QFile::exists(out + "/samples.npz"));
        QVERIFY(QFile::exists(out + "/sample_000001.png"));
    }

    // The headless sweep writes one grid PNG and the samples; a bad spec or a missing classifier is
    // refused in one line before any work.
    void sampleSweepWritesTheGrid() {
        const QString out = m_dir.filePath("sweep");
        const QStringList models = {"--model", f("adm/unet_rgb32.pt"), "--classifier",
                                    f("adm/classifier_rgb32.pt")};
        const Run r = cli(QStringList{"sample"} + models +
                          QStringList{"--respacing", "3", "--sweep", "classes=1,4,scales=0,1.5", "--out", out,
                                      "--device", "cpu", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("\"runs\": 3"), qPrintable(r.out));
        QVERIFY(QFile::exists(out + "/sweep.png"));
        QVERIFY(QFile::exists(out + "/sweep.npz"));
        QVERIFY(!QFile::exists(out + "/samples.npz"));
        const QString bad = m_dir.filePath("sweep_bad");
        expectCleanFailure(
            QStringList{"sample"} + models + QStringList{"--sweep", "classes=1,scales=x", "--out", bad},
            "--sweep: scales takes numbers", 2);
        expectCleanFailure(
            {"sample", "--model", f("adm/unet_rgb32.pt"), "--sweep", "classes=1,scales=1", "--out", bad},
            "--sweep needs --classifier", 2);
        expectCleanFailure(QStringList{"sample"} + models +
                               QStringList{"--sweep", "classes=1,scales=1", "--scale", "2", "--out", bad},
                           "--sweep sets the classes", 2);
        expectCleanFailure(
            QStringList{"sample"} + models + QStringList{"--sweep", "classes=1,30,scales=1", "--out", bad},
            "class 30 is out of range");
        QVERIFY(!QFile::exists(bad + "/sweep.png"));
    }

    void scoreSurvivesKillNine() {
        // A run killed with SIGKILL mid-way and started again ends with exactly the numbers of an
        // uninterrupted run, and leaves no half-written file behind.
        const std::string data = m_dir.filePath("kill_data").toStdString();
        mlens::test::writeToyDataset(data, 64, 32, 3, 3, 5);
        auto args = [&](const QString& ws) {
            return QStringList{"score",
                               "--model",
                               f("adm/unet_rgb32.pt"),
                               "--model-config",
                               f("adm/unet_rgb32.json"),
                               "--data",
                               QString::fromStdString(data),
                               "--workspace",
                               ws,
                               "--distance",
                               "l2",
                               "--batch",
                               "4",
                               "--quiet"};
        };
        const QString full = m_dir.filePath("ws_full"), killed = m_dir.filePath("ws_killed");
        QCOMPARE(cli(args(full)).code, 0);

        QProcess p;
        p.start(QString::fromStdString(mlens::test::binaryDir() + "/minoritylens-cli"), args(killed));
        QVERIFY(p.waitForStarted());
        QDir cache;
        int batches = 0;
        QElapsedTimer waited;
        waited.start();
        while (batches < 4 && waited.elapsed() < mlens::test::waitMs(30000)) {
            QThread::msleep(50);
            const QStringList dirs = QDir(killed + "/cache").entryList({"score-*"}, QDir::Dirs);
            if (!dirs.isEmpty())
                batches =
                    QDir(killed + "/cache/" + dirs.front()).entryList({"batch-*.json"}, QDir::Files).size();
        }
        QVERIFY2(batches >= 4 && batches < 16,
                 qPrintable(QString("%1 batches cached before the kill").arg(batches)));
        p.kill();  // SIGKILL
        p.waitForFinished();
        QVERIFY(!QFile::exists(killed + "/scores.csv"));

        const Run resumed = cli(args(killed) << "--json");
        QCOMPARE(resumed.code, 0);
        const QJsonDocument doc = QJsonDocument::fromJson(resumed.out.toUtf8());
        QVERIFY2(doc["reused"].toInt() >= 16, qPrintable(resumed.out));
        QFile a(full + "/scores.csv"), b(killed + "/scores.csv");
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QCOMPARE(b.readAll(), a.readAll());
        for (const QString& name : QDir(killed).entryList(QDir::Files))
            QVERIFY2(!name.contains(".partial"), qPrintable(name));
    }

    // Three shards at once in one workspace; one is killed with SIGKILL mid-way, named by the
    // merge and by --status, and restarted: it redoes at most the batch it was in, and the merge
    // writes scores.csv byte for byte as the unsharded run did, recomputing nothing.
    void scoreShardsRunAtOnce() {
        const std::string data = m_dir.filePath("shard_data").toStdString();
        mlens::test::writeToyDataset(data, 48, 32, 3, 4, 6);
        const QString ws = m_dir.filePath("ws_shards"), plain = m_dir.filePath("ws_unsharded");
        auto args = [&](const QString& w) {
            return QStringList{"score",
                               "--model",
                               f("adm/unet_rgb32.pt"),
                               "--model-config",
                               f("adm/unet_rgb32.json"),
                               "--data",
                               QString::fromStdString(data),
                               "--workspace",
                               w,
                               "--distance",
                               "l2",
                               "--batch",
                               "2",
                               "--quiet"};
        };
        QCOMPARE(cli(args(plain)).code, 0);
        const QString exe = QString::fromStdString(mlens::test::binaryDir() + "/minoritylens-cli");
        std::vector<std::unique_ptr<QProcess>> shards;
        for (int k = 0; k < 3; ++k) {
            shards.push_back(std::make_unique<QProcess>());
            shards.back()->start(exe, args(ws) << "--shard" << QString("%1/3").arg(k));
            QVERIFY(shards.back()->waitForStarted());
        }
        // kill shard 1 once it has finished a batch (its status file says so), long before its last
        const QString status1 = ws + "/shards/score-1-of-3.json";
        int doneAtKill = 0;
        QElapsedTimer waited;
        waited.start();
        while (doneAtKill < 1 && waited.elapsed() < mlens::test::waitMs(60000)) {
            QThread::msleep(20);
            QFile file(status1);
            if (file.open(QIODevice::ReadOnly))
                doneAtKill = QJsonDocument::fromJson(file.readAll())["done"].toInt();
        }
        shards[1]->kill();
        shards[1]->waitForFinished();
        QVERIFY2(doneAtKill >= 1 && doneAtKill < 8, qPrintable(QString("killed at %1 of 8").arg(doneAtKill)));
        for (int k : {0, 2}) {
            QVERIFY(shards[static_cast<size_t>(k)]->waitForFinished(mlens::test::waitMs(600000)));
            QCOMPARE(shards[static_cast<size_t>(k)]->exitCode(), 0);
        }
        QVERIFY(!QFile::exists(ws + "/scores.csv"));

        const Run merge = cli(args(ws) << "--merge");
        QCOMPARE(merge.code, 1);
        QVERIFY2(merge.err.contains("rerun shard 1/3") && merge.err.trimmed().count('\n') == 0,
                 qPrintable(merge.err));
        const Run status = cli({"score", "--status", ws, "--json"});
        QCOMPARE(status.code, 0);
        const QJsonArray list = QJsonDocument::fromJson(status.out.toUtf8())["shards"].toArray();
        QCOMPARE(list.size(), 3);
        QVERIFY(list[0]["finished"].toBool() && !list[1]["finished"].toBool() &&
                list[2]["finished"].toBool());
        QCOMPARE(list[1]["batches"].toInt(), 8);  // 24 batches of 2: 1, 4, ..., 22

        const Run rerun = cli(args(ws) << "--shard"
                                       << "1/3"
                                       << "--json");
        QCOMPARE(rerun.code, 0);
        const int redone = QJsonDocument::fromJson(rerun.out.toUtf8())["scored"].toInt();
        QVERIFY2(redone > 0 && redone <= 2 * (8 - doneAtKill), qPrintable(rerun.out));
        const Run merged = cli(args(ws) << "--merge"
                                        << "--json");
        QCOMPARE(merged.code, 0);
        QCOMPARE(QJsonDocument::fromJson(merged.out.toUtf8())["scored"].toInt(), 0);
        QFile a(plain + "/scores.csv"), b(ws + "/scores.csv");
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QCOMPARE(b.readAll(), a.readAll());
        expectCleanFailure({"score", "--model", f("adm/unet_rgb32.pt"), "--data",
                            QString::fromStdString(data), "--workspace", ws, "--shard", "3/3"},
                           "K must lie in 0..N-1");
    }

    // sample --shard / --merge / --status through the CLI, as the Slurm templates run them.
    void sampleShardsReportTheirStatus() {
        const QString out = m_dir.filePath("sample_shards");
        const QStringList args = {"sample",
                                  "--model",
                                  f("adm/unet_rgb32.pt"),
                                  "--model-config",
                                  f("adm/unet_rgb32.json"),
                                  "--respacing",
                                  "3",
                                  "--num-samples",
                                  "5",
                                  "--batch-size",
                                  "2",
                                  "--out",
                                  out,
                                  "--quiet"};
        QCOMPARE(cli(QStringList(args) << "--shard"
                                       << "0/2")
                     .code,
                 0);
        Run status = cli({"sample", "--status", out, "--json"});
        QCOMPARE(status.code, 0);
        QJsonDocument doc = QJsonDocument::fromJson(status.out.toUtf8());
        QCOMPARE(doc["shards"].toArray().size(), 1);
        QCOMPARE(doc["shards"].toArray().at(0).toObject()["batches"].toInt(), 2);  // batches 0 and 2 of 0..2
        QVERIFY(!doc["merged"].toBool());
        const Run early = cli(QStringList(args) << "--merge");
        QCOMPARE(early.code, 1);
        QVERIFY2(early.err.contains("rerun shard 1/2 (never started)"), qPrintable(early.err));
        QCOMPARE(cli(QStringList(args) << "--shard"
                                       << "1/2")
                     .code,
                 0);
        QCOMPARE(cli(QStringList(args) << "--merge").code, 0);
        doc = QJsonDocument::fromJson(cli({"sample", "--status", out, "--json"}).out.toUtf8());
        QVERIFY(doc["merged"].toBool());
        QVERIFY(QFile::exists(out + "/sample_000004.png"));
        expectCleanFailure({"sample", "--status", m_dir.filePath("nothing_here")}, "holds no sample job", 2);
    }

    void pipelineRunsEndToEnd() {
        // score -> classes -> train-classifier -> sample --with-baseline on a small dataset
        const std::string data = m_dir.filePath("pipe_data").toStdString();
        mlens::test::writeToyDataset(data, 48, 32, 3, 9, 6);
        const QString ws = m_dir.filePath("pipe_ws");
        Run r = cli({"score", "--model", f("adm/unet_rgb32.pt"), "--model-config", f("adm/unet_rgb32.json"),
                     "--data", QString::fromStdString(data), "--workspace", ws, "--distance", "l2", "--draws",
                     "2", "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = cli({"classes", "--workspace", ws, "--num-classes", "4", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8())["counts"].toArray().size(), 4);
        r = cli({"train-classifier", "--workspace", ws, "--iterations", "20", "--eval-every", "10",
                 "--batch-size", "8", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString clf = QJsonDocument::fromJson(r.out.toUtf8())["checkpoint"].toString();
        QVERIFY(QFile::exists(clf));
        r = cli({"sample", "--model", f("adm/unet_rgb32.pt"), "--model-config", f("adm/unet_rgb32.json"),
                 "--classifier", clf, "--target-class", "3", "--scale", "2", "--respacing", "10",
                 "--num-samples", "2", "--with-baseline", "--out", ws + "/samples", "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(ws + "/samples/baseline/sample_000001.png"));
        QVERIFY(QFile::exists(ws + "/samples/guided/samples.npz"));
        r = cli({"sample", "--model", f("adm/unet_rgb32.pt"), "--model-config", f("adm/unet_rgb32.json"),
                 "--classifier", clf, "--mixture", ws + "/classes.json", "--scale", "2", "--respacing", "10",
                 "--num-samples", "1", "--out", ws + "/mix", "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        // a classifier of 4 classes cannot guide towards class 7
        expectCleanFailure(
            {"sample", "--model", f("adm/unet_rgb32.pt"), "--model-config", f("adm/unet_rgb32.json"),
             "--classifier", clf, "--target-class", "7", "--scale", "2", "--out", ws + "/bad"},
            "target class 7 is out of range");
        // a 32x32 classifier and a 64x64 backbone
        expectCleanFailure(
            {"sample", "--model", f("adm/unet_rgb32.pt"), "--model-config", f("adm/unet_rgb32.json"),
             "--image-size", "64", "--classifier", clf, "--target-class", "1", "--out", ws + "/bad"},
            "classifier and backbone resolutions disagree (32 vs 64)");
    }

    // calibrate-t prints its table and recommends a candidate; score --t auto scores at that step.
    void hardnessFitsAndScores() {
        const QString data = m_dir.filePath("hard_data");
        Run r = cli({"phantom", "--out", data, "--kind", "shapes", "--count", "80"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QStringList fit = {"fit-hardness",
                                 "--data",
                                 data,
                                 "--labels-csv",
                                 data + "/labels.csv",
                                 "--classifier",
                                 f("adm/classifier_rgb32.pt"),
                                 "--classifier-config",
                                 f("adm/classifier_rgb32.json")};
        r = cli(fit + QStringList{"--t", "400,0", "--out", m_dir.filePath("h.safetensors")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("64-d embeddings, t = 0,400, oas shrinkage"), qPrintable(r.out));
        r = cli({"hardness", "--model", m_dir.filePath("h.safetensors"), "--data", data, "--t", "350",
                 "--out", m_dir.filePath("h.csv"), "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject h = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(h["t"].toInt(), 400);
        QCOMPARE(h["count"].toInt(), 80);
        QFile csv(m_dir.filePath("h.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(QString(csv.readLine()).trimmed(), QString("path,label,class,hardness"));
        expectCleanFailure({"fit-hardness", "--data", data, "--classifier", f("adm/classifier_rgb32.pt"),
                            "--out", m_dir.filePath("x.safetensors")},
                           "the hardness score needs labels", 2);
        expectCleanFailure(fit + QStringList{"--t", "0,-5", "--out", m_dir.filePath("x.safetensors")},
                           "--t: \"-5\" is not a step of at least 0", 2);
        expectCleanFailure(fit + QStringList{"--out", m_dir.filePath("x.pt")}, "must be a .safetensors file",
                           1);
        QVERIFY(!QFile::exists(m_dir.filePath("x.safetensors")));

        const QStringList sample = {"sample",
                                    "--model",
                                    f("adm/unet_rgb32.pt"),
                                    "--model-config",
                                    f("adm/unet_rgb32.json"),
                                    "--respacing",
                                    "4",
                                    "--num-samples",
                                    "2"};
        r = cli(sample + QStringList{"--sehwag", m_dir.filePath("h.safetensors"), "--alpha", "0.5",
                                     "--with-baseline", "--out", m_dir.filePath("sehwag")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(m_dir.filePath("sehwag/guided/samples.npz")) &&
                QFile::exists(m_dir.filePath("sehwag/baseline/samples.npz")));
        expectCleanFailure(sample + QStringList{"--sehwag", m_dir.filePath("h.safetensors"), "--beta", "0.5",
                                                "--out", m_dir.filePath("s2")},
                           "--beta needs --discriminator", 2);
        expectCleanFailure(sample + QStringList{"--alpha", "0.5", "--out", m_dir.filePath("s3")},
                           "--alpha, --beta, --tau and --discriminator need --sehwag", 2);
    }

    void calibrateTChoosesTheScoresStep() {
        const std::string data = m_dir.filePath("cal_data").toStdString();
        mlens::test::writeToyDataset(data, 40, 32, 3, 9, 6);
        const QStringList model = {"--model", f("adm/unet_rgb32.pt"), "--model-config",
                                   f("adm/unet_rgb32.json")};
        const QStringList settings = {"--data",       QString::fromStdString(data),
                                      "--distance",   "l2",
                                      "--draws",      "1",
                                      "--candidates", "300,100",
                                      "--subset",     "30"};
        Run r =
            cli(QStringList{"calibrate-t"} + model + settings + QStringList{"--out", m_dir.filePath("cal")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("30 images (0 unreadable)") && r.out.contains("<- recommended"),
                 qPrintable(r.out));
        r = cli(QStringList{"calibrate-t"} + model + settings +
                QStringList{"--out", m_dir.filePath("cal"), "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject cal = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QVERIFY(cal["reused"].toBool());  // the same settings: read back
        QCOMPARE(cal["table"].toArray().size(), 2);
        const int t = cal["recommended"].toInt();
        QVERIFY2(t == 100 || t == 300, qPrintable(r.out));
        QVERIFY(QFile::exists(m_dir.filePath("cal/calibration.png")));
        r = cli(QStringList{"score"} + model + settings +
                QStringList{"--t", "auto", "--workspace", m_dir.filePath("cal_ws"), "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject score = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(score["t"].toInt(), t);  // the same subset and settings choose the same step
        QCOMPARE(score["calibration_json"].toString(), m_dir.filePath("cal_ws/calibration/calibration.json"));
        expectCleanFailure(QStringList{"calibrate-t"} + model +
                               QStringList{"--data", QString::fromStdString(data), "--out",
                                           m_dir.filePath("c2"), "--candidates", "100,abc"},
                           "--candidates: t candidates: \"abc\" is not a step of at least 1", 2);
        expectCleanFailure(QStringList{"score"} + model +
                               QStringList{"--data", QString::fromStdString(data), "--workspace",
                                           m_dir.filePath("c3"), "--t", "soon"},
                           "--t must be a step of at least 1 or \"auto\"", 2);
        expectCleanFailure(
            QStringList{"calibrate-t"} + model +
                QStringList{"--data", QString::fromStdString(data), "--out", m_dir.filePath("c4"),
                            "--candidates", "100,1000", "--distance", "l2"},
            "t candidate 1000 is not below the 1000 steps", 1);
        // the subset is held decoded: a 512-px model (the same weights, fully convolutional) fits 682
        std::string config;
        {
            std::ifstream in(fixture("adm/unet_rgb32.json"));
            config.assign((std::istreambuf_iterator<char>(in)), {});
        }
        const std::string size32 = "\"image_size\": 32";
        const size_t at = config.find(size32);
        QVERIFY(at != std::string::npos);
        config.replace(at, size32.size(), "\"image_size\": 512");
        const QString big = m_dir.filePath("unet_rgb512.json");
        std::ofstream(big.toStdString()) << config;
        expectCleanFailure(
            {"calibrate-t", "--model", f("adm/unet_rgb32.pt"), "--model-config", big, "--data",
             QString::fromStdString(data), "--out", m_dir.filePath("c5"), "--subset", "1000", "--distance",
             "l2"},
            "a calibration subset of 1000 images at 512 px needs more than 2 GiB; at most 682 fit");
    }

    // slices, export (de-identified, of an unscored workspace) and grades as a clinician runs them.
    void clinicalCommands() {
        const QString nii = QString::fromStdString(mlens::test::testData("ch2_psl_int16.nii.gz"));
        const Run s = cli({"slices", "--in", nii, "--out", m_dir.filePath("slices"), "--json"});
        QCOMPARE(s.code, 0);
        const QJsonObject sj = QJsonDocument::fromJson(s.out.toUtf8()).object();
        QCOMPARE(sj["stored_orientation"].toString(), QString("PSL"));
        QCOMPARE(sj["slices"].toInt(),
                 31);  // ch2 strided by 6 along the stored axes: 31 axial slices of 37 x 31
        QVERIFY(QFile::exists(m_dir.filePath("slices/slices.npy")));

        const std::string data = m_dir.filePath("cdata").toStdString(),
                          ws = m_dir.filePath("cws").toStdString();
        std::filesystem::create_directories(ws);
        std::filesystem::copy(mlens::test::testData("dicom_series"), data);
        const Run e = cli({"export", "--workspace", QString::fromStdString(ws), "--data",
                           QString::fromStdString(data), "--out", m_dir.filePath("cexport"), "--deidentify",
                           "--key-file", m_dir.filePath("ckey.csv"), "--json"});
        QCOMPARE(e.code, 0);
        const QJsonObject ej = QJsonDocument::fromJson(e.out.toUtf8()).object();
        // Axial slices: series 7 (5 axial files), series 8 (3 coronal files: 8 non-empty axial rows), sc.dcm.
        QCOMPARE(ej["exported"].toInt(), 14);
        QVERIFY(ej["removed"].toArray().contains(QString("PatientName")));
        QVERIFY(QFile::exists(m_dir.filePath("ckey.csv")));

        // Grades are entered in the GUI (test_annotations covers the export and the agreement).
        expectCleanFailure(
            {"grades", "--workspace", QString::fromStdString(ws), "--out", m_dir.filePath("grades.csv")},
            "has no grades yet");
        QVERIFY(!QFile::exists(m_dir.filePath("grades.csv")));

        expectCleanFailure({"export", "--workspace", QString::fromStdString(ws), "--data",
                            QString::fromStdString(data), "--out", QString::fromStdString(data + "/out")},
                           "inside the dataset");
        QVERIFY(!std::filesystem::exists(data + "/out"));
        const QString cut = m_dir.filePath("cut.dcm");
        {
            std::ifstream in(mlens::test::testData("dicom_series/a99.dcm"), std::ios::binary);
            std::string bytes((std::istreambuf_iterator<char>(in)), {});
            std::ofstream(cut.toStdString(), std::ios::binary) << bytes.substr(0, 3000);
        }
        expectCleanFailure({"slices", "--in", cut, "--out", m_dir.filePath("cutslices")},
                           "not a readable DICOM file");
    }

    void badInputsFailWithOneLine() {
        const QString junk = m_dir.filePath("junk.pt");
        std::ofstream(junk.toStdString()) << "definitely not a checkpoint";
        const QString truncated = m_dir.filePath("truncated.pt");
        {
            std::ifstream in(fixture("adm/classifier_rgb32.pt"), std::ios::binary);
            std::string bytes((std::istreambuf_iterator<char>(in)), {});
            std::ofstream(truncated.toStdString(), std::ios::binary) << bytes.substr(0, bytes.size() / 2);
        }
        expectCleanFailure({"inspect", m_dir.filePath("missing.pt")}, "no such file");
        expectCleanFailure({"inspect", junk}, "is not a PyTorch checkpoint");
        // A name with an escape sequence and a newline: written escaped, still one line.
        const QString evil = m_dir.filePath(QString::fromLatin1("evil\x1b[31m\nname.pt"));
        std::ofstream(evil.toStdString()) << "not a checkpoint either";
        expectCleanFailure({"inspect", evil}, "evil\\x1B[31m\\x0Aname.pt");
        QVERIFY(!cli({"inspect", evil}).err.contains(QChar(0x1b)));
        expectCleanFailure({"inspect", truncated}, "not a readable zip archive");
        expectCleanFailure({"inspect", QString::fromStdString(mlens::test::testData("hostile_zip.pt"))},
                           "refusing to load global 'posix.system'");
        expectCleanFailure({"verify", "--model", f("adm/unet_rgb32.pt"), "--config", f("adm/unet_rgb32.json"),
                            "--io", f("adm/classifier_rgb32_io.pt")},
                           "model output [2, 6, 32, 32] vs recorded out [2, 10]", 1);
        expectCleanFailure({"verify", "--model", f("adm/unet_rgb32.pt"), "--config",
                            f("adm/classifier_rgb32.json"), "--io", f("adm/unet_rgb32_io.pt")},
                           "checkpoint does not match the model");
        expectCleanFailure(
            {"verify", "--model", f("adm/unet_rgb32.pt"), "--io", f("adm/unet_rgb32_io.pt"), "--tol", "abc"},
            "--tol expects a number", 2);
        expectCleanFailure({"sample", "--model", f("adm/unet_rgb32.pt"), "--bogus"}, "unknown option --bogus",
                           2);
        expectCleanFailure({"sample", "--model", f("adm/unet_rgb32.pt"), "--model-config",
                            f("adm/unet_rgb32.json"), "--out", m_dir.filePath("s"), "--respacing", "ddim999"},
                           "cannot create exactly 999 steps");
        expectCleanFailure(
            {"sample", "--model", f("adm/unet_rgb32.pt"), "--out", m_dir.filePath("s"), "--device", "cuda:7"},
            "CUDA");
        expectCleanFailure({"frobnicate"}, "unknown command", 2);
        // Checked before any work: thread counts, an output that is a file, a FIFO as a checkpoint.
        expectCleanFailure(
            {"sample", "--model", f("adm/unet_rgb32.pt"), "--out", m_dir.filePath("s"), "--threads", "0"},
            "--threads must be between 1 and", 2);
        expectCleanFailure(
            {"sample", "--model", f("adm/unet_rgb32.pt"), "--out", m_dir.filePath("s"), "--threads", "-3"},
            "--threads must be between 1 and", 2);
        expectCleanFailure({"sample", "--model", f("adm/unet_rgb32.pt"), "--out", m_dir.filePath("s"),
                            "--threads", "100000"},
                           "--threads must be between 1 and", 2);
        expectCleanFailure({"sample", "--model", f("adm/unet_rgb32.pt"), "--model-config",
                            f("adm/unet_rgb32.json"), "--out", junk},
                           "exists and is not a folder");
        expectCleanFailure(
            {"score", "--model", f("adm/unet_rgb32.pt"), "--data", m_dir.path(), "--workspace", junk},
            "exists and is not a folder");
        expectCleanFailure({"phantom", "--out", junk + "/inside"},
                           "cannot be created: " + junk + " is a file");
        expectCleanFailure({"sample", "--model", f("adm/unet_rgb32.pt"), "--model-config",
                            f("adm/unet_rgb32.json"), "--out", m_dir.filePath("s"), "--num-samples", "0"},
                           "the number of samples must be at least 1");
        expectCleanFailure({"sample", "--model", f("adm/unet_rgb32.pt"), "--model-config",
                            f("adm/unet_rgb32.json"), "--classifier", f("adm/classifier_rgb32.pt"),
                            "--classifier-config", f("adm/classifier_rgb32.json"), "--target-class", "1",
                            "--out", m_dir.filePath("s"), "--scale", "1e308"},
                           "the guidance scale must be a finite number");
        expectCleanFailure({"phantom", "--out", m_dir.filePath("p0"), "--count", "0"},
                           "the image count must be at least 1");
        const QString fifo = m_dir.filePath("fifo.pt");
        QCOMPARE(QProcess::execute(QStringLiteral("mkfifo"), {fifo}), 0);
        expectCleanFailure({"inspect", fifo}, "is not a regular file");
    }

    // Many unreadable files: one line per kind of problem, not one per file (those under --verbose
    // and in scores.json).
    void skippedFilesAreSummarised() {
        const std::string data = m_dir.filePath("skip_data").toStdString();
        mlens::test::writeToyDataset(data, 4, 32, 3, 3, 5);
        for (int i = 0; i < 30; ++i)
            std::ofstream(data + "/empty_" + std::to_string(i) + ".png").close();
        std::filesystem::create_symlink("gone.png", data + "/broken_1.png");
        std::filesystem::create_symlink("gone.png", data + "/broken_2.png");
        QStringList withModel{"score",
                              "--model",
                              f("adm/unet_rgb32.pt"),
                              "--model-config",
                              f("adm/unet_rgb32.json"),
                              "--data",
                              QString::fromStdString(data),
                              "--workspace",
                              m_dir.filePath("skip_ws"),
                              "--distance",
                              "l2",
                              "--draws",
                              "1"};
        Run r = cli(withModel);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("34 images at t=605: 4 scored, 0 from cache, 30 unreadable (and 2 other "
                                "entries skipped)"),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains("skipped 30: empty file"), qPrintable(r.out));
        QVERIFY2(r.out.contains("skipped 2: broken link"), qPrintable(r.out));
        QVERIFY2(!r.out.contains("empty_7.png") && r.out.count('\n') <= 6, qPrintable(r.out));
        QVERIFY2(!r.err.contains("empty_7.png"), qPrintable(r.err));
        QFile json(m_dir.filePath("skip_ws/scores.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonDocument doc = QJsonDocument::fromJson(json.readAll());
        QCOMPARE(doc["skipped"].toArray().size(), 32);
        QCOMPARE(doc["skipped_by_reason"].toArray().first()["count"].toInt(), 30);
        r = cli(withModel << "--verbose");  // scores come from the cache
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("skipped empty_7.png: empty file (0 bytes)"), qPrintable(r.out));
        QVERIFY2(r.out.contains("skipped broken_2.png: broken link"), qPrintable(r.out));
    }

    // A folder and a file the user may not read are skipped and listed with the OS reason. Root reads
    // everything, so as root the command runs as nobody (setpriv, util-linux) on a world-readable copy.
    void unreadableEntriesAreListed() {
        QStringList prefix;
        if (::geteuid() == 0) {
            if (QStandardPaths::findExecutable(QStringLiteral("setpriv")).isEmpty())
                QSKIP("running as root without setpriv: permission bits cannot be tested");
            prefix = {"--reuid=65534", "--regid=65534", "--clear-groups", "--"};
        }
        namespace fs = std::filesystem;
        QTemporaryDir open(QStringLiteral("/tmp/mlens-perm-XXXXXX"));
        const fs::path root = open.path().toStdString();
        const auto all = fs::perms::all;
        fs::permissions(root, all);
        const fs::path data = root / "data", ws = root / "ws";
        mlens::test::writeToyDataset(data.string(), 3, 32, 3, 3, 5);
        const fs::path any = fs::directory_iterator(data)->path();  // one of the toy images
        fs::create_directories(data / "locked");
        fs::copy_file(any, data / "locked" / "inside.png");
        fs::copy_file(any, data / "secret.png");
        fs::create_directories(ws);
        for (const auto& e : fs::recursive_directory_iterator(root))
            fs::permissions(e.path(), e.is_directory() ? all
                                                       : fs::perms::owner_all | fs::perms::group_read |
                                                             fs::perms::others_read);
        fs::permissions(data / "locked", fs::perms::none);
        fs::permissions(data / "secret.png", fs::perms::none);
        const QString cliPath = QString::fromStdString(mlens::test::binaryDir() + "/minoritylens-cli");
        QStringList args = prefix;
        args << cliPath << "score"
             << "--model" << f("adm/unet_rgb32.pt") << "--model-config" << f("adm/unet_rgb32.json")
             << "--data" << QString::fromStdString(data.string()) << "--workspace"
             << QString::fromStdString(ws.string()) << "--distance"
             << "l2"
             << "--draws"
             << "1";
        QProcess p;
        p.start(prefix.isEmpty() ? cliPath : QStringLiteral("setpriv"),
                prefix.isEmpty() ? args.mid(1) : args);
        QVERIFY(p.waitForFinished(mlens::test::waitMs(600000)));
        const QString out = QString::fromUtf8(p.readAllStandardOutput()),
                      err = QString::fromUtf8(p.readAllStandardError());
        fs::permissions(data / "locked", all);  // so that the temporary folder can be removed
        fs::permissions(data / "secret.png", all);
        QVERIFY2(p.exitCode() == 0, qPrintable(err));
        qInfo("%s", qPrintable(out));
        QVERIFY2(out.contains("3 scored") && out.contains("skipped 1: cannot open folder") &&
                     out.contains("skipped 1: cannot open file"),
                 qPrintable(out));
        QFile json(QString::fromStdString((ws / "scores.json").string()));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(json.readAll());
        QVERIFY2(text.contains("locked") && text.contains("Permission denied"), qPrintable(text));
        QVERIFY2(text.contains("secret.png"), qPrintable(text));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
