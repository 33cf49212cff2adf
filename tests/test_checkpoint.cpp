// Reading real torch.save files: zip and legacy layouts, every dtype, views sharing storages, nested
// dicts, parameters; refusing hostile, TorchScript, truncated and non-checkpoint files.
#include <torch/torch.h>
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <random>

#include "engine/api/error.h"
#include "engine/api/text.h"
#include "engine/io/checkpoint.h"
#include "engine/io/npy.h"
#include "engine/io/torch_tensors.h"
#include "tests/support/test_support.h"

using namespace mlens;
using namespace mlens::io;
using mlens::test::testData;

namespace {

std::vector<uint8_t> readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

Error openError(const std::string& path) {
    try {
        Checkpoint::open(path);
    } catch (const Error& e) {
        return e;
    }
    return Error(ErrorCode::Runtime, "(opened without error)");
}

// Opening and materialising every tensor of a buffer must either work or throw mlens::Error.
bool loadsOrFailsCleanly(std::vector<uint8_t> bytes) {
    try {
        const Checkpoint c = Checkpoint::fromBuffer(bufferFromVector(std::move(bytes)), "buffer");
        loadAllTensors(c);
        return true;
    } catch (const Error&) {
        return false;
    }
}

void checkDtypes(const std::string& file) {
    const StateDict d = loadTensorFile(testData(file));
    const torch::Tensor base = torch::arange(24, torch::kFloat64).reshape({2, 3, 4}) * 0.5 - 3.0;
    QCOMPARE(d.size(), size_t(16));
    QVERIFY(requireTensor(d, "f32").equal(base.to(torch::kFloat32)));
    QVERIFY(requireTensor(d, "f64").equal(base));
    QVERIFY(requireTensor(d, "f16").equal(base.to(torch::kFloat16)));
    QVERIFY(requireTensor(d, "bf16").equal(base.to(torch::kBFloat16)));
    QVERIFY(requireTensor(d, "i64").equal((base * 2).to(torch::kInt64)));
    QVERIFY(requireTensor(d, "i32").equal((base * 2).to(torch::kInt32)));
    QVERIFY(requireTensor(d, "i16").equal((base * 2).to(torch::kInt16)));
    QVERIFY(requireTensor(d, "i8").equal((base * 2).to(torch::kInt8)));
    QVERIFY(requireTensor(d, "u8").equal((base * 2 + 6).to(torch::kUInt8)));
    QVERIFY(requireTensor(d, "bool").equal(base > 0));
    QCOMPARE(requireTensor(d, "scalar").dim(), int64_t(0));
    QCOMPARE(requireTensor(d, "scalar").item<float>(), 7.25f);
    QCOMPARE(requireTensor(d, "empty").sizes().vec(), (std::vector<int64_t>{0, 3}));
    const torch::Tensor shared = torch::arange(40, torch::kFloat32);
    const torch::Tensor viewA = requireTensor(d, "view_a");
    QVERIFY(viewA.equal(shared.slice(0, 4, 16).view({3, 4})));
    QVERIFY(requireTensor(d, "view_t").equal(shared.slice(0, 4, 16).view({3, 4}).t()));
    QVERIFY(requireTensor(d, "view_step").equal(shared.slice(0, 1, 40, 3)));
    QVERIFY(requireTensor(d, "shared_full").equal(shared));
    // Views keep sharing one storage, as in Python.
    QVERIFY(viewA.is_alias_of(requireTensor(d, "shared_full")));
    QVERIFY(requireTensor(d, "view_t").is_alias_of(viewA));
}

}  // namespace

