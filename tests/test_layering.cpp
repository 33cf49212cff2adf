// The layers stay one-way: the engine links no Qt, its public API carries no torch, and the
// widgets never see torch headers (they would slow every widget build and couple the UI to it).
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <regex>

#include "tests/support/test_support.h"

namespace fs = std::filesystem;

class TestLayering : public QObject {
    Q_OBJECT

    // Files under `dir` (relative to the source tree) whose #include lines match `pattern`.
    static QStringList offenders(const std::string& dir, const std::regex& pattern) {
        QStringList out;
        const fs::path root = fs::path(mlens::test::sourceDir()) / dir;
        if (!fs::exists(root)) return out;
        for (const auto& entry : fs::recursive_directory_iterator(root)) {
            const auto ext = entry.path().extension().string();
            if (!entry.is_regular_file() || (ext != ".h" && ext != ".cpp" && ext != ".hpp")) continue;
            std::ifstream in(entry.path());
            std::string line;
            int n = 0;
            while (std::getline(in, line)) {
                ++n;
                if (std::regex_search(line, pattern))
                    out << QString::fromStdString(
                        fs::relative(entry.path(), mlens::test::sourceDir()).string() + ":" +
                        std::to_string(n) + ": " + line);
            }
        }
        return out;
    }

    static int countSources(const std::string& dir) {
        int n = 0;
        for (const auto& e : fs::recursive_directory_iterator(fs::path(mlens::test::sourceDir()) / dir))
            n += e.path().extension() == ".cpp";
        return n;
    }

private Q_SLOTS:
    void engineIncludesNoQt() {
        QVERIFY2(countSources("engine") > 10, "engine sources not found: the scan would pass vacuously");
        const QStringList bad =
            offenders("engine", std::regex("^\\s*#\\s*include\\s*[<\"](Q[A-Za-z]|Qt[A-Za-z]+/)"));
        QVERIFY2(bad.isEmpty(), qPrintable("engine/ must stay Qt-free:\n" + bad.join('\n')));
    }

    void engineApiCarriesNoTorch() {
        const QStringList bad =
            offenders("engine/api", std::regex("^\\s*#\\s*include\\s*[<\"](torch|ATen|c10)/"));
        QVERIFY2(bad.isEmpty(), qPrintable("engine/api must not expose torch:\n" + bad.join('\n')));
    }

    void widgetsAndAppIncludeOnlyTheEngineApi() {
        for (const char* dir : {"widgets", "app"}) {
            const QStringList torch =
                offenders(dir, std::regex("^\\s*#\\s*include\\s*[<\"](torch|ATen|c10)/"));
            QVERIFY2(torch.isEmpty(),
                     qPrintable(QString(dir) + " must not include torch:\n" + torch.join('\n')));
            const QStringList internals =
                offenders(dir, std::regex("^\\s*#\\s*include\\s*\"engine/(?!api/)"));
            QVERIFY2(internals.isEmpty(),
                     qPrintable(QString(dir) + " may include engine/api/ only:\n" + internals.join('\n')));
        }
    }

    void scannerDetectsViolations() {
        // The regexes above must catch what they claim to catch.
        const std::regex qt("^\\s*#\\s*include\\s*[<\"](Q[A-Za-z]|Qt[A-Za-z]+/)");
        QVERIFY(std::regex_search("#include <QString>", qt));
        QVERIFY(std::regex_search("  #include <QtCore/QObject>", qt));
        QVERIFY(!std::regex_search("#include <queue>", qt));
        const std::regex internal("^\\s*#\\s*include\\s*\"engine/(?!api/)");
        QVERIFY(std::regex_search("#include \"engine/io/pickle.h\"", internal));
        QVERIFY(!std::regex_search("#include \"engine/api/error.h\"", internal));
    }
};

QTEST_APPLESS_MAIN(TestLayering)
#include "test_layering.moc"
