// Writers: safetensors (read back, and malformed headers refused), torch.save-compatible zip
// files, NumPy .npz, PNG text chunks and atomic files.
#include <torch/torch.h>
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>

#include "engine/api/error.h"
#include "engine/core/atomic_file.h"
#include "engine/io/checkpoint.h"
#include "engine/io/npy.h"
#include "engine/io/png_text.h"
#include "engine/io/safetensors.h"
#include "engine/io/torch_tensors.h"

#include <opencv2/imgcodecs.hpp>

using namespace mlens;
using namespace mlens::io;

namespace {

StateDict sampleDict() {
    const torch::Tensor base = torch::arange(12, torch::kFloat64).reshape({3, 4}) * 0.25 - 1;
    return {{"a.f32", base.to(torch::kFloat32)},
            {"a.f16", base.to(torch::kFloat16)},
            {"a.bf16", base.to(torch::kBFloat16)},
            {"b.f64", base},
            {"b.i64", torch::arange(5, torch::kInt64)},
            {"b.u8", torch::arange(7, torch::kUInt8)},
            {"c.bool", base > 0},
            {"c.t", base.to(torch::kFloat32).t()},  // non-contiguous source
            {"c.scalar", torch::tensor(3.5f)}};
}

void expectSame(const StateDict& got, const StateDict& want) {
    QCOMPARE(got.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
        QCOMPARE(got[i].first, want[i].first);
        QCOMPARE(got[i].second.scalar_type(), want[i].second.scalar_type());
        QVERIFY2(got[i].second.equal(want[i].second), want[i].first.c_str());
    }
}

Error errorOfBytes(const std::string& bytes) {
    try {
        loadAllTensors(
            Checkpoint::fromBuffer(bufferFromVector(std::vector<uint8_t>(bytes.begin(), bytes.end())), "st"));
    } catch (const Error& e) {
        return e;
    }
    return Error(ErrorCode::Runtime, "(no error)");
}

std::string safetensorsBytes(const std::string& header, const std::string& data) {
    std::string s(8, '\0');
    for (int i = 0; i < 8; ++i)
        s[static_cast<size_t>(i)] = static_cast<char>((header.size() >> (8 * i)) & 0xFF);
    return s + header + data;
}

}  // namespace

class TestCheckpointWriters : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string path(const char* name) const { return m_dir.filePath(name).toStdString(); }

