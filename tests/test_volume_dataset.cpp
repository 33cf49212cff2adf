// Volumes in a dataset: a folder mixing a NIfTI scan, a DICOM folder of three series, 16-bit images
// and broken files lists every non-empty slice as an item, every bad file as a problem with its
// reason, decodes slices in physical units with a per-volume window, and never writes to the folder.
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/api/dataset.h"
#include "engine/api/error.h"
#include "engine/io/dicom_reader.h"
#include "engine/io/nifti_reader.h"
#include "engine/io/volume.h"
#include "support/test_support.h"

using namespace mlens;
namespace fs = std::filesystem;

namespace {

std::map<std::string, fs::file_time_type> snapshot(const std::string& root) {
    std::map<std::string, fs::file_time_type> out;
    for (const auto& e : fs::recursive_directory_iterator(root))
        out[e.path().string()] = e.last_write_time();
    return out;
}

// Slice names are zero-padded to the width of the largest index.
std::string sliceName(const std::string& source, const char* plane, int64_t k, int64_t count) {
    const int width = int(std::to_string(count - 1).size());
    return source + "#" + plane + "-" + QString("%1").arg(k, width, 10, QChar('0')).toStdString();
}

std::vector<std::string> itemsStartingWith(const DatasetListing& l, const std::string& prefix) {
    std::vector<std::string> out;
    for (const auto& i : l.items)
        if (i.relativePath.rfind(prefix, 0) == 0) out.push_back(i.relativePath);
    return out;
}

}  // namespace

class TestVolumeDataset : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string root() const { return m_dir.filePath("data").toStdString(); }
    std::string file(const std::string& rel) const { return (fs::path(root()) / rel).string(); }

