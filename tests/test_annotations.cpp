// The workspace's annotation store: tags, notes and reading-study grades in SQLite, each change its
// own transaction (a process killed with SIGKILL loses nothing it had entered), the one-time move of
// older gui_state.json annotations, and the grades export with Cohen's kappa against scikit-learn.
#include <QtTest/QtTest>

#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <filesystem>
#include <fstream>

#include "engine/api/annotations.h"
#include "engine/api/error.h"

using namespace mlens;
namespace fs = std::filesystem;

class TestAnnotations : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string ws(const std::string& name) const {
        const std::string p = m_dir.filePath(QString::fromStdString(name)).toStdString();
        fs::create_directories(p);
        return p;
    }

private Q_SLOTS:
    void keepsTagsNotesAndGrades() {
        const std::string w = ws("basic");
        {
            AnnotationStore s(w);
            QCOMPARE(s.path(), (fs::path(w) / "annotations.sqlite").string());
            QCOMPARE(s.findings(), defaultFindings());
            s.setAnnotation("a.png", {1 | 4, "look again"});
            s.setAnnotation("b.png", {2, ""});
            s.setAnnotation("b.png", {0, ""});  // empty: removed
            s.setGrade({"scan.nii.gz#axial-40", "dr-a", 4, "atrophy", false, "ventricles", true});
            s.setGrade({"scan.nii.gz#axial-41", "dr-a", 2});
            s.setGrade({"scan.nii.gz#axial-40", "dr-b", 5, "", true});
            s.setFindings({"lesion", "atrophy", "other"});
        }
        AnnotationStore s(w);  // reopened: everything persisted
        const auto a = s.annotations();
        QCOMPARE(a.size(), size_t{1});
        QCOMPARE(a.at("a.png").tags, 5u);
        QCOMPARE(a.at("a.png").note, std::string("look again"));
        const Grade g = s.grade("scan.nii.gz#axial-40", "dr-a");
        QCOMPARE(g.grade, 4);
        QCOMPARE(g.finding, std::string("atrophy"));
        QCOMPARE(g.note, std::string("ventricles"));
        QVERIFY(g.blinded);
        QVERIFY(g.createdMs > 1'700'000'000'000);
        QCOMPARE(s.grades("dr-a").size(), size_t{2});
        QCOMPARE(s.grades().size(), size_t{3});
        QCOMPARE(s.findings(), (std::vector<std::string>{"lesion", "atrophy", "other"}));

        // An update keeps the creation time; clearing everything removes the row.
        QTest::qWait(5);
        s.setGrade({"scan.nii.gz#axial-40", "dr-a", 3, "atrophy"});
        const Grade u = s.grade("scan.nii.gz#axial-40", "dr-a");
        QCOMPARE(u.grade, 3);
        QCOMPARE(u.createdMs, g.createdMs);
        QVERIFY(u.updatedMs > g.createdMs);
        s.setGrade({"scan.nii.gz#axial-41", "dr-a", 0});
        QVERIFY(s.grade("scan.nii.gz#axial-41", "dr-a").item.empty());
        QVERIFY_THROWS_EXCEPTION(Error, s.setGrade({"x.png", "dr-a", 6}));
        QVERIFY_THROWS_EXCEPTION(Error, s.setGrade({"x.png", "", 3}));
    }

    // A child process enters 40 grades one by one and is killed with SIGKILL, without closing the
    // database: every grade is there when the store is opened again.
    void survivesKillMinus9() {
        const std::string w = ws("killed");
        { AnnotationStore init(w); }
        const pid_t child = fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            AnnotationStore s(w);
            for (int i = 0; i < 40; ++i)
                s.setGrade({"img" + std::to_string(i) + ".png", "dr-k", 1 + i % 5});
            ::kill(::getpid(), SIGKILL);
            ::_exit(0);  // not reached
        }
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        AnnotationStore s(w);
        const auto grades = s.grades("dr-k");
        QCOMPARE(grades.size(), size_t{40});
        for (const Grade& g : grades)
            QCOMPARE(g.grade, 1 + std::stoi(g.item.substr(3)) % 5);
    }

    void movesOldGuiStateAnnotationsOnce() {
        const std::string w = ws("migrate");
        std::ofstream(fs::path(w) / "gui_state.json")
            << R"({"annotations": {"old.png": {"tags": 2, "note": "from 0.1"}, "x/y.png": {"tags": 1}}, "tab": "gallery"})";
        {
            AnnotationStore s(w);
            const auto a = s.annotations();
            QCOMPARE(a.size(), size_t{2});
            QCOMPARE(a.at("old.png").note, std::string("from 0.1"));
            QCOMPARE(a.at("x/y.png").tags, 1u);
            s.setAnnotation("old.png", {});  // removed by the user
        }
        AnnotationStore again(w);  // not moved a second time
        QCOMPARE(again.annotations().size(), size_t{1});
        QVERIFY(fs::exists(fs::path(w) / "gui_state.json"));  // left as it was

        // An unreadable state file is no reason to fail.
        const std::string bad = ws("badstate");
        std::ofstream(fs::path(bad) / "gui_state.json") << "{ not json";
        AnnotationStore b(bad);
        QVERIFY(b.annotations().empty());
    }

    // Two reviewers, 20 images: kappa 0.5625 and linearly weighted kappa 0.7427652733118971, as
    // scikit-learn 1.2's cohen_kappa_score computes for these grades (weights=None / 'linear').
    void exportsGradesWithAgreement() {
        const std::string w = ws("study");
        const std::vector<int> a = {1, 2, 3, 4, 5, 3, 2, 1, 4, 5, 5, 3, 2, 2, 1, 4, 3, 3, 5, 1};
        const std::vector<int> b = {1, 2, 4, 4, 5, 2, 2, 1, 3, 5, 4, 3, 3, 2, 2, 4, 3, 1, 5, 1};
        {
            AnnotationStore s(w);
            for (size_t i = 0; i < a.size(); ++i) {
                const std::string item = "brain.nii.gz#axial-" + std::to_string(10 + i);
                s.setGrade({item, "dr-a", a[i], i == 3 ? "lesion" : "", i == 5,
                            i == 7 ? "note, with \"quotes\"" : ""});
                s.setGrade({item, "dr-b", b[i]});
            }
            s.setGrade({"only-c.png", "dr-c", 3});
        }
        const std::string csv = m_dir.filePath("grades.csv").toStdString();
        const GradesExportResult r = runGradesExport({w, csv});
        QCOMPARE(r.rows, int64_t{41});
        QCOMPARE(r.reviewers, (std::vector<std::string>{"dr-a", "dr-b", "dr-c"}));
        QCOMPARE(r.agreement.size(), size_t{3});
        const ReviewerAgreement& ab = r.agreement[0];
        QCOMPARE(ab.reviewerA, std::string("dr-a"));
        QCOMPARE(ab.reviewerB, std::string("dr-b"));
        QCOMPARE(ab.images, int64_t{20});
        QVERIFY2(std::abs(ab.kappa - 0.5625) < 1e-12, qPrintable(QString::number(ab.kappa, 'g', 17)));
        QVERIFY2(std::abs(ab.weightedKappa - 0.7427652733118971) < 1e-12,
                 qPrintable(QString::number(ab.weightedKappa, 'g', 17)));
        QCOMPARE(r.agreement[1].images, int64_t{0});  // dr-a and dr-c share no image

        std::ifstream in(csv);
        std::string header, line;
        std::getline(in, header);
        QCOMPARE(
            header,
            std::string("item,source,slice,reviewer,grade,finding,artifact,note,blinded,created,updated"));
        int rows = 0;
        bool quoted = false, sliced = false;
        while (std::getline(in, line)) {
            ++rows;
            if (line.find("\"note, with \"\"quotes\"\"\"") != std::string::npos) quoted = true;
            if (line.rfind("brain.nii.gz#axial-13,brain.nii.gz,axial-13,dr-a,4,lesion,0,", 0) == 0)
                sliced = true;
        }
        QCOMPARE(rows, 41);
        QVERIFY2(quoted, "a note with a comma and quotes is not quoted as CSV");
        QVERIFY2(sliced, "source and slice columns are wrong");

        // Nothing to export: a clear error, no file.
        const std::string none = m_dir.filePath("none.csv").toStdString();
        QVERIFY_THROWS_EXCEPTION(Error, runGradesExport({ws("empty"), none}));
        QVERIFY(!fs::exists(none));
    }
};

QTEST_GUILESS_MAIN(TestAnnotations)
#include "test_annotations.moc"
