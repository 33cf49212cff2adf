// `score --shard K/N`: shards score disjoint batches and write only files of their own, a merge
// assembles scores.csv byte for byte as an unsharded run writes it and recomputes nothing, a missing
// or interrupted shard is named, and temporaries of live writers survive another shard's start.
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "engine/api/error.h"
#include "engine/api/scoring.h"
#include "engine/api/sharding.h"
#include "engine/core/atomic_file.h"
#include "engine/minority/score_cache.h"
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

std::string errorOf(const ScoreRequest& r) {
    NullProgress p;
    try {
        runScore(r, p);
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

class TestScoreShards : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string m_data, m_unsharded;

    ScoreRequest request(const std::string& ws, Shard shard = {}) const {
        ScoreRequest r;
        r.backbone.checkpoint = fixture("adm/unet_rgb32.pt");
        r.backbone.config = fixture("adm/unet_rgb32.json");
        r.dataset.path = m_data;
        r.workspace = m_dir.filePath(QString::fromStdString(ws)).toStdString();
        r.score.distance = Distance::L2;
        r.score.draws = 2;
        r.batchSize = 5;  // 26 entries: 6 batches, shard 0/3 owns 0 and 3, 1/3 owns 1 and 4, 2/3 2 and 5
        r.device = "cpu";
        r.shard = shard;
        return r;
    }
    std::string path(const std::string& rel) const {
        return m_dir.filePath(QString::fromStdString(rel)).toStdString();
    }
    static ScoreRequest merge(ScoreRequest r) {
        r.mergeOnly = true;
        return r;
    }

private Q_SLOTS:
    void initTestCase() {
        m_data = m_dir.filePath("data").toStdString();
        mlens::test::writeToyDataset(m_data, 24, 40, 3, 11, 8);
        std::ofstream(m_data + "/broken.png") << "not a png";  // in batch 0: shards keep its problem
        std::ofstream(m_data + "/zero.jpg").close();
        NullProgress p;
        m_unsharded = slurp(runScore(request("ws_plain"), p).csvPath);
        QVERIFY(m_unsharded.size() > 100);
    }

    void shardsMergeToTheUnshardedScores() {
        // three shards at once in one workspace, each in its own thread
        std::vector<ScoreResult> results(3);
        std::vector<std::thread> threads;
        for (int k = 0; k < 3; ++k)
            threads.emplace_back([&, k] {
                NullProgress p;
                results[static_cast<size_t>(k)] = runScore(request("ws_sharded", {k, 3}), p);
            });
        for (auto& t : threads)
            t.join();
        QCOMPARE(results[0].scored + results[1].scored + results[2].scored, int64_t(24));
        QCOMPARE(results[0].scored, int64_t(9));              // batches 0 (broken.png and 4 images) and 3
        QCOMPARE(results[2].scored, int64_t(5));              // batches 2 and 5 (only zero.jpg, unreadable)
        QVERIFY(!fs::exists(path("ws_sharded/scores.csv")));  // no shared file written by a shard
        for (int k = 0; k < 3; ++k) {
            QVERIFY(results[static_cast<size_t>(k)].complete);
            const auto j = nlohmann::json::parse(slurp(results[static_cast<size_t>(k)].shardStatusPath));
            QCOMPARE(j.at("shard").get<int>(), k);
            QCOMPARE(j.at("units").get<int>(), 2);
            QCOMPARE(j.at("done").get<int>(), 2);
            QVERIFY(j.at("finished").get<bool>());
        }
        const ScoreStatus status = readScoreStatus(path("ws_sharded"));
        QCOMPARE(status.shards.size(), size_t(3));
        QVERIFY(!status.merged);

        NullProgress p;
        const ScoreResult merged = runScore(merge(request("ws_sharded")), p);
        QCOMPARE(merged.scored, int64_t(0));  // nothing recomputed
        QCOMPARE(merged.reused, int64_t(26));
        QCOMPARE(slurp(merged.csvPath), m_unsharded);
        QVERIFY(merged.complete);
        QCOMPARE(merged.skipped.size(), size_t(2));
        // the same command without --shard finds everything done too
        const ScoreResult again = runScore(request("ws_sharded"), p);
        QCOMPARE(again.scored, int64_t(0));
        QCOMPARE(slurp(again.csvPath), m_unsharded);
        QVERIFY(readScoreStatus(path("ws_sharded")).complete);
    }

    void missingAndInterruptedShardsAreNamed() {
        NullProgress p;
        runScore(request("ws_gap", {0, 3}), p);
        QString e = QString::fromStdString(errorOf(merge(request("ws_gap"))));
        QVERIFY2(e.contains("4 of 6 batches are not scored yet"), qPrintable(e));
        QVERIFY2(e.contains("1/3 (never started)") && e.contains("2/3 (never started)"), qPrintable(e));
        QVERIFY(!fs::exists(path("ws_gap/scores.csv")));  // a failed merge writes nothing

        runScore(request("ws_gap", {2, 3}), p);
        CancelAfterReports stop(2);  // the start, then one batch: shard 1/3 is interrupted
        QVERIFY_THROWS_EXCEPTION(Cancelled, runScore(request("ws_gap", {1, 3}), stop));
        const auto status = nlohmann::json::parse(slurp(path("ws_gap/shards/score-1-of-3.json")));
        QCOMPARE(status.at("done").get<int>(), 1);
        QVERIFY(!status.at("finished").get<bool>());
        e = QString::fromStdString(errorOf(merge(request("ws_gap"))));
        QVERIFY2(e.contains("1 of 6 batches are not scored yet (first: batch 4): rerun shard 1/3"),
                 qPrintable(e));

        // rerunning only that shard scores only its missing batch; then the merge completes
        const ScoreResult rerun = runScore(request("ws_gap", {1, 3}), p);
        QCOMPARE(rerun.scored, int64_t(5));
        const ScoreResult merged = runScore(merge(request("ws_gap")), p);
        QCOMPARE(merged.scored, int64_t(0));
        QCOMPARE(slurp(merged.csvPath), m_unsharded);
    }

    void shardOptionsAreChecked() {
        QCOMPARE(parseShard("2/5").index, 2);
        QCOMPARE(parseShard("2/5").count, 5);
        QVERIFY(!parseShard("0/1").active());
        for (const char* bad : {"3/3", "-1/2", "1/0", "a/b", "1", "1/2/3", ""}) {
            bool threw = false;
            try {
                parseShard(bad);
            } catch (const Error& e) {
                threw = e.code() == ErrorCode::InvalidArgument;
            }
            QVERIFY2(threw, bad);
        }
        // a Slurm array task: --array=1-4 is shards 0..3
        ::setenv("SLURM_ARRAY_TASK_ID", "3", 1);
        ::setenv("SLURM_ARRAY_TASK_COUNT", "4", 1);
        ::setenv("SLURM_ARRAY_TASK_MIN", "1", 1);
        QCOMPARE(parseShard("auto").index, 2);
        QCOMPARE(parseShard("auto").count, 4);
        ::setenv("SLURM_ARRAY_TASK_ID", "9", 1);
        QVERIFY_THROWS_EXCEPTION(Error, parseShard("auto"));
        // rerunning task 5 of an 8-task array alone (--array=5): its ID, of the N given
        ::setenv("SLURM_ARRAY_TASK_ID", "5", 1);
        ::setenv("SLURM_ARRAY_TASK_COUNT", "1", 1);
        ::setenv("SLURM_ARRAY_TASK_MIN", "5", 1);
        QCOMPARE(parseShard("auto/8").index, 5);
        QCOMPARE(parseShard("auto/8").count, 8);
        QCOMPARE(parseShard("auto").count, 1);  // without N: the whole job (it completes what is missing)
        QVERIFY_THROWS_EXCEPTION(Error, parseShard("auto/5"));
        QVERIFY_THROWS_EXCEPTION(Error, parseShard("auto/x"));
        ::unsetenv("SLURM_ARRAY_TASK_ID");
        ::unsetenv("SLURM_ARRAY_TASK_COUNT");
        ::unsetenv("SLURM_ARRAY_TASK_MIN");
        QVERIFY_THROWS_EXCEPTION(Error, parseShard("auto"));

        ScoreRequest r = request("ws_bad", {0, 2});
        r.autoT = true;
        QVERIFY(QString::fromStdString(errorOf(r)).contains("calibrate-t once"));
        r = merge(request("ws_bad", {0, 2}));
        QVERIFY(QString::fromStdString(errorOf(r)).contains("drop --shard"));
        QVERIFY_THROWS_EXCEPTION(Error, readScoreStatus(path("nowhere")));
    }

    // A shard starting up must not delete the temporary another shard is writing, only dead ones'.
    void onlyAbandonedTemporariesAreRemoved() {
        const std::string folder = path("cache_tmp");
        fs::create_directories(folder);
        AtomicFile writing(folder + "/batch-000002.json");  // this process: alive
        writing.write(std::string("{"));
        // a writer that is gone: a pid far above pid_max on this host, in the old and the new format
        std::ofstream(folder + "/batch-000003.json.partial-999999999-0") << "{";
        char host[256] = {};
        gethostname(host, sizeof host - 1);
        std::string tag(host);
        for (char& c : tag)
            if (c == '-' || c == '/') c = '_';
        std::ofstream(folder + "/batch-000004.json.partial-" + tag + "-999999999-0") << "{";
        // another host's temporary, fresh: kept (it may be a live write over NFS)
        std::ofstream(folder + "/batch-000005.json.partial-otherhost-1-0") << "{";
        minority::ScoreCache cache(folder);
        std::vector<std::string> left;
        for (const auto& e : fs::directory_iterator(folder))
            left.push_back(e.path().filename().string());
        std::sort(left.begin(), left.end());
        QCOMPARE(left.size(), size_t(2));
        QVERIFY(left[0].rfind("batch-000002.json.partial-", 0) == 0);
        QCOMPARE(left[1], std::string("batch-000005.json.partial-otherhost-1-0"));
        writing.commit();
        QVERIFY(fs::exists(folder + "/batch-000002.json"));
    }
};

QTEST_APPLESS_MAIN(TestScoreShards)
#include "test_score_shards.moc"
