// Dataset listing and image loading: recursive and sorted, labels from folders or a CSV, every
// unreadable file explained, ADM preprocessing to the model's size and channels, and the dataset
// folder protected from writes.
#include <sys/stat.h>
#include <torch/torch.h>
#include <QProcess>
#include <QScopeGuard>
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>

#include <zlib.h>
#include <opencv2/imgcodecs.hpp>

#include <cstring>

#include "engine/api/dataset.h"
#include "engine/api/error.h"
#include "engine/io/image_loader.h"
#include "support/test_support.h"

using namespace mlens;
namespace fs = std::filesystem;

namespace {
std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
}
}  // namespace

class TestDataset : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string root() const { return m_dir.filePath("data").toStdString(); }
    std::string file(const std::string& rel) const { return (fs::path(root()) / rel).string(); }

private Q_SLOTS:
    void initTestCase() {
        fs::create_directories(file("cats/deep"));
        fs::create_directories(file("dogs"));
        fs::create_directories(file(".hidden"));
        cv::imwrite(file("cats/a.png"), cv::Mat(40, 60, CV_8UC3, cv::Scalar(10, 20, 30)));
        cv::imwrite(file("cats/deep/b.JPG"), cv::Mat(64, 64, CV_8UC3, cv::Scalar(200, 100, 50)));
        cv::imwrite(file("dogs/c.bmp"), cv::Mat(33, 31, CV_8UC1, cv::Scalar(77)));
        cv::imwrite(file("dogs/d16.tif"), cv::Mat(20, 20, CV_16UC1, cv::Scalar(65535)));
        cv::Mat rgba(16, 16, CV_8UC4, cv::Scalar(0, 0, 255, 128));
        cv::imwrite(file("dogs/e.png"), rgba);
        cv::imwrite(file(".hidden/x.png"), rgba);
        std::ofstream(file("dogs/readme.txt")) << "not an image";
        std::ofstream(file("dogs/empty.png")).close();
        std::ofstream(file("dogs/text.png")) << "plain text pretending to be a PNG";
        std::ifstream full(file("cats/deep/b.JPG"), std::ios::binary);
        const std::string jpg((std::istreambuf_iterator<char>(full)), {});
        std::ofstream(file("dogs/cut.jpg"), std::ios::binary) << jpg.substr(0, jpg.size() / 2);
        std::ofstream(file("labels.csv")) << "path,label\ncats/a.png,1\n\"dogs/c.bmp\",0\n";
    }

    void listsRecursivelySortedWithoutHidden() {
        const DatasetListing l = scanDataset(root());
        std::vector<std::string> names;
        for (const auto& i : l.items)
            names.push_back(i.relativePath);
        QCOMPARE(names,
                 (std::vector<std::string>{"cats/a.png", "cats/deep/b.JPG", "dogs/c.bmp", "dogs/cut.jpg",
                                           "dogs/d16.tif", "dogs/e.png", "dogs/empty.png", "dogs/text.png"}));
        QVERIFY(l.items[0].size > 0 && l.items[0].mtimeNs > 0);
    }

    void labelsFromFoldersAndCsv() {
        DatasetSpec bySubfolders;
        bySubfolders.path = root();
        bySubfolders.labels = LabelSource::Subfolders;
        const DatasetListing folders = scanDataset(bySubfolders);
        QCOMPARE(folders.labelNames, (std::vector<std::string>{"cats", "dogs"}));
        QCOMPARE(folders.items[1].label, 0);
        QCOMPARE(folders.items[2].label, 1);
        DatasetSpec byCsv;
        byCsv.path = root();
        byCsv.labels = LabelSource::Csv;
        byCsv.labelsCsv = file("labels.csv");
        const DatasetListing csv = scanDataset(byCsv);
        QCOMPARE(csv.labelNames, (std::vector<std::string>{"0", "1"}));
        QCOMPARE(csv.items[0].label, 1);
        QCOMPARE(csv.items[1].label, -1);  // not in the CSV
        QCOMPARE(csv.items[2].label, 0);
    }

    void everyBadFileHasAReason() {
        QCOMPARE(io::decodeImageFile(file("dogs/empty.png")).error, std::string("empty file (0 bytes)"));
        QCOMPARE(io::decodeImageFile(file("dogs/text.png")).error,
                 std::string("not an image (unrecognised format)"));
        QCOMPARE(io::decodeImageFile(file("dogs/cut.jpg")).error,
                 std::string("truncated JPEG (no end-of-image marker)"));
        QVERIFY(io::decodeImageFile(file("cats/deep/b.JPG")).ok());
        const auto d16 = io::decodeImageFile(file("dogs/d16.tif"));
        QVERIFY(d16.ok());
        QCOMPARE(d16.image.depth(), CV_16U);
    }

    // Decompression bombs: a header claiming 400 M pixels is refused before anything is allocated.
    void bombsAreRefusedBeforeDecoding() {
        const auto be32 = [](uint32_t v) {
            return std::string{char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
        };
        std::string png("\x89PNG\r\n\x1a\n", 8);
        png +=
            be32(13) + "IHDR" + be32(20000) + be32(20000) + std::string("\x08\x00\x00\x00\x00", 5) + be32(0);
        png += be32(10) + "IDAT" + std::string("\x78\x9c\x63\x60\x18\x05\xa3\x60\x14\x00", 10) + be32(0);
        png += be32(0) + "IEND" + be32(0xAE426082);
        std::ofstream(file("bomb.png"), std::ios::binary) << png;
        const std::string e = io::decodeImageFile(file("bomb.png")).error;
        QVERIFY2(e.find("declares 400000000 pixels, more than the limit of 89478485") == 0, e.c_str());
        // JPEG: the frame header after an APP0 segment, 60000 x 30000.
        std::string jpg("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 20);
        jpg += std::string("\xFF\xC0\x00\x0B\x08\x75\x30\xEA\x60\x01\x01\x11\x00", 13) +
               std::string("\xFF\xD9", 2);
        std::ofstream(file("bomb.jpg"), std::ios::binary) << jpg;
        const std::string j = io::decodeImageFile(file("bomb.jpg")).error;
        QVERIFY2(j.find("declares 1800000000 pixels") == 0, j.c_str());
        fs::remove(file("bomb.png"));
        fs::remove(file("bomb.jpg"));
    }

    void preprocessingMatchesSizeAndChannels() {
        bool converted = false;
        const auto rgb = io::decodeImageFile(file("cats/a.png")).image;  // 60x40 BGR (10, 20, 30)
        const torch::Tensor t = io::admPreprocess(rgb, 32, 3, Fit::Crop, &converted);
        QCOMPARE(t.sizes().vec(), (std::vector<int64_t>{3, 32, 32}));
        QVERIFY(!converted);
        QVERIFY(std::abs(t[0][5][5].item<float>() - (30 / 127.5f - 1)) < 1e-6);  // red channel first
        QVERIFY(std::abs(t[2][5][5].item<float>() - (10 / 127.5f - 1)) < 1e-6);
        const torch::Tensor gray = io::admPreprocess(rgb, 16, 1, Fit::Crop, &converted);
        QVERIFY(converted);
        QCOMPARE(gray.sizes().vec(), (std::vector<int64_t>{1, 16, 16}));
        const torch::Tensor up =
            io::admPreprocess(io::decodeImageFile(file("dogs/c.bmp")).image, 64, 3, Fit::Crop, &converted);
        QVERIFY(converted);
        QVERIFY(std::abs(up[1][10][10].item<float>() - (77 / 127.5f - 1)) < 1e-6);
        const DatasetReader reader(scanDataset(root()));
        const ItemImage d16 = reader.read(4);  // dogs/d16.tif
        const torch::Tensor white = io::admPreprocess(d16.display, 8, 1);
        QCOMPARE(white.max().item<float>(), 1.0f);  // constant 65535: the window runs 0..65535 -> 255 -> 1
        const torch::Tensor rgba = io::admPreprocess(io::decodeImageFile(file("dogs/e.png")).image, 8, 3);
        QCOMPARE(rgba.size(0), int64_t(3));  // alpha dropped
        QCOMPARE(rgba[0][0][0].item<float>(), 1.0f);
    }

    void boxHalvingThenBicubicThenCentreCrop() {
        // 256x128 to 32: halve twice (64x128 short side 64 >= 2*32? yes -> 32x64), then crop the centre.
        cv::Mat img(128, 256, CV_8UC1, cv::Scalar(0));
        img(cv::Rect(96, 0, 64, 128)).setTo(255);  // a white band in the middle third
        const torch::Tensor t = io::admPreprocess(img, 32, 1);
        QCOMPARE(t.sizes().vec(), (std::vector<int64_t>{1, 32, 32}));
        QCOMPARE(t[0][16][16].item<float>(), 1.0f);  // centre is white
        QCOMPARE(t[0][16][0].item<float>(), -1.0f);  // left edge of the crop is black
    }

    void outputsNeverGoIntoTheDataset() {
        QVERIFY_THROWS_EXCEPTION(Error, requireOutsideDataset(file("ws"), root()));
        QVERIFY_THROWS_EXCEPTION(Error, requireOutsideDataset(root(), root()));
        QVERIFY_THROWS_EXCEPTION(Error, requireOutsideDataset(file("cats/../ws"), root()));
        requireOutsideDataset(m_dir.filePath("workspace").toStdString(), root());
        requireOutsideDataset(root() + "-ws", root());  // a sibling with a common prefix is fine
    }

    void aliasesOfTheDatasetAreRecognised() {
        // A symbolic link to the dataset, and (where this user may mount, as root in CI) a bind
        // mount of it: the same folder by another name, told apart only by device and inode.
        const std::string link = m_dir.filePath("link").toStdString();
        std::filesystem::create_directory_symlink(root(), link);
        QVERIFY_THROWS_EXCEPTION(Error, requireOutsideDataset(link + "/ws", root()));
        const std::string alias = m_dir.filePath("alias").toStdString();
        std::filesystem::create_directory(alias);
        if (QProcess::execute(
                "mount", {"--bind", QString::fromStdString(root()), QString::fromStdString(alias)}) != 0) {
            qWarning("mount --bind is not permitted here: the bind-mount alias is not checked");
            return;
        }
        const auto unmount =
            qScopeGuard([&] { QProcess::execute("umount", {QString::fromStdString(alias)}); });
        QVERIFY(std::filesystem::exists(alias + "/cats"));  // the alias shows the dataset
        QVERIFY_THROWS_EXCEPTION(Error, requireOutsideDataset(alias + "/ws", root()));
        QVERIFY_THROWS_EXCEPTION(Error, requireOutsideDataset(alias + "/cats/new/deeper", root()));
        QVERIFY_THROWS_EXCEPTION(Error, requireOutsideDataset(alias, root()));
        requireOutsideDataset(m_dir.filePath("elsewhere").toStdString(), root());
    }

    // A scan (corrupt entropy data that libjpeg only warns about and OpenCV would decode) is refused.
    void corruptJpegDataIsRefused() {
        cv::Mat noise(96, 96, CV_8UC3);
        cv::randu(noise, cv::Scalar::all(0), cv::Scalar::all(255));
        std::vector<uint8_t> jpg;
        cv::imencode(".jpg", noise, jpg);
        size_t sos = 0;
        for (size_t i = 2; i + 1 < jpg.size() && !sos; ++i)
            if (jpg[i] == 0xFF && jpg[i + 1] == 0xDA) sos = i;
        QVERIFY(sos > 0 && jpg.size() - sos > 4000);
        // Cut 1,000 bytes out of the middle of the scan; the end-of-image marker stays.
        const size_t from = sos + (jpg.size() - sos) / 2;
        jpg.erase(jpg.begin() + static_cast<std::ptrdiff_t>(from),
                  jpg.begin() + static_cast<std::ptrdiff_t>(from + 1000));
        QVERIFY(!cv::imdecode(jpg, cv::IMREAD_UNCHANGED).empty());  // OpenCV alone would score it
        std::ofstream(file("damaged.jpg"), std::ios::binary)
            .write(reinterpret_cast<const char*>(jpg.data()), static_cast<std::streamsize>(jpg.size()));
        const std::string e = io::decodeImageFile(file("damaged.jpg")).error;
        fs::remove(file("damaged.jpg"));
        QVERIFY2(e.rfind("corrupt JPEG data (", 0) == 0, e.c_str());
    }

    // PNG damage libpng would print (or, in an ancillary chunk, only warn about) is refused first.
    void corruptPngDataIsRefused() {
        cv::Mat noise(40, 50, CV_8UC3);
        cv::randu(noise, cv::Scalar::all(0), cv::Scalar::all(255));
        std::vector<uint8_t> png;
        cv::imencode(".png", noise, png);
        QCOMPARE(io::decodeImageBytes(png).error, std::string());
        const auto be32 = [&](size_t at) {
            return (uint32_t{png[at]} << 24) | (uint32_t{png[at + 1]} << 16) | (uint32_t{png[at + 2]} << 8) |
                   png[at + 3];
        };
        size_t idat = 8;
        while (std::memcmp(png.data() + idat + 4, "IDAT", 4) != 0)
            idat += 12 + be32(idat);
        const size_t length = be32(idat);
        std::vector<uint8_t> crc = png;  // one bit flipped in the image data: its chunk's CRC fails
        crc[idat + 8 + length / 2] ^= 0x10;
        QCOMPARE(io::decodeImageBytes(crc).error, std::string("corrupt PNG data (CRC error in IDAT)"));
        std::vector<uint8_t> zlib = crc;  // the same with the CRC made right: the inflate fails
        const uint32_t c =
            static_cast<uint32_t>(::crc32(0, zlib.data() + idat + 4, static_cast<uInt>(4 + length)));
        for (int k = 0; k < 4; ++k)
            zlib[idat + 8 + length + static_cast<size_t>(k)] = static_cast<uint8_t>(c >> (24 - 8 * k));
        const std::string e = io::decodeImageBytes(zlib).error;
        QVERIFY2(e.rfind("corrupt PNG data (", 0) == 0 && e.find("CRC") == std::string::npos, e.c_str());
        // BMP headers OpenCV's decoder would assert on (and print about)
        std::vector<uint8_t> bmp;
        cv::imencode(".bmp", noise, bmp);
        QCOMPARE(io::decodeImageBytes(bmp).error, std::string());
        bmp[30] = 7;  // compression
        QCOMPARE(io::decodeImageBytes(bmp).error, std::string("unsupported BMP compression 7"));
        // Inputs the image fuzzer found (tests/fuzz/regressions_images), each refused with its reason.
        const std::string dir = mlens::test::sourceDir() + "/tests/fuzz/regressions_images/";
        const std::string oom = readAll(dir + "jpeg_garbage_before_huge_frame.jpg");
        const std::string why =
            io::decodeImageBytes(std::vector<uint8_t>(oom.begin(), oom.end())).error;  // 8 GB before
        QVERIFY2(why.find("declares 1346729346 pixels, more than the limit of 89478485") != std::string::npos,
                 why.c_str());
        for (const auto& f : fs::directory_iterator(dir)) {
            const std::string bytes = readAll(f.path().string());
            QVERIFY2(!io::decodeImageBytes(std::vector<uint8_t>(bytes.begin(), bytes.end())).ok(),
                     f.path().c_str());
        }
    }

    // Links are followed; broken links, link loops and special files are listed with the reason.
    void skippedEntriesAreListedWithTheirReason() {
        const fs::path d = m_dir.filePath("links").toStdString(),
                       outside = m_dir.filePath("outside").toStdString();
        fs::create_directories(d / "sub");
        fs::create_directories(outside);
        cv::imwrite((d / "sub/a.png").string(), cv::Mat(8, 8, CV_8UC1, cv::Scalar(1)));
        cv::imwrite((outside / "o.png").string(), cv::Mat(8, 8, CV_8UC1, cv::Scalar(2)));
        fs::create_symlink("sub/a.png", d / "to_file.png");
        fs::create_directory_symlink(outside, d / "to_outside");
        fs::create_symlink("missing.png", d / "broken.png");
        fs::create_directory_symlink("..", d / "sub/up");  // back to the root: a loop
        fs::create_symlink("self", d / "self");            // ELOOP
        QVERIFY(::mkfifo((d / "pipe.png").c_str(), 0600) == 0);
        const DatasetListing l = scanDataset(d.string());
        std::vector<std::string> names;
        for (const auto& i : l.items)
            names.push_back(i.relativePath);
        QCOMPARE(names, (std::vector<std::string>{"sub/a.png", "to_file.png", "to_outside/o.png"}));
        std::vector<std::string> problems;
        for (const auto& p : l.problems)
            problems.push_back(p.path + ": " + p.reason);
        QCOMPARE(problems,
                 (std::vector<std::string>{
                     "broken.png: broken link (its target does not exist)", "pipe.png: a FIFO, not read",
                     "self: link loop: Too many levels of symbolic links",
                     "sub/up: link loop: leads back to a folder that contains it (not followed)"}));
        const auto kinds = summarizeProblems(l.problems);
        QCOMPARE(kinds.size(), size_t{3});
        QCOMPARE(kinds[0], (std::pair<std::string, int64_t>{"link loop", 2}));
    }

    void problemsAreSummarisedByKind() {
        const auto kinds = summarizeProblems({{"a", "empty file (0 bytes)"},
                                              {"b", "declares 400000000 pixels, more than the limit of 9"},
                                              {"c", "empty file (0 bytes)"},
                                              {"d", "declares 7 pixels, more than the limit of 5"},
                                              {"e", "cannot open file: Permission denied"},
                                              {"f", "empty file (0 bytes)"}});
        QCOMPARE(kinds, (std::vector<std::pair<std::string, int64_t>>{
                            {"empty file", 3}, {"declares N pixels", 2}, {"cannot open file", 1}}));
    }

    void missingFolderIsAClearError() {
        try {
            scanDataset(m_dir.filePath("nope").toStdString());
            QFAIL("scanned a missing folder");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::NotFound);
        }
    }
};

QTEST_APPLESS_MAIN(TestDataset)
#include "test_dataset.moc"
