// The `score` job: outputs, determinism, resume after an interruption with identical numbers,
// unreadable files, read-only datasets and clear errors.
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "engine/api/error.h"
#include "engine/api/scoring.h"
#include "engine/api/workspace.h"
#include "engine/core/csv.h"
#include "tests/support/test_support.h"
#include "tests/support/toy_data.h"

using namespace mlens;
using mlens::test::CancelAfterReports;
using mlens::test::fixture;
namespace fs = std::filesystem;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

std::set<std::string> listing(const std::string& dir) {
    std::set<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        out.insert(e.path().string() + ":" + std::to_string(e.is_regular_file() ? e.file_size() : 0));
    return out;
}

}  // namespace

class TestScoreJob : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string m_data;

    ScoreRequest request(const std::string& ws) const {
        ScoreRequest r;
        r.backbone.checkpoint = fixture("adm/unet_rgb32.pt");
        r.backbone.config = fixture("adm/unet_rgb32.json");
        r.dataset.path = m_data;
        r.workspace = m_dir.filePath(QString::fromStdString(ws)).toStdString();
        r.score.distance = Distance::L2;
        r.score.draws = 2;
        r.batchSize = 5;
        r.device = "cpu";
        return r;
    }
    static std::string errorOf(const ScoreRequest& r) {
        NullProgress p;
        try {
            runScore(r, p);
        } catch (const Error& e) {
            return e.what();
        }
        return "(no error)";
    }

