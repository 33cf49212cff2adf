// The ranked-gallery export (api/export.h) over a clinical dataset: a de-identified export holds no
// patient, institution, date or UID value, no source name and no PNG text or time chunk; the key
// file links pseudonyms to images and is written only outside the export; a folder inside the
// dataset is refused; a cancelled export leaves nothing; the plain export names its sources.
#include <QtTest/QtTest>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "engine/api/annotations.h"
#include "engine/api/error.h"
#include "engine/api/export.h"
#include "support/test_support.h"

using namespace mlens;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

// The chunk types of a PNG file, in order.
std::vector<std::string> pngChunks(const fs::path& p) {
    const std::string s = slurp(p);
    std::vector<std::string> out;
    size_t at = 8;
    while (at + 8 <= s.size()) {
        const uint32_t len = (uint32_t(uint8_t(s[at])) << 24) | (uint32_t(uint8_t(s[at + 1])) << 16) |
                             (uint32_t(uint8_t(s[at + 2])) << 8) | uint32_t(uint8_t(s[at + 3]));
        out.push_back(s.substr(at + 4, 4));
        at += 12 + len;
    }
    return out;
}

// Everything of a PNG but its compressed pixels (where any short string turns up by chance).
std::string pngText(const fs::path& p) {
    const std::string s = slurp(p);
    std::string out;
    size_t at = 8;
    while (at + 8 <= s.size()) {
        const uint32_t len = (uint32_t(uint8_t(s[at])) << 24) | (uint32_t(uint8_t(s[at + 1])) << 16) |
                             (uint32_t(uint8_t(s[at + 2])) << 8) | uint32_t(uint8_t(s[at + 3]));
        if (s.compare(at + 4, 4, "IDAT") != 0) out += s.substr(at + 4, 4 + len);
        at += 12 + len;
    }
    return out;
}

class CancelAfter final : public ProgressSink {
public:
    explicit CancelAfter(int n) : m_n(n) {}
    void report(int64_t, int64_t, const std::string&) override { ++m_reports; }
    bool cancelRequested() const override { return m_reports >= m_n; }

private:
    int m_n, m_reports = 0;
};

}  // namespace

class TestExport : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    fs::path root() const { return fs::path(m_dir.path().toStdString()); }
    fs::path data() const { return root() / "data"; }
    fs::path ws() const { return root() / "ws"; }

    ExportRequest request(const std::string& out) const {
        ExportRequest r;
        r.workspace = ws().string();
        r.dataset.path = data().string();
        r.outDir = (root() / out).string();
        return r;
    }

