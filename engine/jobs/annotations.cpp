// The annotation store (api/annotations.h): one SQLite database per workspace in WAL mode, one
// transaction per change; and the grades export with reviewer agreement.
#include "engine/api/annotations.h"

#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>

#include "engine/api/dataset.h"
#include "engine/api/error.h"
#include "engine/api/statistics.h"
#include "engine/core/atomic_file.h"
#include "engine/core/csv.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string iso8601(int64_t ms) {
    if (ms <= 0) return {};
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

class Statement {
public:
    Statement(sqlite3* db, const char* sql) : m_db(db) {
        if (sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) != SQLITE_OK)
            throw Error(ErrorCode::Format, std::string("annotations database: ") + sqlite3_errmsg(db));
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement& bind(int i, const std::string& v) {
        sqlite3_bind_text(m_stmt, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind(int i, int64_t v) {
        sqlite3_bind_int64(m_stmt, i, v);
        return *this;
    }
    bool step() {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw Error(ErrorCode::Io, std::string("annotations database: ") + sqlite3_errmsg(m_db));
    }
    std::string text(int c) const {
        const auto* p = sqlite3_column_text(m_stmt, c);
        return p ? reinterpret_cast<const char*>(p) : "";
    }
    int64_t integer(int c) const { return sqlite3_column_int64(m_stmt, c); }

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

}  // namespace

std::vector<std::string> defaultFindings() {
    return {"atrophy", "lesion", "haemorrhage", "mass", "motion artefact", "other"};
}

struct AnnotationStore::Impl {
    std::string path, workspace;
    sqlite3* db = nullptr;

    void exec(const char* sql) const {
        char* err = nullptr;
        if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
            const std::string message = err ? err : "unknown error";
            sqlite3_free(err);
            throw Error(ErrorCode::Io, "annotations database " + path + ": " + message);
        }
    }

    std::string meta(const std::string& key) const {
        Statement s(db, "SELECT value FROM meta WHERE key = ?1");
        s.bind(1, key);
        return s.step() ? s.text(0) : std::string();
    }
    void setMeta(const std::string& key, const std::string& value) const {
        Statement s(db,
                    "INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = "
                    "excluded.value");
        s.bind(1, key).bind(2, value).step();
    }

    // Tags and notes of older versions lived in gui_state.json: moved in once, the file is left as it is.
    void migrateGuiState() {
        if (!meta("migrated_gui_state").empty()) return;
        std::vector<std::pair<std::string, Annotation>> old;
        std::ifstream in(fs::path(workspace) / "gui_state.json");
        if (in) {
            try {
                const auto j = nlohmann::json::parse(in);
                const nlohmann::json notes = j.value("annotations", nlohmann::json::object());
                for (const auto& [item, a] : notes.items())
                    old.emplace_back(item, Annotation{a.value("tags", 0u), a.value("note", std::string())});
            } catch (const nlohmann::json::exception&) {
                old.clear();  // an unreadable state file holds nothing to move
            }
        }
        exec("BEGIN");
        try {
            for (const auto& [item, a] : old) {
                Statement s(
                    db,
                    "INSERT OR IGNORE INTO annotations(item, tags, note, updated_ms) VALUES(?1, ?2, ?3, ?4)");
                s.bind(1, item).bind(2, static_cast<int64_t>(a.tags)).bind(3, a.note).bind(4, nowMs()).step();
            }
            setMeta("migrated_gui_state", "1");
            exec("COMMIT");
        } catch (...) {
            exec("ROLLBACK");
            throw;
        }
    }
};

AnnotationStore::AnnotationStore(const std::string& workspace) : m_impl(std::make_unique<Impl>()) {
    m_impl->workspace = workspace;
    m_impl->path = (fs::path(workspace) / "annotations.sqlite").string();
    std::error_code ec;
    fs::create_directories(workspace, ec);
    if (sqlite3_open_v2(m_impl->path.c_str(), &m_impl->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        const std::string why = m_impl->db ? sqlite3_errmsg(m_impl->db) : "out of memory";
        sqlite3_close(m_impl->db);
        m_impl->db = nullptr;
        throw Error(ErrorCode::Io, "cannot open the annotations database " + m_impl->path + ": " + why);
    }
    sqlite3_busy_timeout(m_impl->db, 5000);  // the GUI and the CLI may open it at the same time
    // WAL: a committed change survives a crash of the process; NORMAL syncs at checkpoints.
    m_impl->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
    m_impl->exec(
        "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
        "CREATE TABLE IF NOT EXISTS annotations(item TEXT PRIMARY KEY, tags INTEGER NOT NULL DEFAULT 0, note "
        "TEXT NOT NULL DEFAULT '',"
        " updated_ms INTEGER);"
        "CREATE TABLE IF NOT EXISTS grades(item TEXT NOT NULL, reviewer TEXT NOT NULL, grade INTEGER NOT "
        "NULL DEFAULT 0,"
        " finding TEXT NOT NULL DEFAULT '', artifact INTEGER NOT NULL DEFAULT 0, note TEXT NOT NULL DEFAULT "
        "'',"
        " blinded INTEGER NOT NULL DEFAULT 0, created_ms INTEGER, updated_ms INTEGER, PRIMARY KEY(item, "
        "reviewer));"
        "CREATE TABLE IF NOT EXISTS findings(position INTEGER PRIMARY KEY, label TEXT NOT NULL);");
    if (m_impl->meta("schema").empty()) m_impl->setMeta("schema", "1");
    m_impl->migrateGuiState();
    if (m_impl->meta("findings_initialised").empty()) {
        setFindings(defaultFindings());
        m_impl->setMeta("findings_initialised", "1");
    }
}

AnnotationStore::~AnnotationStore() {
    if (m_impl && m_impl->db) sqlite3_close(m_impl->db);
}

const std::string& AnnotationStore::path() const {
    return m_impl->path;
}

std::map<std::string, Annotation> AnnotationStore::annotations() const {
    std::map<std::string, Annotation> out;
    Statement s(m_impl->db, "SELECT item, tags, note FROM annotations");
    while (s.step())
        out[s.text(0)] = Annotation{static_cast<uint32_t>(s.integer(1)), s.text(2)};
    return out;
}

void AnnotationStore::setAnnotation(const std::string& item, const Annotation& a) {
    if (a.tags == 0 && a.note.empty()) {
        Statement s(m_impl->db, "DELETE FROM annotations WHERE item = ?1");
        s.bind(1, item).step();
        return;
    }
    Statement s(m_impl->db,
                "INSERT INTO annotations(item, tags, note, updated_ms) VALUES(?1, ?2, ?3, ?4) ON "
                "CONFLICT(item) DO UPDATE SET "
                "tags = excluded.tags, note = excluded.note, updated_ms = excluded.updated_ms");
    s.bind(1, item).bind(2, static_cast<int64_t>(a.tags)).bind(3, a.note).bind(4, nowMs()).step();
}

std::vector<Grade> AnnotationStore::grades(const std::string& reviewer) const {
    std::vector<Grade> out;
    Statement s(m_impl->db, reviewer.empty() ? "SELECT item, reviewer, grade, finding, artifact, note, "
                                               "blinded, created_ms, updated_ms FROM grades "
                                               "ORDER BY item, reviewer"
                                             : "SELECT item, reviewer, grade, finding, artifact, note, "
                                               "blinded, created_ms, updated_ms FROM grades "
                                               "WHERE reviewer = ?1 ORDER BY item");
    if (!reviewer.empty()) s.bind(1, reviewer);
    while (s.step())
        out.push_back({s.text(0), s.text(1), static_cast<int>(s.integer(2)), s.text(3), s.integer(4) != 0,
                       s.text(5), s.integer(6) != 0, s.integer(7), s.integer(8)});
    return out;
}

Grade AnnotationStore::grade(const std::string& item, const std::string& reviewer) const {
    Statement s(
        m_impl->db,
        "SELECT item, reviewer, grade, finding, artifact, note, blinded, created_ms, updated_ms FROM grades "
        "WHERE item = ?1 AND reviewer = ?2");
    s.bind(1, item).bind(2, reviewer);
    if (!s.step()) return Grade{};
    return {s.text(0),         s.text(1),         static_cast<int>(s.integer(2)),
            s.text(3),         s.integer(4) != 0, s.text(5),
            s.integer(6) != 0, s.integer(7),      s.integer(8)};
}

void AnnotationStore::setGrade(Grade g) {
    if (g.item.empty() || g.reviewer.empty())
        throw Error(ErrorCode::InvalidArgument, "a grade needs an image and a reviewer");
    if (g.grade < 0 || g.grade > 5) throw Error(ErrorCode::InvalidArgument, "a grade must be 1..5 (0: none)");
    if (g.grade == 0 && g.finding.empty() && !g.artifact && g.note.empty()) {
        removeGrade(g.item, g.reviewer);  // nothing recorded: no row, as for an annotation
        return;
    }
    const int64_t now = nowMs();
    Statement s(
        m_impl->db,
        "INSERT INTO grades(item, reviewer, grade, finding, artifact, note, blinded, created_ms, updated_ms) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8) ON CONFLICT(item, reviewer) DO UPDATE SET grade = "
        "excluded.grade, "
        "finding = excluded.finding, artifact = excluded.artifact, note = excluded.note, blinded = "
        "excluded.blinded, "
        "updated_ms = excluded.updated_ms");
    s.bind(1, g.item)
        .bind(2, g.reviewer)
        .bind(3, static_cast<int64_t>(g.grade))
        .bind(4, g.finding)
        .bind(5, int64_t{g.artifact});
    s.bind(6, g.note).bind(7, int64_t{g.blinded}).bind(8, now).step();
}

void AnnotationStore::removeGrade(const std::string& item, const std::string& reviewer) {
    Statement s(m_impl->db, "DELETE FROM grades WHERE item = ?1 AND reviewer = ?2");
    s.bind(1, item).bind(2, reviewer).step();
}

std::vector<std::string> AnnotationStore::findings() const {
    std::vector<std::string> out;
    Statement s(m_impl->db, "SELECT label FROM findings ORDER BY position");
    while (s.step())
        out.push_back(s.text(0));
    return out;
}

void AnnotationStore::setFindings(const std::vector<std::string>& findings) {
    m_impl->exec("BEGIN");
    try {
        m_impl->exec("DELETE FROM findings");
        for (size_t i = 0; i < findings.size(); ++i) {
            Statement s(m_impl->db, "INSERT INTO findings(position, label) VALUES(?1, ?2)");
            s.bind(1, static_cast<int64_t>(i)).bind(2, findings[i]).step();
        }
        m_impl->exec("COMMIT");
    } catch (...) {
        m_impl->exec("ROLLBACK");
        throw;
    }
}

GradesExportResult runGradesExport(const GradesExportRequest& req) {
    return withContext("exporting grades", [&] {
        if (req.workspace.empty() || req.outCsv.empty())
            throw Error(ErrorCode::InvalidArgument, "a workspace and an output file are required");
        if (!fs::exists(fs::path(req.workspace) / "annotations.sqlite"))
            throw Error(ErrorCode::NotFound, req.workspace + " has no grades yet (no annotations.sqlite)");
        const AnnotationStore store(req.workspace);
        const std::vector<Grade> grades = store.grades();
        GradesExportResult res;
        std::string csv = "item,source,slice,reviewer,grade,finding,artifact,note,blinded,created,updated\n";
        std::map<std::string, std::map<std::string, int>> byReviewer;  // reviewer -> item -> grade
        for (const Grade& g : grades) {
            const auto hash = g.item.rfind('#');
            const std::string source = hash == std::string::npos ? g.item : g.item.substr(0, hash);
            const std::string slice = hash == std::string::npos ? std::string() : g.item.substr(hash + 1);
            csv += csvField(g.item) + "," + csvField(source) + "," + csvField(slice) + "," +
                   csvField(g.reviewer) + "," + std::to_string(g.grade) + "," + csvField(g.finding) + "," +
                   (g.artifact ? "1" : "0") + "," + csvField(g.note) + "," + (g.blinded ? "1" : "0") + "," +
                   iso8601(g.createdMs) + "," + iso8601(g.updatedMs) + "\n";
            ++res.rows;
            if (g.grade > 0) byReviewer[g.reviewer][g.item] = g.grade;
        }
        writeFileAtomically(req.outCsv, csv);
        for (const auto& [r, _] : byReviewer)
            res.reviewers.push_back(r);
        for (size_t i = 0; i < res.reviewers.size(); ++i)
            for (size_t j = i + 1; j < res.reviewers.size(); ++j) {
                const auto &a = byReviewer[res.reviewers[i]], &b = byReviewer[res.reviewers[j]];
                std::vector<int> ga, gb;
                for (const auto& [item, grade] : a)
                    if (auto it = b.find(item); it != b.end()) {
                        ga.push_back(grade);
                        gb.push_back(it->second);
                    }
                res.agreement.push_back({res.reviewers[i], res.reviewers[j], static_cast<int64_t>(ga.size()),
                                         cohensKappa(ga, gb), cohensKappa(ga, gb, true)});
            }
        return res;
    });
}

}  // namespace mlens
