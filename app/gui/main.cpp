// minoritylens: the desktop application.
//   minoritylens [DATASET_FOLDER]             open a dataset (or the last session's window state)
//   minoritylens --workspace WS               open a workspace
//   minoritylens --demo [DIR]                 the demo workspace (running the quick demo first if needed)
// For documentation and smoke tests: --tab NAME, --generate (sample once), --screenshot PATH (save
// the window once everything has loaded, then quit).
#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QSocketNotifier>
#include <QTimer>
#include <QTranslator>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>

#include "app/gui/main_window.h"
#include "engine/api/passive_openmp.h"
#include "engine/api/runtime.h"
#include "widgets/job_runner.h"
#include "widgets/sampling_panel.h"
#include "widgets/thumbnail_loader.h"

namespace {

void installTranslations(QApplication& app, const QString& language) {
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
    auto* own = new QTranslator(&app);
    if (own->load(locale, QStringLiteral("minoritylens"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        app.installTranslator(own);
}

// Saves the window once the workspace is shown, its visible thumbnails are decoded and (with
// --generate) the first samples are in; then quits. Gives up after `limitMs`.
class Screenshot final : public QObject {
public:
    Screenshot(mlens::app::MainWindow* w, QString path, bool waitForSamples, int limitMs)
        : QObject(w), m_window(w), m_path(std::move(path)) {
        m_samplesDone = !waitForSamples;
        auto* panel = w->findChild<mlens::widgets::SamplingPanel*>();
        if (panel)
            connect(panel, &mlens::widgets::SamplingPanel::samplesReady, this,
                    [this] { m_samplesDone = true; });
        connect(&m_poll, &QTimer::timeout, this, &Screenshot::poll);
        m_poll.start(250);
        QTimer::singleShot(limitMs, this, [this] { save(true); });
    }

private:
    void poll() {
        auto* loader = m_window->findChild<mlens::widgets::ThumbnailLoader*>();
        const bool idle = !loader || loader->pending() == 0;
        if (idle && m_samplesDone && m_window->jobs()->activeCount() == 0 && ++m_quietPolls >= 4) save(false);
        if (!idle) m_quietPolls = 0;
    }
    void save(bool timedOut) {
        if (m_saved) return;
        m_saved = true;
        const bool ok = m_window->grab().save(m_path);
        std::fprintf(stderr, "screenshot %s%s\n", ok ? "saved to " : "FAILED: ", qPrintable(m_path));
        if (timedOut) std::fprintf(stderr, "(the window was still busy after the time limit)\n");
        m_window->closeWithoutAsking();  // cancels what still runs; nobody is there to answer a question
        QApplication::exit(ok ? 0 : 1);
    }
    mlens::app::MainWindow* m_window;
    QString m_path;
    QTimer m_poll;
    bool m_samplesDone = true, m_saved = false;
    int m_quietPolls = 0;
};

// The command line; built before the application object so that --help and --version work
// without a display.
struct Options {
    QCommandLineParser cli;
    const QCommandLineOption workspace{QStringLiteral("workspace"), QStringLiteral("open a workspace folder"),
                                       QStringLiteral("WS")};
    const QCommandLineOption demo{
        QStringLiteral("demo"),
        QStringLiteral("open the demo workspace (running the quick demo there first if needed)")};
    const QCommandLineOption demoDir{QStringLiteral("demo-dir"),
                                     QStringLiteral("where the demo lives [app data]/demo"),
                                     QStringLiteral("DIR")};
    const QCommandLineOption tab{QStringLiteral("tab"),
                                 QStringLiteral("gallery, classifier, sampling or evaluation"),
                                 QStringLiteral("NAME")};
    const QCommandLineOption generate{QStringLiteral("generate"),
                                      QStringLiteral("sample once after opening")};
    const QCommandLineOption screenshot{QStringLiteral("screenshot"),
                                        QStringLiteral("save the window to PATH when ready, then quit"),
                                        QStringLiteral("PATH")};
    const QCommandLineOption language{QStringLiteral("lang"),
                                      QStringLiteral("user-interface language (en, de, ko)"),
                                      QStringLiteral("CODE")};
    const QCommandLineOption size{QStringLiteral("size"), QStringLiteral("window size WxH"),
                                  QStringLiteral("WxH")};

    Options() {
        cli.setApplicationDescription(
            QStringLiteral("Find and generate minority images with diffusion models."));
        cli.addHelpOption();
        cli.addVersionOption();
        cli.addPositionalArgument(QStringLiteral("dataset"), QStringLiteral("a dataset folder to open"),
                                  QStringLiteral("[DATASET]"));
        for (const auto& o : {workspace, demo, demoDir, tab, generate, screenshot, language, size})
            cli.addOption(o);
    }
};

// SIGTERM, SIGHUP and SIGINT close the window as "quit without asking" does: running jobs are
// cancelled and waited for (what is resumable stays resumable), the view state is saved. The handler
// only writes the signal number into a socket pair (async-signal-safe); the event loop does the rest.
// A second signal while closing ends the program at once (the default action is restored).
int g_signalFds[2] = {-1, -1};

extern "C" void onQuitSignal(int sig) {
    const char c = static_cast<char>(sig);
    const ssize_t written = ::write(g_signalFds[1], &c, 1);
    (void)written;
    ::signal(sig, SIG_DFL);
}

void quitOnSignals(mlens::app::MainWindow* window) {
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) != 0) return;
    auto* notifier = new QSocketNotifier(g_signalFds[0], QSocketNotifier::Read, window);
    QObject::connect(notifier, &QSocketNotifier::activated, window, [window, notifier] {
        char c = 0;
        if (::read(g_signalFds[0], &c, 1) != 1) return;
        notifier->setEnabled(false);
        spdlog::warn("{}: cancelling running jobs and quitting", ::strsignal(c));
        window->closeWithoutAsking();
        QApplication::exit(0);
    });
    struct sigaction sa {};
    sa.sa_handler = onQuitSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (int sig : {SIGTERM, SIGHUP, SIGINT})
        ::sigaction(sig, &sa, nullptr);
}

void setIdentity() {
    QCoreApplication::setApplicationName(QStringLiteral("MinorityLens"));
    QCoreApplication::setOrganizationName(QStringLiteral("MinorityLens"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(mlens::engineVersion()));
}

}  // namespace

MLENS_PASSIVE_OPENMP_AT_LOAD();

int main(int argc, char** argv) {
    mlens::silenceLibraryMessages();
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "-v" || arg == "--version") {
            QCoreApplication core(argc, argv);  // no display needed to print and exit
            setIdentity();
            Options options;
            options.cli.process(core);
            return 0;
        }
    }
    QApplication::setHighDpiScaleFactorRoundingPolicy(Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    QApplication app(argc, argv);
    setIdentity();
    QApplication::setDesktopFileName(QStringLiteral("io.github.minoritylens.MinorityLens"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/minoritylens.svg")));

    Options options;
    QCommandLineParser& cli = options.cli;
    const QCommandLineOption &workspace = options.workspace, &demo = options.demo, &demoDir = options.demoDir,
                             &tab = options.tab, &generate = options.generate,
                             &screenshot = options.screenshot, &language = options.language,
                             &size = options.size;
    cli.process(app);
    installTranslations(app, cli.value(language));

    auto logger = spdlog::stderr_color_mt("minoritylens");
    logger->set_pattern("[%l] %v");
    logger->set_level(spdlog::level::info);
    spdlog::set_default_logger(logger);
    mlens::configureThreads(0);

    mlens::app::MainWindow window;
    if (cli.isSet(size)) {
        const QStringList wh = cli.value(size).split(QLatin1Char('x'));
        if (wh.size() == 2) window.resize(wh[0].toInt(), wh[1].toInt());
    }
    window.show();
    quitOnSignals(&window);
    if (cli.isSet(screenshot)) new Screenshot(&window, cli.value(screenshot), cli.isSet(generate), 300000);
    const QString tabName = cli.value(tab);
    const bool sample = cli.isSet(generate);
    QObject::connect(
        &window, &mlens::app::MainWindow::workspaceLoaded, &window,
        [&window, tabName, sample] {
            if (!tabName.isEmpty()) window.showTab(tabName);
            if (sample) {
                if (auto* panel = window.findChild<mlens::widgets::SamplingPanel*>()) panel->regenerate();
            }
        },
        Qt::SingleShotConnection);
    if (cli.isSet(demo) || cli.isSet(demoDir))
        window.openDemo(cli.value(demoDir), {});
    else if (cli.isSet(workspace))
        window.openWorkspace(cli.value(workspace));
    else if (!cli.positionalArguments().isEmpty())
        window.openDataset(cli.positionalArguments().front());
    return QApplication::exec();
}