private Q_SLOTS:
    void initTestCase() {
        fs::create_directories(data() / "series");
        fs::create_directories(ws());
        fs::copy_file(test::testData("ch2_psl_int16.nii.gz"), data() / "ch2_psl_int16.nii.gz");
        for (const auto& e : fs::directory_iterator(test::testData("dicom_series")))
            fs::copy_file(e.path(), data() / "series" / e.path().filename());
        fs::copy_file(test::testData("ct_small_jpeg57.dcm"), data() / "ct_small_jpeg57.dcm");
        AnnotationStore store(ws().string());
        store.setAnnotation("series/series-7#axial-1", {1, "patient looked anxious"});
    }

    void deidentifiedExportHoldsNothingIdentifying() {
        ExportRequest r = request("deid");
        r.deidentify = true;
        r.keyFile = (root() / "key.csv").string();
        NullProgress p;
        const ExportResult res = runExport(r, p);
        QVERIFY(res.exported > 10);
        QCOMPARE(int(res.files.size()), res.exported);
        QVERIFY(res.skipped.empty());

        // Every value that identifies the patients in the sources, and every source name.
        const auto spec = nlohmann::json::parse(slurp(test::testData("dicom_series.json")));
        std::vector<std::string> banned = {"ch2",    "series", "a99",  "m07",
                                           "jpeg57", ".dcm",   ".nii", "anxious"};
        for (const auto& v : spec.at("identifying_values"))
            if (!v.get<std::string>().empty()) banned.push_back(v.get<std::string>());
        QVERIFY(banned.size() > 12);

        std::set<std::string> names;
        for (const auto& e : fs::directory_iterator(r.outDir)) {
            const std::string name = e.path().filename().string();
            names.insert(name);
            std::string body = e.path().extension() == ".png" ? pngText(e.path()) : slurp(e.path());
            // The thumbnails' base64 pixels and the random hex pseudonyms, where short strings such
            // as "a99" or a date of digits turn up by chance.
            if (e.path().extension() == ".html")  // not std::regex: it recurses once per character
                for (size_t at = body.find("base64,"); at != std::string::npos;
                     at = body.find("base64,", at + 7)) {
                    size_t end = at + 7;
                    while (end < body.size() && (std::isalnum(static_cast<unsigned char>(body[end])) ||
                                                 body[end] == '+' || body[end] == '/' || body[end] == '='))
                        ++end;
                    body.erase(at + 7, end - at - 7);
                }
            const std::regex pseudonym("ML[0-9a-f]{10}");
            body = std::regex_replace(body, pseudonym, "ML");
            const std::string bareName = std::regex_replace(name, pseudonym, "ML");
            for (const std::string& b : banned) {
                if (bareName.find(b) != std::string::npos || body.find(b) != std::string::npos)
                    QFAIL(qPrintable(QString::fromStdString(name + " holds '" + b + "'")));
            }
            if (e.path().extension() == ".png") {
                for (const std::string& c : pngChunks(e.path()))
                    QVERIFY2(c != "tEXt" && c != "iTXt" && c != "zTXt" && c != "tIME",
                             qPrintable(QString::fromStdString(name + ": " + c)));
            }
        }
        QVERIFY(names.count("manifest.csv") && names.count("manifest.json") && names.count("index.html") &&
                names.count("contact_sheet.png"));
        for (const std::string& f : res.files) {
            const std::string name = fs::path(f).filename().string();
            QVERIFY2(QRegularExpression("^\\d{4}_ML[0-9a-f]{10}\\.png$")
                         .match(QString::fromStdString(name))
                         .hasMatch(),
                     name.c_str());
        }

        // What was left out is listed; the key file resolves every pseudonym and lies outside.
        const auto meta = nlohmann::json::parse(slurp(fs::path(r.outDir) / "manifest.json"));
        QCOMPARE(meta.at("deidentified").get<bool>(), true);
        const auto removed = meta.at("removed").get<std::vector<std::string>>();
        for (const char* field : {"PatientName", "PatientID", "InstitutionName", "StudyDate",
                                  "StudyInstanceUID", "free-text notes"})
            QVERIFY2(std::find(removed.begin(), removed.end(), field) != removed.end(), field);
        const std::string key = slurp(r.keyFile);
        QVERIFY(key.find("series/series-7#axial-1") != std::string::npos);
        QVERIFY(key.find("series-1#axial-0") != std::string::npos);  // ct_small_jpeg57.dcm
        QVERIFY(key.find("ch2_psl_int16.nii.gz#axial-") != std::string::npos);
        int keyRows = 0;
        for (char c : key)
            keyRows += c == '\n';
        QCOMPARE(keyRows - 1, res.exported);
        for (const std::string& f : res.files) {
            const std::string pseud = fs::path(f).stem().string().substr(5);
            QVERIFY2(key.find(pseud + ",") != std::string::npos, pseud.c_str());
        }
    }

    void relativeKeyFile() {  // "--key-file key.csv" from the shell: no folder part
        const fs::path before = fs::current_path();
        fs::current_path(root());
        ExportRequest r = request("deid_relative");
        r.deidentify = true;
        r.keyFile = "relative_key.csv";
        r.items = {"series/series-7#axial-1"};
        NullProgress p;
        QCOMPARE(runExport(r, p).exported, 1);
        fs::current_path(before);
        QVERIFY(fs::exists(root() / "relative_key.csv"));
    }

    void notesOnlyWhenAsked() {
        ExportRequest r = request("deid_notes");
        r.deidentify = true;
        r.includeNotes = true;
        r.items = {"series/series-7#axial-1"};
        NullProgress p;
        runExport(r, p);
        QVERIFY(slurp(fs::path(r.outDir) / "manifest.csv").find("patient looked anxious") !=
                std::string::npos);
    }

    void plainExportNamesSourcesInOrder() {
        ExportRequest r = request("plain");
        r.items = {"series/series-7#axial-4", "series/series-7#axial-1"};
        NullProgress p;
        const ExportResult res = runExport(r, p);
        QCOMPARE(res.exported, 2);
        const std::string manifest = slurp(res.manifest);
        const size_t z = manifest.find("series/series-7#axial-4"),
                     a = manifest.find("series/series-7#axial-1");
        QVERIFY(z != std::string::npos && a != std::string::npos && z < a);
        QVERIFY(manifest.find("patient looked anxious") != std::string::npos);
        QVERIFY(fs::exists(fs::path(r.outDir) / "0001.png"));
    }

    void refusals() {
        NullProgress p;
        ExportRequest inside = request("unused");
        inside.outDir = (data() / "export").string();
        QVERIFY_THROWS_EXCEPTION(Error, runExport(inside, p));
        QVERIFY(!fs::exists(data() / "export"));

        ExportRequest keyInside = request("deid_key_inside");
        keyInside.deidentify = true;
        keyInside.keyFile = (root() / "deid_key_inside" / "key.csv").string();
        QVERIFY_THROWS_EXCEPTION(Error, runExport(keyInside, p));
        QVERIFY(!fs::exists(keyInside.outDir));

        ExportRequest keyInData = request("deid_key_data");
        keyInData.deidentify = true;
        keyInData.keyFile = (data() / "key.csv").string();
        QVERIFY_THROWS_EXCEPTION(Error, runExport(keyInData, p));
        QVERIFY(!fs::exists(data() / "key.csv"));

        ExportRequest keyPlain = request("plain_key");
        keyPlain.keyFile = (root() / "k.csv").string();
        QVERIFY_THROWS_EXCEPTION(Error, runExport(keyPlain, p));

        ExportRequest missing = request("missing");
        missing.items = {"series/nope.dcm"};
        QVERIFY_THROWS_EXCEPTION(Error, runExport(missing, p));
        QVERIFY(!fs::exists(missing.outDir));

        ExportRequest bounded = request("bounded");  // unscored images never pass a score bound
        bounded.filter.minScore = 0;
        QVERIFY_THROWS_EXCEPTION(Error, runExport(bounded, p));
    }

    void cancelledExportLeavesNothing() {
        ExportRequest r = request("cancelled");
        r.deidentify = true;
        r.keyFile = (root() / "cancelled_key.csv").string();
        CancelAfter sink(3);
        QVERIFY_THROWS_EXCEPTION(Cancelled, runExport(r, sink));
        QVERIFY(!fs::exists(r.outDir));
        QVERIFY(!fs::exists(r.keyFile));
        for (const auto& e : fs::directory_iterator(root()))
            QVERIFY2(e.path().filename().string().find("cancelled") == std::string::npos,
                     e.path().string().c_str());
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "test_export.moc"