private Q_SLOTS:
    void initTestCase() {
        m_data = m_dir.filePath("data").toStdString();
        mlens::test::writeToyDataset(m_data, 24, 40, 3, 11, 8);
        std::ofstream(m_data + "/broken.png") << "not a png";
        std::ofstream(m_data + "/zero.jpg").close();
        // a read-only dataset: nothing may be written into it
        for (const auto& e : fs::recursive_directory_iterator(m_data))
            fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::remove);
        fs::permissions(m_data, fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                        fs::perm_options::remove);
    }
    void cleanupTestCase() { fs::permissions(m_data, fs::perms::owner_all, fs::perm_options::add); }

    void scoresEveryReadableImage() {
        const auto before = listing(m_data);
        NullProgress p;
        const ScoreResult r = runScore(request("ws_a"), p);
        QVERIFY(r.complete);
        QCOMPARE(r.images, int64_t(26));
        QCOMPARE(r.scored, int64_t(24));
        QCOMPARE(r.skipped.size(), size_t(2));
        QCOMPARE(r.originalStep, int64_t(605));
        QCOMPARE(listing(m_data), before);  // the dataset is untouched
        const std::string csv = slurp(r.csvPath);
        QVERIFY(csv.rfind("path,score,d0,d1\n", 0) == 0);
        QCOMPARE(std::count(csv.begin(), csv.end(), '\n'), 25L);
        const auto summary = nlohmann::json::parse(slurp(r.jsonPath));
        QCOMPARE(summary.at("skipped").size(), size_t(2));
        QCOMPARE(summary.at("t").get<int>(), 605);
        QVERIFY(summary.at("complete").get<bool>());
    }

    // Scan problems (a broken link) are counted apart from unreadable images, in the result, in
    // scores.json and in the workspace the GUI loads, so "N images | X unreadable" adds up.
    void scanProblemsApartFromUnreadableImages() {
        const std::string data = m_dir.filePath("links").toStdString();
        fs::create_directories(data);
        for (const auto& e : fs::directory_iterator(m_data))
            if (e.path().filename() == "broken.png" || e.path().filename() == "img1000.png")
                fs::copy_file(e.path(), data + "/" + e.path().filename().string());
        fs::create_symlink("missing.png", data + "/gone.png");
        ScoreRequest r = request("ws_links");
        r.dataset.path = data;
        NullProgress p;
        const ScoreResult res = runScore(r, p);
        QCOMPARE(res.images, int64_t(2));
        QCOMPARE(res.scored, int64_t(1));
        QCOMPARE(res.skipped.size(), size_t(2));
        QCOMPARE(res.notListed, int64_t(1));
        QCOMPARE(nlohmann::json::parse(slurp(res.jsonPath)).at("not_listed").get<int64_t>(), int64_t(1));
        const WorkspaceData ws = loadWorkspace(r.workspace);
        QCOMPARE(ws.records.size(), size_t(2));
        QCOMPARE(ws.skipped.size(), size_t(2));
        QCOMPARE(ws.notListed, int64_t(1));
        QVERIFY2(ws.skipped.at(0).rfind("gone.png: ", 0) == 0, ws.skipped.at(0).c_str());
        QVERIFY2(ws.skipped.at(1).rfind("broken.png: ", 0) == 0, ws.skipped.at(1).c_str());
    }

    // The workspace joins scores.csv and classes.csv to the listing by path, in any row order, and
    // keeps what it knows about images the dataset no longer holds.
    void workspaceJoinsByPath() {
        const std::string data = m_dir.filePath("join").toStdString();
        mlens::test::writeToyDataset(data, 6, 24, 3, 13);
        ScoreRequest r = request("ws_join");
        r.dataset.path = data;
        NullProgress p;
        runScore(r, p);
        std::map<std::string, double> scores;
        for (const auto& row : readCsvFile(r.workspace + "/scores.csv", nullptr))
            scores[row[0]] = std::stod(row[1]);
        QCOMPARE(scores.size(), size_t(6));
        // classes in reverse order (not the listing's), one for an image that is then removed
        std::ofstream cls(r.workspace + "/classes.csv");
        cls << "path,score,class\n";
        int c = 0;
        for (auto it = scores.rbegin(); it != scores.rend(); ++it)
            cls << it->first << "," << it->second << "," << c++ << "\n";
        cls.close();
        const std::string gone = scores.begin()->first;  // class 5
        fs::remove(data + "/" + gone);
        mlens::test::writeToyDataset(data + "/new", 1, 24, 3, 14);
        const WorkspaceData w = loadWorkspace(r.workspace);
        QCOMPARE(w.records.size(), size_t(7));  // 5 listed + 1 new (unscored) + the removed one, kept
        int checked = 0;
        for (const ImageRecord& rec : w.records) {
            if (rec.path.rfind("new/", 0) == 0) {
                QVERIFY(std::isnan(rec.score));
                QCOMPARE(rec.cls, -1);
                continue;
            }
            QVERIFY2(scores.count(rec.path), rec.path.c_str());
            QCOMPARE(rec.score, scores.at(rec.path));
            QCOMPARE(rec.cls, 5 - static_cast<int>(std::distance(scores.begin(), scores.find(rec.path))));
            ++checked;
        }
        QCOMPARE(checked, 6);
        QCOMPARE(w.records.back().path, gone);  // appended after the listing
    }

    // File names are bytes: one that is not UTF-8 is scored, listed escaped, and resumed from the cache.
    void namesThatAreNotUtf8() {
        const std::string data = m_dir.filePath("bytes").toStdString();
        fs::create_directories(data);
        std::vector<fs::path> images;
        for (const auto& e : fs::directory_iterator(m_data))
            if (e.path().extension() == ".png" && e.path().filename() != "broken.png")
                images.push_back(e.path());
        std::sort(images.begin(), images.end());
        fs::copy_file(images.at(0), data + "/plain.png");
        fs::copy_file(images.at(1), data + "/caf\xe9.png");  // Latin-1, as old cameras and shares write
        std::ofstream(data + "/bad\xff.png") << "not a png";
        ScoreRequest r = request("ws_bytes");
        r.dataset.path = data;
        NullProgress p;
        const ScoreResult first = runScore(r, p);
        QCOMPARE(first.scored, int64_t(2));
        QCOMPARE(first.skipped.size(), size_t(1));
        QVERIFY(slurp(first.csvPath).find("caf\xe9.png,") != std::string::npos);  // the CSV keeps the bytes
        const auto summary = nlohmann::json::parse(slurp(first.jsonPath));
        QCOMPARE(summary.at("skipped").at(0).at("path").get<std::string>(), std::string("bad\\xFF.png"));
        const ScoreResult again = runScore(r, p);
        QCOMPARE(again.reused, int64_t(3));
        QCOMPARE(slurp(again.csvPath), slurp(first.csvPath));
    }

    void sameSeedSameScores() {
        NullProgress p;
        const std::string a = slurp(runScore(request("ws_same1"), p).csvPath);
        QCOMPARE(slurp(runScore(request("ws_same2"), p).csvPath), a);
        ScoreRequest other = request("ws_other");
        other.score.seed = 1;
        QVERIFY(slurp(runScore(other, p).csvPath) != a);
    }

    void resumesWithIdenticalNumbers() {
        NullProgress p;
        const std::string uninterrupted = slurp(runScore(request("ws_full"), p).csvPath);
        CancelAfterReports cancel(3);  // the start (0 of 24), then two batches
        QVERIFY_THROWS_EXCEPTION(Cancelled, runScore(request("ws_resume"), cancel));
        const auto partial =
            nlohmann::json::parse(slurp(m_dir.filePath("ws_resume/scores.json").toStdString()));
        QVERIFY(!partial.at("complete").get<bool>());
        // two batches of 5 (sorted: broken.png, img1000..img1008): the scores so far survive the cancel
        QCOMPARE(partial.at("scored").get<int>(), 9);
        const ScoreResult resumed = runScore(request("ws_resume"), p);
        QCOMPARE(resumed.reused, int64_t(10));  // 9 scores and one known-bad file
        QCOMPARE(resumed.scored, int64_t(15));
        QCOMPARE(slurp(resumed.csvPath), uninterrupted);
    }

    void changedParametersDoNotReuseTheCache() {
        NullProgress p;
        runScore(request("ws_params"), p);
        ScoreRequest more = request("ws_params");
        more.score.draws = 3;
        QCOMPARE(runScore(more, p).reused, int64_t(0));
    }

    void timestepOptions() {
        NullProgress p;
        ScoreRequest byT = request("ws_t");
        byT.score.t = 300;
        QCOMPARE(runScore(byT, p).originalStep, int64_t(300));
        ScoreRequest byIndex = request("ws_index");
        byIndex.score.tIndex = 10;
        byIndex.score.respacing = "25";
        QCOMPARE(runScore(byIndex, p).originalStep, int64_t(416));  // space_timesteps(1000, "25")[10]
        ScoreRequest both = request("ws_both");
        both.score.t = 300;
        both.score.tIndex = 3;
        QVERIFY(errorOf(both).find("either the noise step t or the index t_index") != std::string::npos);
        ScoreRequest far = request("ws_far");
        far.score.t = 1000;
        QVERIFY(errorOf(far).find("outside 0..999") != std::string::npos);
    }

    void badDatasetsAreExplained() {
        ScoreRequest inside = request("ws_x");
        inside.workspace = m_data + "/ws";
        QVERIFY(errorOf(inside).find("lies inside the dataset folder") != std::string::npos);

        const std::string empty = m_dir.filePath("empty").toStdString();
        fs::create_directories(empty);
        ScoreRequest none = request("ws_none");
        none.dataset.path = empty;
        QVERIFY(errorOf(none).find("no images") != std::string::npos);

        const std::string junk = m_dir.filePath("junk").toStdString();
        fs::create_directories(junk);
        std::ofstream(junk + "/a.png") << "x";
        std::ofstream(junk + "/b.jpg").close();
        ScoreRequest allBad = request("ws_junk");
        allBad.dataset.path = junk;
        QVERIFY2(errorOf(allBad).find("none of the 2 images could be read") != std::string::npos,
                 errorOf(allBad).c_str());

        ScoreRequest cond = request("ws_cond");
        cond.backbone.checkpoint = fixture("adm/unet_gray32_cond.pt");
        cond.backbone.config = fixture("adm/unet_gray32_cond.json");
        QVERIFY(errorOf(cond).find("class-conditional: the dataset needs labels") != std::string::npos);
    }

    void classConditionalBackboneWithLabels() {
        const std::string labelled = m_dir.filePath("labelled").toStdString();
        mlens::test::writeToyDataset(labelled, 6, 32, 1, 5, 0, true);  // c0/, c1/
        ScoreRequest r = request("ws_labelled");
        r.dataset.path = labelled;
        r.backbone.checkpoint = fixture("adm/unet_gray32_cond.pt");
        r.backbone.config = fixture("adm/unet_gray32_cond.json");
        r.dataset.labels = LabelSource::Subfolders;
        NullProgress p;
        const ScoreResult res = runScore(r, p);
        QCOMPARE(res.scored, int64_t(6));
        QVERIFY(slurp(res.csvPath).find(",label\n") != std::string::npos);
    }

    void spatialMapsAreWritten() {
        ScoreRequest r = request("ws_maps");
        r.spatialMaps = true;
        NullProgress p;
        runScore(r, p);
        QVERIFY(fs::exists(m_dir.filePath("ws_maps/maps/img1001.png.map.npy").toStdString()));
        QVERIFY(fs::exists(m_dir.filePath("ws_maps/maps/img1001.png.recon.png").toStdString()));
    }
};

QTEST_APPLESS_MAIN(TestScoreJob)
#include "test_score_job.moc"
