// NIfTI through nifticlib: the real MRI templates of Debian's mricron-data and two reoriented copies
// (tests/data, made by make_nifti_goldens.py) read as nibabel reads them (closest canonical RAS,
// physical units), slices in the radiological and neurological conventions, and refusals of
// truncated, hostile and oversized files with one line naming the file.
#include <QtTest/QtTest>

#include <cstring>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "engine/api/error.h"
#include "engine/io/dicom_reader.h"
#include "engine/io/nifti_reader.h"
#include "engine/io/volume.h"
#include "support/test_support.h"

using namespace mlens;
namespace fs = std::filesystem;

namespace {

const std::string kTemplates = "/usr/share/mricron/templates";

std::string pathOf(const std::string& name) {
    if (name.rfind("ch2_", 0) == 0) return test::testData(name);
    return kTemplates + "/" + name;
}

// The same weighted checksum as make_nifti_goldens.py: voxel i (x fastest) weighs (i * 2654435761 % 97) + 1.
double checksum(const io::Volume& v) {
    double ck = 0;
    for (size_t i = 0; i < v.data.size(); ++i)
        ck += double(v.data[i]) * double((uint64_t(i) * 2654435761ull) % 97 + 1);
    return ck;
}

// A NIfTI-1 header (348 bytes, little endian) with the given dimensions, int16, data at 352.
std::string niftiHeader(int16_t nx, int16_t ny, int16_t nz) {
    std::string h(352, '\0');
    auto put = [&h](size_t offset, const auto& value) { std::memcpy(&h[offset], &value, sizeof value); };
    put(0, int32_t{348});
    const int16_t dim[8] = {3, nx, ny, nz, 1, 1, 1, 1};
    std::memcpy(&h[40], dim, sizeof dim);
    put(70, int16_t{4});   // NIFTI_TYPE_INT16
    put(72, int16_t{16});  // bitpix
    const float pixdim[8] = {1, 1, 1, 1, 1, 1, 1, 1};
    std::memcpy(&h[76], pixdim, sizeof pixdim);
    put(108, 352.0f);  // vox_offset
    std::memcpy(&h[344], "n+1\0", 4);
    return h;
}

void writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace

class TestNifti : public QObject {
    Q_OBJECT
    nlohmann::json m_gold;
    QTemporaryDir m_dir;
    std::string tmp(const std::string& name) const {
        return m_dir.filePath(QString::fromStdString(name)).toStdString();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(fs::exists(kTemplates + "/ch2.nii.gz"),
                 "mricron-data is not installed (see install-deps.sh)");
        std::ifstream in(test::testData("nifti_goldens.json"));
        QVERIFY(in);
        m_gold = nlohmann::json::parse(in);
        QCOMPARE(m_gold.size(), size_t{7});
    }

    void readsAsNibabelDoes_data() {
        QTest::addColumn<QString>("name");
        for (const auto& [name, g] : m_gold.items())
            QTest::newRow(name.c_str()) << QString::fromStdString(name);
    }
    void readsAsNibabelDoes() {
        QFETCH(QString, name);
        const auto& g = m_gold[name.toStdString()];
        const io::Volume v = io::readNifti(pathOf(name.toStdString()));
        QCOMPARE(v.stored, g["stored"].get<std::string>());
        QCOMPARE(v.nx, g["shape"][0].get<int64_t>());
        QCOMPARE(v.ny, g["shape"][1].get<int64_t>());
        QCOMPARE(v.nz, g["shape"][2].get<int64_t>());
        for (int r = 0; r < 4; ++r)
            for (int c = 0; c < 4; ++c)
                QVERIFY2(std::abs(v.affine[r][c] - g["affine"][r][c].get<double>()) < 1e-4, qPrintable(name));
        double mn = 1e300, mx = -1e300, sum = 0;
        for (float x : v.data) {
            mn = std::min(mn, double(x));
            mx = std::max(mx, double(x));
            sum += x;
        }
        QCOMPARE(mn, g["min"].get<double>());
        QVERIFY(std::abs(mx - g["max"].get<double>()) < 1e-5 * std::abs(mx));
        QVERIFY(std::abs(sum / double(v.data.size()) - g["mean"].get<double>()) <
                1e-6 * (1 + std::abs(sum / double(v.data.size()))));
        const double ck = checksum(v), gck = g["checksum"].get<double>();
        QVERIFY2(std::abs(ck - gck) <= 1e-6 * std::abs(gck),
                 qPrintable(QString("checksum %1 vs nibabel %2").arg(ck, 0, 'g', 15).arg(gck, 0, 'g', 15)));
        const int64_t x = std::min<int64_t>(10, v.nx - 1), y = std::min<int64_t>(20, v.ny - 1),
                      z = std::min<int64_t>(30, v.nz - 1);
        QVERIFY(std::abs(v.at(x, y, z) - g["voxel_10_20_30"].get<double>()) < 1e-4);
    }

