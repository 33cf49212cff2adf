// DICOM through DCMTK and OpenJPEG: pydicom's own test corpus (Debian's python3-pydicom) decoded as
// pydicom (or GDCM, for compressed syntaxes) decodes it, in physical units, every required transfer
// syntax among the files that match, refusals in one line naming the file, and a real series
// (tests/data/dicom_series, made by make_dicom_series.py) grouped by UID and ordered by position.
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/api/dataset.h"
#include "engine/api/error.h"
#include "engine/io/dicom_reader.h"
#include "support/test_support.h"

using namespace mlens;
namespace fs = std::filesystem;

namespace {

const std::string kCorpus = "/usr/lib/python3/dist-packages/pydicom/data/test_files/";

// What our decoder refuses among the files pydicom or GDCM decode, and why (checked, so that a change
// in behaviour is noticed): DCMTK's JPEG codec stops at the early end of this file's stream.
const std::map<std::string, std::string> kKnownRefusals = {{"SC_rgb_jpeg.dcm", "premature end"}};

struct Stats {
    double min = 1e300, max = -1e300, mean = 0;
    std::vector<double> checksums;
};

// The same statistics as make_dicom_goldens.py: colour compared as RGB, pixel i of a frame weighs
// (i * 2654435761 % 97) + 1.
Stats statsOf(const std::vector<cv::Mat>& frames) {
    Stats s;
    double sum = 0;
    size_t n = 0;
    for (const cv::Mat& f : frames) {
        cv::Mat rgb = f, d;
        if (f.channels() == 3) cv::cvtColor(f, rgb, cv::COLOR_BGR2RGB);
        rgb.convertTo(d, CV_64F);
        d = d.reshape(1, 1);
        double ck = 0;
        for (int i = 0; i < d.cols; ++i) {
            const double v = d.at<double>(0, i);
            s.min = std::min(s.min, v);
            s.max = std::max(s.max, v);
            sum += v;
            ck += v * double((uint64_t(i) * 2654435761ull) % 97 + 1);
        }
        n += size_t(d.cols);
        s.checksums.push_back(ck);
    }
    s.mean = sum / double(n);
    return s;
}

bool close(double a, double b, double rel) {
    return std::abs(a - b) <= rel * (1 + std::abs(b));
}

QString refusal(const std::string& path, ErrorCode code, const std::string& words,
                const io::VolumeLimits& limits = {}) {
    try {
        io::readDicomFrames(path, limits);
    } catch (const Error& e) {
        const std::string w = e.what();
        if (e.code() != code) return QString("code %1: %2").arg(toString(e.code())).arg(w.c_str());
        if (w.find(fs::path(path).filename().string()) == std::string::npos)
            return QString("no file name: %1").arg(w.c_str());
        if (w.find('\n') != std::string::npos) return QString("several lines: %1").arg(w.c_str());
        if (w.find(words) == std::string::npos)
            return QString("no '%1': %2").arg(words.c_str()).arg(w.c_str());
        return {};
    }
    return "accepted";
}

}  // namespace

class TestDicom : public QObject {
    Q_OBJECT
    nlohmann::json m_gold, m_series;
    QTemporaryDir m_dir;
    std::set<std::string> m_matchedSyntaxes;
    std::string tmp(const std::string& name) const {
        return m_dir.filePath(QString::fromStdString(name)).toStdString();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(fs::exists(kCorpus + "CT_small.dcm"),
                 "pydicom's test corpus is missing: install python3-pydicom (see install-deps.sh)");
        std::ifstream in(test::testData("dicom_goldens.json"));
        QVERIFY(in);
        m_gold = nlohmann::json::parse(in);
        std::ifstream s(test::testData("dicom_series.json"));
        QVERIFY(s);
        m_series = nlohmann::json::parse(s);
    }

