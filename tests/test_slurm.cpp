// A real one-node Slurm cluster on localhost (Debian's munge, slurmctld and slurmd, a slurm.conf
// written into a temporary folder, free ports): packaging/slurm/submit-score.sh submits a 3-task score
// array and its dependent merge, and the merged scores.csv equals an unsharded run's byte for byte.
// Everything the test starts is stopped by PID. Without the daemons, or where slurmd cannot run,
// the test says why and skips; it never passes without a cluster.
#include <QtTest/QtTest>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/support/test_support.h"
#include "tests/support/toy_data.h"

using mlens::test::fixture;

namespace {

QString findTool(const QString& name) {
    for (const QString& dir : {"/usr/sbin", "/usr/bin", "/sbin", "/bin"})
        if (QFileInfo(dir + "/" + name).isExecutable()) return dir + "/" + name;
    return QStandardPaths::findExecutable(name);
}

// A port nothing listens on now (the kernel's choice for port 0).
int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
        port = ntohs(a.sin_port);
    ::close(fd);
    return port;
}

struct Output {
    int code = -1;
    QString out, err;
};

}  // namespace

class TestSlurm : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_root;
    QProcessEnvironment m_env = QProcessEnvironment::systemEnvironment();
    QStringList m_pidFiles;  // of the daemons started, stopped in cleanupTestCase

    Output run(const QString& program, const QStringList& args, int ms = 120000) {
        QProcess p;
        p.setProcessEnvironment(m_env);
        p.start(program, args);
        Output o;
        if (!p.waitForFinished(mlens::test::waitMs(ms))) {
            p.kill();
            p.waitForFinished();
            o.err = program + " did not finish";
            return o;
        }
        o.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        o.out = QString::fromUtf8(p.readAllStandardOutput());
        o.err = QString::fromUtf8(p.readAllStandardError());
        return o;
    }
    static qint64 pidIn(const QString& file) {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed().toLongLong() : 0;
    }
    QString readLog(const QString& name) const {
        QFile f(m_root + "/log/" + name);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).right(1500) : QString("(no log)");
    }
    // Starts a daemon that forks itself; it is known by the PID file it writes.
    bool startDaemon(const QString& program, const QStringList& args, const QString& pidFile) {
        const Output o = run(program, args, 30000);
        m_pidFiles << pidFile;
        QElapsedTimer t;
        t.start();
        while (pidIn(pidFile) <= 0 && t.elapsed() < mlens::test::waitMs(10000))
            QThread::msleep(50);
        if (o.code != 0 || pidIn(pidFile) <= 0) {
            qWarning("%s failed (%d): %s", qPrintable(program), o.code, qPrintable(o.err));
            return false;
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(!mlens::test::sharedDir().empty()); }

    void arrayAndMergeEqualAnUnshardedRun() {
        const QString munged = findTool("munged"), slurmctld = findTool("slurmctld"),
                      slurmd = findTool("slurmd"), sbatch = findTool("sbatch"),
                      scontrol = findTool("scontrol");
        if (munged.isEmpty() || slurmctld.isEmpty() || slurmd.isEmpty() || sbatch.isEmpty())
            QSKIP("Slurm is not installed (apt-get install slurmctld slurmd slurm-client munge): not run");
        if (::geteuid() != 0) QSKIP("slurmd needs root to start jobs here: not run");
        m_root = m_dir.path();
        for (const char* d : {"munge", "state", "spool", "log", "out"})
            QVERIFY(QDir(m_root).mkpath(d));
        QFile(m_root + "/munge")
            .setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                            QFileDevice::ExeOther);
        {
            QFile key(m_root + "/munge/munge.key");
            QVERIFY(key.open(QIODevice::WriteOnly));
            QByteArray bytes(1024, 0);
            for (auto& b : bytes)
                b = static_cast<char>(QRandomGenerator::global()->generate());
            key.write(bytes);
            key.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        }
        const QString sock = m_root + "/munge/sock";
        QVERIFY(startDaemon(
            munged,
            {"--force", "--socket=" + sock, "--key-file=" + m_root + "/munge/munge.key",
             "--log-file=" + m_root + "/log/munged.log", "--pid-file=" + m_root + "/munge/munged.pid",
             "--seed-file=" + m_root + "/munge/seed"},
            m_root + "/munge/munged.pid"));

        char host[256] = {};
        ::gethostname(host, sizeof host - 1);
        const QString node = QString::fromLocal8Bit(host).section('.', 0, 0);
        const int ctldPort = freePort(), dPort = freePort();
        QVERIFY(ctldPort > 0 && dPort > 0 && ctldPort != dPort);
        QFile conf(m_root + "/slurm.conf");
        QVERIFY(conf.open(QIODevice::WriteOnly));
        QTextStream(&conf)
            << "ClusterName=mlenstest\nSlurmctldHost=" << node
            << "\nSlurmUser=root\nSlurmdUser=root\nAuthType=auth/munge\nAuthInfo=socket=" << sock
            << "\nCredType=cred/munge\nSlurmctldPort=" << ctldPort << "\nSlurmdPort=" << dPort
            << "\nStateSaveLocation=" << m_root << "/state\nSlurmdSpoolDir=" << m_root
            << "/spool\nSlurmctldPidFile=" << m_root << "/slurmctld.pid\nSlurmdPidFile=" << m_root
            << "/slurmd.pid\nSlurmctldLogFile=" << m_root << "/log/slurmctld.log\nSlurmdLogFile=" << m_root
            << "/log/slurmd.log\nProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\n"
               "JobAcctGatherType=jobacct_gather/none\nAccountingStorageType=accounting_storage/"
               "none\nSelectType=select/cons_tres\nSelectTypeParameters=CR_CPU\nMpiDefault=none\n"
               "ReturnToService=2\nSchedulerParameters=defer_batch\nNodeName="
            << node << " CPUs=" << QThread::idealThreadCount()
            << " State=UNKNOWN\nPartitionName=test Nodes=" << node
            << " Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4\n";
        conf.close();
        m_env.insert("SLURM_CONF", m_root + "/slurm.conf");
        m_env.insert("MLENS_CLI", QString::fromStdString(mlens::test::binaryDir() + "/minoritylens-cli"));
        m_env.insert("OMP_WAIT_POLICY", "PASSIVE");
        if (!startDaemon(slurmctld, {"-i"}, m_root + "/slurmctld.pid"))
            QSKIP(qPrintable("slurmctld cannot run on this machine: " + readLog("slurmctld.log")));
        if (!startDaemon(slurmd, {}, m_root + "/slurmd.pid"))
            QSKIP(qPrintable("slurmd cannot run on this machine (cgroups?): " + readLog("slurmd.log")));
        // the node must come up idle
        QElapsedTimer t;
        t.start();
        QString state;
        while (t.elapsed() < mlens::test::waitMs(60000)) {
            state = run(findTool("sinfo"), {"-h", "-o", "%T"}).out.trimmed();
            if (state == "idle") break;
            QThread::msleep(300);
        }
        if (state != "idle")
            QSKIP(qPrintable("the Slurm node did not come up (" + state + "): " + readLog("slurmd.log")));

        const std::string data = (m_root + "/data").toStdString();
        mlens::test::writeToyDataset(data, 30, 32, 3, 5, 7);
        auto scoreArgs = [&](const QString& ws) {
            return QStringList{"--model",        QString::fromStdString(fixture("adm/unet_rgb32.pt")),
                               "--model-config", QString::fromStdString(fixture("adm/unet_rgb32.json")),
                               "--data",         QString::fromStdString(data),
                               "--workspace",    ws,
                               "--distance",     "l2",
                               "--batch",        "4"};
        };
        const QString cli = m_env.value("MLENS_CLI");
        const Output plain =
            run(cli, QStringList{"score"} << scoreArgs(m_root + "/ws_plain") << "--quiet", 600000);
        QCOMPARE(plain.code, 0);

        // submit from the output folder, where the sbatch templates write their logs
        QProcess submit;
        submit.setProcessEnvironment(m_env);
        submit.setWorkingDirectory(m_root + "/out");
        submit.start("bash", QStringList{QString::fromStdString(mlens::test::sourceDir() +
                                                                "/packaging/slurm/submit-score.sh"),
                                         "3"}
                                 << scoreArgs(m_root + "/ws_slurm"));
        QVERIFY(submit.waitForFinished(mlens::test::waitMs(60000)));
        const QString ids = QString::fromUtf8(submit.readAllStandardOutput()).trimmed();
        QVERIFY2(submit.exitCode() == 0, qPrintable(ids + QString::fromUtf8(submit.readAllStandardError())));
        const QStringList parts = ids.split(' ');
        QVERIFY2(parts.size() == 4 && parts[0] == "array" && parts[2] == "merge", qPrintable(ids));

        // wait for the merge job to end
        QString mergeState;
        t.restart();
        while (t.elapsed() < mlens::test::waitMs(900000)) {
            const QString info = run(scontrol, {"show", "job", parts[3]}).out;
            const QRegularExpressionMatch m = QRegularExpression("JobState=(\\w+)").match(info);
            mergeState = m.hasMatch() ? m.captured(1) : "";
            if (mergeState == "COMPLETED" || mergeState == "FAILED" || mergeState == "CANCELLED" ||
                mergeState == "TIMEOUT" || mergeState == "NODE_FAIL")
                break;
            QThread::msleep(500);
        }
        QString logs;
        for (const QString& f : QDir(m_root + "/out").entryList(QDir::Files)) {
            QFile file(m_root + "/out/" + f);
            if (file.open(QIODevice::ReadOnly)) logs += f + ": " + QString::fromUtf8(file.readAll()) + "\n";
        }
        QVERIFY2(mergeState == "COMPLETED", qPrintable("merge " + mergeState + "\n" + logs));
        // three array tasks ran (one status file each), then the merge
        const QStringList shards =
            QDir(m_root + "/ws_slurm/shards").entryList({"score-*-of-3.json"}, QDir::Files);
        QCOMPARE(shards.size(), 3);
        QFile a(m_root + "/ws_plain/scores.csv"), b(m_root + "/ws_slurm/scores.csv");
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        const QByteArray expected = a.readAll();
        QVERIFY(expected.count('\n') == 31);
        QCOMPARE(b.readAll(), expected);
    }

    void cleanupTestCase() {
        // stop everything started, newest first, by the PID each wrote
        for (auto it = m_pidFiles.crbegin(); it != m_pidFiles.crend(); ++it) {
            const qint64 pid = pidIn(*it);
            if (pid <= 0) continue;
            ::kill(static_cast<pid_t>(pid), SIGTERM);
            QElapsedTimer t;
            t.start();
            while (::kill(static_cast<pid_t>(pid), 0) == 0 && t.elapsed() < 10000)
                QThread::msleep(50);
            if (::kill(static_cast<pid_t>(pid), 0) == 0) ::kill(static_cast<pid_t>(pid), SIGKILL);
        }
    }
};

QTEST_GUILESS_MAIN(TestSlurm)
#include "test_slurm.moc"