    // The P-S-L int16 copy (scl_slope 0.5, scl_inter 10) is, once canonical and scaled, exactly every
    // 6th voxel of ch2 itself; the L-I-A NIfTI-2 float copy (qform only) every 9th voxel over 7.
    void reorientedCopiesEqualTheOriginal() {
        const io::Volume ch2 = io::readNifti(kTemplates + "/ch2.nii.gz");
        const io::Volume psl = io::readNifti(test::testData("ch2_psl_int16.nii.gz"));
        const io::Volume lia = io::readNifti(test::testData("ch2_lia_float_n2.nii.gz"));
        QCOMPARE(psl.stored, std::string("PSL"));
        QCOMPARE(lia.stored, std::string("LIA"));
        for (int64_t z = 0; z < psl.nz; ++z)
            for (int64_t y = 0; y < psl.ny; ++y)
                for (int64_t x = 0; x < psl.nx; ++x)
                    QCOMPARE(psl.at(x, y, z), ch2.at(6 * x, 6 * y, 6 * z));
        for (int64_t z = 0; z < lia.nz; ++z)
            for (int64_t y = 0; y < lia.ny; ++y)
                for (int64_t x = 0; x < lia.nx; ++x)
                    QCOMPARE(lia.at(x, y, z), float(ch2.at(9 * x, 9 * y, 9 * z)) / 7.0f);
        // World positions agree too: voxel (x, y, z) of the copy lies where voxel 6x, 6y, 6z of ch2 does.
        for (int r = 0; r < 3; ++r) {
            QVERIFY(std::abs(psl.affine[r][3] - ch2.affine[r][3]) < 1e-4);
            QVERIFY(std::abs(psl.affine[r][r] - 6 * ch2.affine[r][r]) < 1e-4);
        }
    }

    // Radiological: the patient's right (x = nx - 1) on the screen's left; anterior / superior at the top.
    void slicesFollowTheDisplayConventions() {
        const io::Volume v = io::readNifti(test::testData("ch2_psl_int16.nii.gz"));
        const int64_t k = v.nz / 2;
        const cv::Mat radio = io::volumeSlice(v, Plane::Axial, k, Convention::Radiological);
        const cv::Mat neuro = io::volumeSlice(v, Plane::Axial, k, Convention::Neurological);
        QCOMPARE(radio.rows, int(v.ny));
        QCOMPARE(radio.cols, int(v.nx));
        for (int64_t y = 0; y < v.ny; ++y)
            for (int64_t x = 0; x < v.nx; ++x) {
                QCOMPARE(radio.at<float>(int(v.ny - 1 - y), int(v.nx - 1 - x)), v.at(x, y, k));
                QCOMPARE(neuro.at<float>(int(v.ny - 1 - y), int(x)), v.at(x, y, k));
            }
        const cv::Mat cor = io::volumeSlice(v, Plane::Coronal, 3, Convention::Radiological);
        QCOMPARE(cor.rows, int(v.nz));
        QCOMPARE(cor.at<float>(0, 0), v.at(v.nx - 1, 3, v.nz - 1));
        const cv::Mat sag = io::volumeSlice(v, Plane::Sagittal, 4, Convention::Radiological);
        QCOMPARE(sag.rows, int(v.nz));
        QCOMPARE(sag.cols, int(v.ny));
        QCOMPARE(sag.at<float>(0, 0), v.at(4, v.ny - 1, v.nz - 1));
        QCOMPARE(sag.at<float>(int(v.nz - 1), int(v.ny - 1)), v.at(4, 0, 0));

        const io::EdgeLetters a = io::edgeLetters(Plane::Axial, Convention::Radiological);
        QCOMPARE(std::string({a.left, a.right, a.top, a.bottom}), std::string("RLAP"));
        const io::EdgeLetters n = io::edgeLetters(Plane::Axial, Convention::Neurological);
        QCOMPARE(std::string({n.left, n.right, n.top, n.bottom}), std::string("LRAP"));
        const io::EdgeLetters s = io::edgeLetters(Plane::Sagittal, Convention::Radiological);
        QCOMPARE(std::string({s.left, s.right, s.top, s.bottom}), std::string("APSI"));
        // Slice positions run inferior -> superior in world millimetres.
        QVERIFY(io::slicePosition(v, Plane::Axial, 1) - io::slicePosition(v, Plane::Axial, 0) > 5.9);
        QVERIFY(!io::sliceIsConstant(v, Plane::Axial, k));
        std::vector<float> blank(4 * 3 * 2, 5.0f);
        blank[4 * 3 + 7] = 6.0f;  // one voxel of the top slice differs
        const io::Affine eye{{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}};
        const io::Volume b = io::canonicalVolume(blank, {4, 3, 2}, eye);
        QVERIFY(io::sliceIsConstant(b, Plane::Axial, 0));
        QVERIFY(!io::sliceIsConstant(b, Plane::Axial, 1));
        QVERIFY(!io::sliceIsConstant(b, Plane::Coronal, 1));
        QVERIFY(io::sliceIsConstant(b, Plane::Coronal, 0));
    }