private Q_SLOTS:
    void initTestCase() {
        fs::create_directories(file("mri"));
        fs::create_directories(file("ct"));
        fs::copy_file(test::testData("ch2_psl_int16.nii.gz"), file("mri/ch2_psl_int16.nii.gz"));
        for (const auto& e : fs::directory_iterator(test::testData("dicom_series")))
            fs::copy_file(e.path(), file("ct/" + e.path().filename().string()));
        std::ifstream in(test::testData("dicom_series/a99.dcm"), std::ios::binary);
        const std::string dcm((std::istreambuf_iterator<char>(in)), {});
        std::ofstream(file("ct/broken.dcm"), std::ios::binary) << dcm.substr(0, 3000);
        std::ofstream(file("mri/empty.nii")).close();
        // 12-bit data in a 16-bit container, and an all-black 16-bit image.
        cv::Mat pattern(32, 32, CV_16UC1);
        for (int y = 0; y < 32; ++y)
            for (int x = 0; x < 32; ++x)
                pattern.at<uint16_t>(y, x) = uint16_t((x * 4 + y) % 129);
        cv::imwrite(file("pattern16.png"), pattern);
        cv::imwrite(file("black16.png"), cv::Mat(32, 32, CV_16UC1, cv::Scalar(0)));
    }

    void listsSlicesSeriesAndProblems() {
        const auto before = snapshot(root());
        DatasetSpec spec;
        spec.path = root();
        const DatasetListing l = scanDataset(spec);

        // NIfTI: every non-constant axial slice, named by its index.
        const io::Volume v = io::readNifti(file("mri/ch2_psl_int16.nii.gz"));
        std::vector<std::string> expected;
        for (int64_t k = 0; k < v.nz; ++k)
            if (!io::sliceIsConstant(v, Plane::Axial, k))
                expected.push_back(sliceName("mri/ch2_psl_int16.nii.gz", "axial", k, v.nz));
        QVERIFY(expected.size() > 10);
        QCOMPARE(itemsStartingWith(l, "mri/ch2_psl_int16.nii.gz#"), expected);

        // DICOM: series 7 (5 axial slices), series 8 (coronal acquisition, resliced axially: 8 slices)
        // and the secondary capture as an image of its own.
        QCOMPARE(itemsStartingWith(l, "ct/series-7#").size(), size_t{5});
        QCOMPARE(itemsStartingWith(l, "ct/series-8#").size(), size_t{8});
        QCOMPARE(itemsStartingWith(l, "ct/sc.dcm").size(), size_t{1});
        const auto s7 = std::find_if(l.sources.begin(), l.sources.end(),
                                     [](const auto& s) { return s.relativePath == "ct/series-7"; });
        QVERIFY(s7 != l.sources.end());
        QCOMPARE(s7->files, (std::vector<std::string>{"ct/m07.dcm", "ct/a99.dcm", "ct/z01.dcm", "ct/b50.dcm",
                                                      "ct/k33.dcm"}));
        QCOMPARE(s7->positions.size(), size_t{5});
        QVERIFY(s7->positions[1] - s7->positions[0] > 2.4);

        // Problems: counted and listed with a reason, relative names, never fatal.
        std::map<std::string, std::string> problems;
        for (const auto& p : l.problems)
            problems[p.path] = p.reason;
        QVERIFY2(problems.count("ct/broken.dcm"), "the truncated DICOM file is not listed");
        QVERIFY2(problems.count("mri/empty.nii"), "the empty NIfTI file is not listed");
        for (const auto& [path, reason] : problems) {
            QVERIFY2(!reason.empty(), path.c_str());
            QVERIFY2(reason.find(root()) == std::string::npos, reason.c_str());
        }
        QCOMPARE(itemsStartingWith(l, "pattern16.png").size(), size_t{1});

        // keepEmptySlices lists every slice.
        spec.keepEmptySlices = true;
        QCOMPARE(itemsStartingWith(scanDataset(spec), "mri/ch2_psl_int16.nii.gz#").size(), size_t(v.nz));
        QCOMPARE(snapshot(root()), before);
    }

    void decodesPhysicalSlicesWithTheVolumesWindow() {
        const auto before = snapshot(root());
        DatasetSpec spec;
        spec.path = root();
        DatasetReader reader(scanDataset(spec));
        const DatasetListing& l = reader.listing();
        const io::Volume v = io::readNifti(file("mri/ch2_psl_int16.nii.gz"));
        size_t mid = l.items.size();
        for (size_t i = 0; i < l.items.size(); ++i)
            if (l.items[i].relativePath == sliceName("mri/ch2_psl_int16.nii.gz", "axial", v.nz / 2, v.nz))
                mid = i;
        QVERIFY(mid < l.items.size());
        const ItemImage img = reader.read(mid);
        QVERIFY2(img.ok(), img.error.c_str());
        QCOMPARE(img.pixels.type(), CV_32FC1);
        QCOMPARE(cv::norm(img.pixels, io::volumeSlice(v, Plane::Axial, v.nz / 2), cv::NORM_INF), 0.0);
        QCOMPARE(img.display.type(), CV_8UC1);
        QVERIFY(img.windowHigh > img.windowLow);
        QVERIFY(img.windowHigh <= 243.0 && img.windowLow >= 0.0);  // the volume's range (make_nifti_goldens)
        QCOMPARE(itemOrientation(l, mid), std::string("RLAP"));

        // One window per volume: every slice of series 7 maps the same values to the same grey.
        std::vector<size_t> s7;
        for (size_t i = 0; i < l.items.size(); ++i)
            if (l.items[i].relativePath.rfind("ct/series-7#", 0) == 0) s7.push_back(i);
        const ItemImage a = reader.read(s7.front()), b = reader.read(s7.back());
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(a.windowLow, b.windowLow);
        QCOMPARE(a.windowHigh, b.windowHigh);
        double lo = 0, hi = 0;
        cv::minMaxLoc(a.pixels, &lo, &hi);
        QVERIFY2(lo < -500 && hi > 1000, "series 7 is not in Hounsfield units (slope 2, intercept -1024)");

        // 16-bit images are windowed, not divided by 257: 12-bit content is no longer black.
        size_t pattern = 0, black = 0;
        for (size_t i = 0; i < l.items.size(); ++i) {
            if (l.items[i].relativePath == "pattern16.png") pattern = i;
            if (l.items[i].relativePath == "black16.png") black = i;
        }
        const ItemImage p = reader.read(pattern), k = reader.read(black);
        QVERIFY(p.ok() && k.ok());
        double pmax = 0;
        cv::minMaxLoc(p.display, nullptr, &pmax);
        QVERIFY2(pmax > 200, qPrintable(QString("the 0..128 pattern shows at most grey %1").arg(pmax)));
        QVERIFY(cv::norm(p.display, k.display, cv::NORM_INF) > 200);
        QCOMPARE(itemOrientation(l, pattern), std::string());
        QCOMPARE(snapshot(root()), before);
    }

    // A single scan file is a dataset of its own.
    void oneFileIsADataset() {
        DatasetSpec spec;
        spec.path = file("mri/ch2_psl_int16.nii.gz");
        spec.plane = Plane::Sagittal;
        const DatasetListing l = scanDataset(spec);
        QVERIFY(!l.items.empty());
        QVERIFY(l.items.size() <= size_t{31});
        QVERIFY(l.items.front().relativePath.find("#sagittal-") != std::string::npos);
        QCOMPARE(itemOrientation(l, 0), std::string("APSI"));
        QVERIFY_THROWS_EXCEPTION(Error, requireOutsideDataset(file("mri/out"), spec.path));
    }
};

QTEST_GUILESS_MAIN(TestVolumeDataset)
#include "test_volume_dataset.moc"