    void decodesAsTheReferenceDoes_data() {
        QTest::addColumn<QString>("name");
        for (const auto& [name, g] : m_gold.items())
            if (g.contains("checksum")) QTest::newRow(name.c_str()) << QString::fromStdString(name);
    }
    void decodesAsTheReferenceDoes() {
        QFETCH(QString, name);
        const std::string file = name.toStdString(), path = kCorpus + file;
        const auto& g = m_gold[file];
        if (kKnownRefusals.count(file)) {
            const QString r = refusal(path, ErrorCode::Format, kKnownRefusals.at(file));
            QVERIFY2(r.isEmpty(), qPrintable(r));
            return;
        }
        const std::vector<cv::Mat> frames = io::readDicomFrames(path);
        QCOMPARE(frames.size(), g["frames"].get<size_t>());
        QCOMPARE(frames[0].rows, g["rows"].get<int>());
        QCOMPARE(frames[0].cols, g["columns"].get<int>());
        QCOMPARE(frames[0].channels(), g["samples"].get<int>());
        const Stats s = statsOf(frames);
        QVERIFY2(close(s.min, g["min"].get<double>(), 1e-4), qPrintable(QString("min %1").arg(s.min)));
        QVERIFY2(close(s.max, g["max"].get<double>(), 1e-4), qPrintable(QString("max %1").arg(s.max)));
        QVERIFY2(close(s.mean, g["mean"].get<double>(), 1e-5), qPrintable(QString("mean %1").arg(s.mean)));
        for (size_t f = 0; f < s.checksums.size(); ++f) {
            const double gck = g["checksum"][f].get<double>();
            QVERIFY2(std::abs(s.checksums[f] - gck) <= 1e-6 * std::abs(gck) + 1e-6,
                     qPrintable(QString("frame %1 checksum %2 vs %3")
                                    .arg(f)
                                    .arg(s.checksums[f], 0, 'g', 15)
                                    .arg(gck, 0, 'g', 15)));
        }
        m_matchedSyntaxes.insert(io::readDicomInfo(path).transferSyntax);
    }

    // The syntaxes the corpus lacks, re-encoded from CT_small by DCMTK's tools (make_dicom_series.py).
    void decodesReEncodedCopies() {
        const cv::Mat ref = io::readDicomFrames(kCorpus + "CT_small.dcm").at(0);
        const cv::Mat lossless = io::readDicomFrames(test::testData("ct_small_jpeg57.dcm")).at(0);
        QCOMPARE(cv::norm(lossless, ref, cv::NORM_INF), 0.0);
        const cv::Mat near = io::readDicomFrames(test::testData("ct_small_jpegls_near.dcm")).at(0);
        const double err = cv::norm(near, ref, cv::NORM_INF);
        QVERIFY2(err <= 2.0, qPrintable(QString("near-lossless error %1 > NEAR 2").arg(err)));
        QVERIFY2(cv::norm(near, ref, cv::NORM_L1) / double(ref.total()) < 2.0,
                 "near-lossless copy differs everywhere");
        m_matchedSyntaxes.insert(io::readDicomInfo(test::testData("ct_small_jpeg57.dcm")).transferSyntax);
        m_matchedSyntaxes.insert(
            io::readDicomInfo(test::testData("ct_small_jpegls_near.dcm")).transferSyntax);
    }