    // Inputs that crashed fuzz_volumes (tests/fuzz/regressions_volumes), read as NIfTI and as DICOM:
    // each is read or refused with an Error, and a NIfTI that once crashed names its fault.
    void fuzzerFindingsStayFixed() {
        int replayed = 0;
        for (const auto& e : fs::directory_iterator(test::sourceDir() + "/tests/fuzz/regressions_volumes")) {
            io::VolumeLimits limits;
            limits.maxVoxels = int64_t{1} << 22;
            try {
                io::readNifti(e.path().string(), limits);
            } catch (const Error&) {
            }
            try {
                io::readDicomFrames(e.path().string(), limits);
            } catch (const Error&) {
            }
            ++replayed;
        }
        QVERIFY(replayed >= 4);
        // A baseline JPEG whose header holds a TEM marker: DCMTK 3.6.7 looped forever on it.
        try {
            io::readDicomFrames(test::sourceDir() +
                                "/tests/fuzz/regressions_volumes/dicom_jpeg_tem_marker_hang.dcm");
            QFAIL("handed a JPEG header with a TEM marker to DCMTK");
        } catch (const Error& e) {
            QVERIFY2(
                std::string(e.what()).find("a TEM marker in the header of fragment 1") != std::string::npos,
                e.what());
        }
        // 3 KB whose codestream declares 1636 x 327780 in 100 x 100 tiles: refused before OpenJPEG
        // allocates (it took over 4 GB under ASan).
        try {
            io::readDicomFrames(test::sourceDir() +
                                "/tests/fuzz/regressions_volumes/dicom_j2k_size_mismatch_oom.dcm");
            QFAIL("decoded a JPEG 2000 codestream larger than its header");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("is 1636x327780x3, the header says 100x100x1") !=
                         std::string::npos,
                     e.what());
        }
        const std::string overflow =
            test::sourceDir() + "/tests/fuzz/regressions_volumes/nifti2_dim0_overflow.nii";
        try {
            io::readNifti(overflow);
            QFAIL("read a NIfTI-2 header with dim[0] = 102659");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("dim[0] = 102659, not 1..7") != std::string::npos, e.what());
        }
    }

    void refusesBadFilesWithOneLineNamingThem() {
        auto refused = [](const std::string& path, ErrorCode code, const char* words,
                          const io::VolumeLimits& limits = {}) {
            try {
                io::readNifti(path, limits);
            } catch (const Error& e) {
                const std::string w = e.what();
                if (e.code() != code) return QString("code %1: %2").arg(toString(e.code())).arg(w.c_str());
                if (w.find(fs::path(path).filename().string()) == std::string::npos)
                    return QString("no file name: %1").arg(w.c_str());
                if (w.find('\n') != std::string::npos) return QString("several lines: %1").arg(w.c_str());
                if (w.find(words) == std::string::npos)
                    return QString("no '%1': %2").arg(words).arg(w.c_str());
                return QString();
            }
            return QString("accepted");
        };
        writeFile(tmp("text.nii"),
                  "this is not a NIfTI file at all, just text that is long enough " + std::string(400, 'x'));
        QString r = refused(tmp("text.nii"), ErrorCode::Format, "NIfTI");
        QVERIFY2(r.isEmpty(), qPrintable(r));

        writeFile(tmp("tiny.nii"), "n+1");
        r = refused(tmp("tiny.nii"), ErrorCode::Format, "shorter than a header");
        QVERIFY2(r.isEmpty(), qPrintable(r));

        // A valid header whose data stops after 100 of 2000 bytes.
        writeFile(tmp("short.nii"), niftiHeader(10, 10, 10) + std::string(100, '\1'));
        r = refused(tmp("short.nii"), ErrorCode::Format, "truncated");
        QVERIFY2(r.isEmpty(), qPrintable(r));

        // 352 bytes claiming 32767^3 voxels: refused by the limits before anything is allocated.
        writeFile(tmp("huge.nii"), niftiHeader(32767, 32767, 32767));
        r = refused(tmp("huge.nii"), ErrorCode::InvalidArgument, "voxels");
        QVERIFY2(r.isEmpty(), qPrintable(r));

        // A real file over a caller's limit.
        r = refused(test::testData("ch2_lia_float_n2.nii.gz"), ErrorCode::InvalidArgument, "voxels",
                    io::VolumeLimits{1000});
        QVERIFY2(r.isEmpty(), qPrintable(r));

        // Half of a gzip stream.
        std::ifstream in(test::testData("ch2_psl_int16.nii.gz"), std::ios::binary);
        const std::string gz((std::istreambuf_iterator<char>(in)), {});
        writeFile(tmp("cut.nii.gz"), gz.substr(0, gz.size() / 2));
        try {
            io::readNifti(tmp("cut.nii.gz"));
            QFAIL("a truncated .nii.gz was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("cut.nii.gz") != std::string::npos, e.what());
        }
    }

    void recognisesNames() {
        QVERIFY(io::isNiftiName("a/b/brain.nii"));
        QVERIFY(io::isNiftiName("BRAIN.NII.GZ"));
        QVERIFY(io::isNiftiName("x.hdr"));
        QVERIFY(!io::isNiftiName("x.nii.bak"));
        QVERIFY(!io::isNiftiName("x.png"));
    }
};

QTEST_GUILESS_MAIN(TestNifti)
#include "test_nifti.moc"