private Q_SLOTS:
    void safetensorsRoundTrip() {
        const StateDict d = sampleDict();
        saveSafetensors(path("a.safetensors"), d, {{"creator", "test"}});
        const Checkpoint c = Checkpoint::open(path("a.safetensors"));
        QCOMPARE(c.format(), CheckpointFormat::Safetensors);
        QCOMPARE(c.metadata().at("creator"), std::string("test"));
        expectSame(loadAllTensors(c), d);
    }

    void safetensorsHandWritten() {
        // Two float32 values and one int64, laid out by hand as the format specifies.
        const float f[2] = {1.5f, -2.0f};
        const int64_t i = 42;
        std::string data(reinterpret_cast<const char*>(f), 8);
        data.append(reinterpret_cast<const char*>(&i), 8);
        const std::string hdr =
            R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"n":{"dtype":"I64","shape":[],"data_offsets":[8,16]}})";
        const std::string bytes = safetensorsBytes(hdr, data);
        const StateDict d =
            loadAllTensors(Checkpoint::fromBuffer(bufferFromVector({bytes.begin(), bytes.end()}), "st"));
        QCOMPARE(requireTensor(d, "x")[1].item<float>(), -2.0f);
        QCOMPARE(requireTensor(d, "n").item<int64_t>(), int64_t(42));
    }

    void safetensorsMalformedHeaders() {
        const std::string data(16, '\0');
        QCOMPARE(
            errorOfBytes(safetensorsBytes(R"({"x":{"dtype":"F32","shape":[4],"data_offsets":[0,8]}})", data))
                .code(),
            ErrorCode::Format);
        QCOMPARE(
            errorOfBytes(safetensorsBytes(R"({"x":{"dtype":"F32","shape":[8],"data_offsets":[0,32]}})", data))
                .code(),
            ErrorCode::Format);
        QCOMPARE(errorOfBytes(
                     safetensorsBytes(R"({"x":{"dtype":"F8_E4M3","shape":[4],"data_offsets":[0,4]}})", data))
                     .code(),
                 ErrorCode::Unsupported);
        QCOMPARE(
            errorOfBytes(safetensorsBytes(R"({"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", data))
                .code(),
            ErrorCode::Format);
        QCOMPARE(errorOfBytes(safetensorsBytes(R"({"x":{"dtype":"F32","shape":[1]}})", data)).code(),
                 ErrorCode::Format);
        QCOMPARE(errorOfBytes(safetensorsBytes(R"({"x": [1, 2, }   )", data)).code(), ErrorCode::Format);
        // header length beyond the file
        std::string bad = safetensorsBytes(R"({"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", data);
        bad[0] = '\x7f';
        bad[1] = '\x7f';
        QCOMPARE(errorOfBytes(bad).code(), ErrorCode::Format);
    }

    void torchZipRoundTrip() {
        const StateDict d = sampleDict();
        saveTorchCheckpoint(path("m.pt"), d);
        const Checkpoint c = Checkpoint::open(path("m.pt"));
        QCOMPARE(c.format(), CheckpointFormat::TorchZip);
        expectSame(loadAllTensors(c), d);
    }

    void torchZipNestedWithExtras() {
        const StateDict d = {{"w", torch::ones({2, 2})}};
        saveTorchCheckpoint(
            path("n.pt"), d,
            {{"step", OutValue::ofInt(3)}, {"loss", OutValue::ofFloat(0.25)}, {"tag", OutValue::ofStr("x")}},
            "model");
        const Checkpoint c = Checkpoint::open(path("n.pt"));
        QCOMPARE(c.tensors().front().name, std::string("model.w"));
        std::map<std::string, std::string> v;
        for (const auto& x : c.values())
            v[x.name] = x.repr;
        QCOMPARE(v["step"], std::string("3"));
        QCOMPARE(v["loss"], std::string("0.25"));
        QCOMPARE(v["tag"], std::string("'x'"));
    }

    void npzRoundTrip() {
        NpyArray a{"arr_0", DType::UInt8, {2, 3, 3, 1}, std::vector<uint8_t>(18)};
        for (size_t i = 0; i < 18; ++i)
            a.data[i] = static_cast<uint8_t>(i * 10);
        const int64_t labels[2] = {5, -1};
        NpyArray b{"arr_1",
                   DType::Int64,
                   {2},
                   std::vector<uint8_t>(reinterpret_cast<const uint8_t*>(labels),
                                        reinterpret_cast<const uint8_t*>(labels) + 16)};
        writeNpz(path("s.npz"), {a, b});
        const auto arrays = readNpz(path("s.npz"));
        QCOMPARE(arrays.size(), size_t(2));
        QCOMPARE(arrays[0].name, std::string("arr_0"));
        QCOMPARE(arrays[0].shape, a.shape);
        QCOMPARE(arrays[0].data, a.data);
        QCOMPARE(arrays[1].dtype, DType::Int64);
        QCOMPARE(arrays[1].data, b.data);
        // numpy pads the header so that the data starts on a 64-byte boundary
        QCOMPARE(npyHeader(DType::Float32, {3}).size() % 64, size_t(0));
        const std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }";
        QCOMPARE(npyHeader(DType::Float32, {3}).substr(10, dict.size()), dict);
    }

    void pngTextRoundTrip() {
        cv::Mat img(8, 6, CV_8UC3, cv::Scalar(10, 20, 30));
        writePng(path("p.png"), img, {{"minoritylens", R"({"seed":3})"}, {"Software", "MinorityLens"}});
        const TextChunks t = readPngTextFile(path("p.png"));
        QCOMPARE(t.size(), size_t(2));
        QCOMPARE(t[0].second, std::string(R"({"seed":3})"));
        const cv::Mat back = cv::imread(path("p.png"), cv::IMREAD_UNCHANGED);  // still a valid PNG
        QCOMPARE(back.cols, 6);
        QCOMPARE(back.at<cv::Vec3b>(0, 0), cv::Vec3b(10, 20, 30));
    }

    void atomicFileAppearsOnlyOnCommit() {
        const std::string p = path("atomic.txt");
        {
            AtomicFile f(p);
            f.write("half");
            QVERIFY(!std::filesystem::exists(p));
        }  // destroyed without commit
        QVERIFY(!std::filesystem::exists(p));
        QCOMPARE(QDir(m_dir.path()).entryList({"atomic*"}, QDir::Files).size(), 0);  // no temporary left
        writeFileAtomically(p, "whole");
        std::ifstream in(p);
        std::string s;
        in >> s;
        QCOMPARE(s, std::string("whole"));
    }

    void writingIntoAMissingFolderFails() {
        try {
            writeFileAtomically(path("no/such/dir/x.txt"), "x");
            QFAIL("wrote into a missing folder");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Io);
        }
    }
};

QTEST_APPLESS_MAIN(TestCheckpointWriters)
#include "test_checkpoint_writers.moc"