class TestCheckpoint : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(!mlens::test::sharedDir().empty()); }

    void zipEveryDtypeAndView() { checkDtypes("dtypes_zip.pt"); }
    void legacyEveryDtypeAndView() { checkDtypes("dtypes_legacy.pt"); }

    void formatsAreDetected() {
        QCOMPARE(Checkpoint::open(testData("dtypes_zip.pt")).format(), CheckpointFormat::TorchZip);
        QCOMPARE(Checkpoint::open(testData("dtypes_legacy.pt")).format(), CheckpointFormat::TorchLegacy);
    }

    void nestedDictsAndPlainValues() {
        const Checkpoint c = Checkpoint::open(testData("nested.pt"));
        std::vector<std::string> names;
        for (const auto& t : c.tensors())
            names.push_back(t.name);
        QCOMPARE(names, (std::vector<std::string>{"model.w", "model.b", "ema.w", "ema.b"}));
        std::map<std::string, std::string> values;
        for (const auto& v : c.values())
            values[v.name] = v.repr;
        QCOMPARE(values["step"], std::string("3"));
        QCOMPARE(values["lr"], std::string("0.5"));
        QCOMPARE(values["name"], std::string("'run-1'"));
        QCOMPARE(values["done"], std::string("True"));
        QCOMPARE(values["best"], std::string("0.125"));  // numpy float64 scalar
        QCOMPARE(values["epoch"], std::string("12"));    // numpy int64 scalar
        QVERIFY(requireTensor(loadAllTensors(c), "ema.w").equal(torch::full({2, 2}, 2.0f)));
    }

    void parametersLoadAsTensors() {
        const StateDict d = loadTensorFile(testData("parameter.pt"));
        QVERIFY(requireTensor(d, "p").equal(torch::arange(4, torch::kFloat32)));
    }

    void releasedStyleStateDict() {
        // OrderedDict with _metadata, as every released ADM checkpoint is stored
        const Checkpoint c = Checkpoint::open(mlens::test::fixture("adm/unet_rgb32.pt"));
        QCOMPARE(c.tensors().size(), size_t(274));
        QCOMPARE(c.tensors().front().name, std::string("time_embed.0.weight"));
        QCOMPARE(c.tensors().back().name, std::string("out.2.bias"));
        QVERIFY(c.values().empty());  // _metadata is an attribute, not content
    }

    void legacyLpipsHeads() {
        const std::vector<std::pair<const char*, std::vector<int64_t>>> expected = {
            {"lpips/vgg.pth", {64, 128, 256, 512, 512}}, {"lpips/alex.pth", {64, 192, 384, 256, 256}}};
        for (const auto& [file, channels] : expected) {
            const Checkpoint c = Checkpoint::open(mlens::test::fixture(file));
            QCOMPARE(c.format(), CheckpointFormat::TorchLegacy);
            QCOMPARE(c.tensors().size(), size_t(5));
            const StateDict d = loadAllTensors(c);
            for (size_t i = 0; i < 5; ++i) {
                QCOMPARE(d[i].first, "lin" + std::to_string(i) + ".model.1.weight");
                QCOMPARE(d[i].second.sizes().vec(), (std::vector<int64_t>{1, channels[i], 1, 1}));
                QVERIFY(d[i].second.ge(0).all().item<bool>());  // LPIPS heads are non-negative
            }
        }
    }

    void hostileFilesAreRefusedWithoutRunningAnything() {
        std::filesystem::remove("/tmp/minoritylens-pwned");
        for (const char* f : {"hostile_zip.pt", "hostile_legacy.pt"}) {
            const Error e = openError(testData(f));
            QCOMPARE(e.code(), ErrorCode::Unsafe);
            QVERIFY2(std::string(e.what()).find("'posix.system'") != std::string::npos, e.what());
        }
        QVERIFY(!std::filesystem::exists("/tmp/minoritylens-pwned"));
    }

    void torchScriptIsRefused() {
        const Error e = openError(testData("torchscript.pt"));
        QCOMPARE(e.code(), ErrorCode::Unsupported);
        QVERIFY(std::string(e.what()).find("TorchScript") != std::string::npos);
    }

    void notCheckpointsAreRefused() {
        const QTemporaryDir dir;
        const std::string empty = dir.filePath("empty.pt").toStdString();
        std::ofstream(empty).close();
        QCOMPARE(openError(empty).code(), ErrorCode::Format);
        const std::string text = dir.filePath("notes.pt").toStdString();
        std::ofstream(text) << "these are not weights\n";
        QCOMPARE(openError(text).code(), ErrorCode::Format);
        QCOMPARE(openError(dir.filePath("missing.pt").toStdString()).code(), ErrorCode::NotFound);
        QCOMPARE(openError(dir.path().toStdString()).code(), ErrorCode::Io);
    }

    void everyTruncationOfAZipFailsCleanly() {
        const auto bytes = readBytes(mlens::test::fixture("adm/classifier_gray32_adaptive_io.pt"));
        QVERIFY(loadsOrFailsCleanly(bytes));
        for (size_t n = 0; n < bytes.size(); n += 97)
            QVERIFY2(!loadsOrFailsCleanly(
                         std::vector<uint8_t>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n))),
                     qPrintable(QString("truncated at %1 of %2 bytes loaded").arg(n).arg(bytes.size())));
    }

    void everyTruncationOfALegacyFileFailsCleanly() {
        const auto bytes = readBytes(mlens::test::fixture("lpips/alex.pth"));
        QVERIFY(loadsOrFailsCleanly(bytes));
        for (size_t n = 0; n < bytes.size(); ++n)
            QVERIFY2(!loadsOrFailsCleanly(
                         std::vector<uint8_t>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n))),
                     qPrintable(QString("truncated at %1 of %2 bytes loaded").arg(n).arg(bytes.size())));
    }

    void fuzzerFindingsStayFixed() {
        // Inputs that once crashed the fuzz target (tests/fuzz/regressions), replayed the same way.
        int replayed = 0;
        for (const auto& e :
             std::filesystem::directory_iterator(mlens::test::sourceDir() + "/tests/fuzz/regressions")) {
            const auto bytes = readBytes(e.path().string());
            loadsOrFailsCleanly(bytes);
            try {
                parseNpy(bytes.data(), bytes.size(), "regression");
            } catch (const Error&) {
            }
            ++replayed;
        }
        QVERIFY(replayed >= 2);
    }

    void handMadeHostileFilesAreRefused() {
        // tests/fuzz/make_regressions.py: one defect each, and the refusal that names it.
        const std::string dir = mlens::test::sourceDir() + "/tests/fuzz/regressions/";
        const std::pair<const char*, const char*> cases[] = {
            {"zip_crc_mismatch.pt", "CRC"},
            {"zip_compressed_entries.pt", "is compressed"},
            {"zip_declares_1gib_pickle.pt", "declares 1073741824 bytes"},
            {"zip_shared_reference_bomb.pt", "expands to more than"},
            {"safetensors_hole.safetensors", "leaves a hole"},
            {"safetensors_overlap.safetensors", "overlaps the tensor before it"},
            {"safetensors_duplicate_name.safetensors", "names tensor 'a' twice"},
            {"safetensors_trailing_bytes.safetensors", "4 bytes that no tensor indexes"},
            {"pickle_deep_rebuild_from_type_v2.pt", "_rebuild_from_type_v2 nested more than 8 levels deep"},
        };
        for (const auto& [file, expected] : cases) {
            std::string why = "loaded";
            try {
                loadAllTensors(Checkpoint::open(dir + file));
            } catch (const Error& e) {
                QCOMPARE(e.code(), ErrorCode::Format);
                why = e.what();
            }
            QVERIFY2(why.find(expected) != std::string::npos,
                     qPrintable(QString("%1: %2").arg(file, why.c_str())));
        }
        // .npy headers: bounded before std::regex (which recurses per character) sees them.
        for (const auto& [file, expected] :
             {std::pair<const char*, const char*>{"npy_huge_header", "more than numpy's limit of 10000"},
              {"npy_long_descr", "header without descr"}}) {
            const auto bytes = readBytes(dir + file);
            std::string why = "parsed";
            try {
                parseNpy(bytes.data(), bytes.size(), file);
            } catch (const Error& e) {
                why = e.what();
            }
            QVERIFY2(why.find(expected) != std::string::npos,
                     qPrintable(QString("%1: %2").arg(file, why.c_str())));
        }
        // The same storage stored twice: the last entry counts, as Python's zipfile reads it.
        const StateDict d = loadAllTensors(Checkpoint::open(dir + "zip_duplicate_storage.pt"));
        QVERIFY(requireTensor(d, "f32").equal(torch::ones({2, 3, 4})));
        QVERIFY(
            requireTensor(d, "f64").equal(torch::arange(24, torch::kFloat64).reshape({2, 3, 4}) * 0.5 - 3.0));
    }

    void namesAreEscapedForTerminals() {
        QCOMPARE(escapeControl("a\x1b[31m\nb\x7f"), std::string("a\\x1B[31m\\x0Ab\\x7F"));
        QCOMPARE(escapeControl("\xc2\x9b"
                               "2J"),
                 std::string("\\xC2\\x9B"
                             "2J"));  // C1 CSI
        QCOMPARE(escapeControl("caf\xc3\xa9 \xff"), std::string("caf\xc3\xa9 \\xFF"));
        QCOMPARE(escapeInvalidUtf8("a\nb"), std::string("a\nb"));  // JSON escapes controls itself
    }

    void corruptedBytesFailCleanly() {
        std::mt19937 rng(7);
        for (const char* f : {"dtypes_zip.pt", "dtypes_legacy.pt"}) {
            const auto bytes = readBytes(testData(f));
            for (int round = 0; round < 3000; ++round) {
                auto b = bytes;
                for (int k = 0; k < 3; ++k)
                    b[rng() % b.size()] ^= static_cast<uint8_t>(1 + rng() % 255);
                loadsOrFailsCleanly(std::move(b));  // any outcome but a crash or a foreign exception
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