    // Among the files that matched: every transfer syntax the issue names.
    void coversEveryRequiredSyntax() {
        if (m_matchedSyntaxes.empty()) QSKIP("run with decodesAsTheReferenceDoes");
        const std::map<std::string, std::string> required = {
            {"1.2.840.10008.1.2", "implicit VR little endian"},
            {"1.2.840.10008.1.2.1", "explicit VR little endian"},
            {"1.2.840.10008.1.2.2", "explicit VR big endian"},
            {"1.2.840.10008.1.2.1.99", "deflate"},
            {"1.2.840.10008.1.2.5", "RLE"},
            {"1.2.840.10008.1.2.4.50", "JPEG baseline"},
            {"1.2.840.10008.1.2.4.51", "JPEG extended"},
            {"1.2.840.10008.1.2.4.70", "JPEG lossless SV1"},
            {"1.2.840.10008.1.2.4.57", "JPEG lossless"},
            {"1.2.840.10008.1.2.4.80", "JPEG-LS lossless"},
            {"1.2.840.10008.1.2.4.81", "JPEG-LS near-lossless"},
            {"1.2.840.10008.1.2.4.90", "JPEG 2000 lossless"},
            {"1.2.840.10008.1.2.4.91", "JPEG 2000"}};
        QStringList missing;
        for (const auto& [uid, what] : required)
            if (!m_matchedSyntaxes.count(uid)) missing << QString::fromStdString(what + " (" + uid + ")");
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(", ")));
    }

    void refusesWithOneLineNamingTheFile() {
        QString r = refusal(kCorpus + "MR_truncated.dcm", ErrorCode::Format, "MR_truncated.dcm");
        QVERIFY2(r.isEmpty(), qPrintable(r));
        r = refusal(kCorpus + "rtplan.dcm", ErrorCode::Format, "no pixel data");
        QVERIFY2(r.isEmpty(), qPrintable(r));
        // Our own cut: CT_small without the last 2000 bytes of its pixel data.
        std::ifstream in(kCorpus + "CT_small.dcm", std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), {});
        std::ofstream(tmp("cut.dcm"), std::ios::binary) << bytes.substr(0, bytes.size() - 2000);
        try {
            io::readDicomFrames(tmp("cut.dcm"));
            QFAIL("a truncated DICOM file was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("cut.dcm") != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find('\n') == std::string::npos, e.what());
        }
        std::ofstream(tmp("text.dcm")) << "not DICOM at all";
        r = refusal(tmp("text.dcm"), ErrorCode::Format, "text.dcm");
        QVERIFY2(r.isEmpty(), qPrintable(r));
        // The limits are checked against the header, before decoding.
        r = refusal(kCorpus + "CT_small.dcm", ErrorCode::InvalidArgument, "CT_small.dcm",
                    io::VolumeLimits{1000});
        QVERIFY2(r.isEmpty(), qPrintable(r));
    }

    void readsTheHeader() {
        const io::DicomInfo i = io::readDicomInfo(kCorpus + "CT_small.dcm");
        QCOMPARE(i.rows, 128);
        QCOMPARE(i.columns, 128);
        QCOMPARE(i.modality, std::string("CT"));
        QVERIFY(i.hasPosition && i.hasOrientation);
        QVERIFY(std::abs(i.position[0] - -158.135803) < 1e-6);
        QVERIFY(std::abs(i.pixelSpacing[0] - 0.661468) < 1e-6);
        for (const char* f : {"PatientName", "PatientID", "InstitutionName", "StudyDate", "StudyInstanceUID"})
            QVERIFY2(std::find(i.identifyingFields.begin(), i.identifyingFields.end(), f) !=
                         i.identifyingFields.end(),
                     f);
        // Names only: no value of the header travels in identifyingFields.
        for (const std::string& f : i.identifyingFields)
            QVERIFY2(f.find("CompressedSamples") == std::string::npos, f.c_str());
    }

    // The viewer's windows for a DICOM image: as scored first, then the file's own (MR_small.dcm:
    // Window Center 600, Width 1600 -> -200..1400), the full range, then 1-99 % and 0.1-99.9 %.
    void offersTheFilesWindows() {
        const std::string folder = tmp("windows");
        fs::create_directories(folder);
        fs::copy_file(kCorpus + "MR_small.dcm", folder + "/mr.dcm");
        DatasetSpec spec;
        spec.path = folder;
        const DatasetReader reader(scanDataset(spec));
        QCOMPARE(reader.size(), size_t{1});
        const ItemImage item = reader.read(0);
        QVERIFY2(item.ok(), item.error.c_str());
        const auto presets = windowPresets(item);
        QCOMPARE(presets.size(), size_t{5});
        QVERIFY(presets[0].kind == WindowPreset::Kind::Scored);
        QCOMPARE(presets[0].low, item.windowLow);
        QCOMPARE(presets[0].high, item.windowHigh);
        QVERIFY(presets[1].kind == WindowPreset::Kind::File);
        QCOMPARE(presets[1].low, -200.0);
        QCOMPARE(presets[1].high, 1400.0);
        double lo = 0, hi = 0;
        cv::minMaxLoc(item.pixels.reshape(1), &lo, &hi);
        QVERIFY(presets[2].kind == WindowPreset::Kind::FullRange);
        QCOMPARE(presets[2].low, lo);
        QCOMPARE(presets[2].high, hi);
        QVERIFY(presets[3].kind == WindowPreset::Kind::Percentiles && presets[3].lowPercent == 1.0);
        QVERIFY(presets[4].kind == WindowPreset::Kind::Percentiles && presets[4].highPercent == 99.9);
        // nested: the wider percentiles hold the narrower, and the full range holds both
        QVERIFY(presets[2].low <= presets[4].low && presets[4].low <= presets[3].low);
        QVERIFY(presets[3].high <= presets[4].high && presets[4].high <= presets[2].high);
        QVERIFY(presets[3].low < presets[3].high);
        QVERIFY(windowPresets(ItemImage{}).empty());
    }

    // One folder, three series, file names and InstanceNumbers out of order: grouped by UID, ordered
    // by ImagePositionPatient along the normal, and series A equal to nibabel's canonical volume.
    void groupsAndOrdersASeries() {
        const std::string folder = test::testData("dicom_series");
        std::vector<io::DicomInfo> infos;
        for (const auto& e : fs::directory_iterator(folder))
            infos.push_back(io::readDicomInfo(e.path().string()));
        std::sort(infos.begin(), infos.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
        const auto groups = io::groupSeries(infos);
        QCOMPARE(groups.size(), size_t{3});
        std::map<int, std::vector<std::string>> bySeries;
        for (const auto& g : groups)
            for (size_t i : g)
                bySeries[infos[g.front()].seriesNumber].push_back(
                    fs::path(infos[i].path).filename().string());
        QCOMPARE(bySeries[7], m_series["series_a"]["files_in_slice_order"].get<std::vector<std::string>>());
        QCOMPARE(bySeries[8], (std::vector<std::string>{"c2.dcm", "c1.dcm", "c0.dcm"}));
        QCOMPARE(bySeries[9], std::vector<std::string>{"sc.dcm"});

        std::vector<io::DicomInfo> a;
        for (const auto& g : groups)
            if (infos[g.front()].seriesNumber == 7)
                for (size_t i : g)
                    a.push_back(infos[i]);
        const io::Volume v = io::dicomSeriesVolume(a);
        const auto& ga = m_series["series_a"];
        QCOMPARE(v.stored, ga["stored"].get<std::string>());
        QCOMPARE((std::vector<int64_t>{v.nx, v.ny, v.nz}), ga["shape"].get<std::vector<int64_t>>());
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 4; ++c)
                QVERIFY2(std::abs(v.affine[r][c] - ga["affine"][r][c].get<double>()) < 1e-3,
                         qPrintable(QString("affine[%1][%2] %3").arg(r).arg(c).arg(v.affine[r][c])));
        double ck = 0;
        for (size_t i = 0; i < v.data.size(); ++i)
            ck += double(v.data[i]) * double((uint64_t(i) * 2654435761ull) % 97 + 1);
        QCOMPARE(ck, ga["checksum"].get<double>());
        QCOMPARE(double(*std::min_element(v.data.begin(), v.data.end())), ga["min"].get<double>());

        // MONOCHROME1 is kept as a display flag; the values stay physical.
        std::vector<io::DicomInfo> b;
        for (const auto& g : groups)
            if (infos[g.front()].seriesNumber == 8)
                for (size_t i : g)
                    b.push_back(infos[i]);
        const io::Volume vb = io::dicomSeriesVolume(b);
        QVERIFY(vb.invertDisplay);
        QCOMPARE(vb.ny, int64_t{3});  // coronal slices stack along A
    }
};

QTEST_GUILESS_MAIN(TestDicom)
#include "test_dicom.moc"
