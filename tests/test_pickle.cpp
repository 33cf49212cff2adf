// The restricted unpickler: what a state dict needs parses, everything that could run code is refused,
// and malformed input of any kind ends in mlens::Error, never a crash.
#include <QtTest/QtTest>

#include <random>

#include "engine/api/error.h"
#include "engine/io/pickle.h"

using namespace mlens;
using namespace mlens::io;

namespace {

// pickle.dumps({'a': [1, 2.5, None, True, -7, 70000, 2**40], 'b': ('x', b'yz'), 'c': {}}, protocol=2 / 4)
const std::string kP2(
    "\x80\x02\x7d\x71\x00\x28\x58\x01\x00\x00\x00\x61\x71\x01\x5d\x71\x02\x28\x4b\x01\x47\x40\x04\x00\x00\x00"
    "\x00\x00\x00\x4e\x88\x4a\xf9\xff\xff\xff\x4a\x70\x11\x01\x00\x8a\x06\x00\x00\x00\x00\x00\x01\x65\x58\x01"
    "\x00\x00\x00\x62\x71\x03\x58\x01\x00\x00\x00\x78\x71\x04\x63\x5f\x63\x6f\x64\x65\x63\x73\x0a\x65\x6e\x63"
    "\x6f\x64\x65\x0a\x71\x05\x58\x02\x00\x00\x00\x79\x7a\x71\x06\x58\x06\x00\x00\x00\x6c\x61\x74\x69\x6e\x31"
    "\x71\x07\x86\x71\x08\x52\x71\x09\x86\x71\x0a\x58\x01\x00\x00\x00\x63\x71\x0b\x7d\x71\x0c\x75\x2e",
    128);
const std::string kP4(
    "\x80\x04\x95\x41\x00\x00\x00\x00\x00\x00\x00\x7d\x94\x28\x8c\x01\x61\x94\x5d\x94\x28\x4b\x01\x47\x40\x04"
    "\x00\x00\x00\x00\x00\x00\x4e\x88\x4a\xf9\xff\xff\xff\x4a\x70\x11\x01\x00\x8a\x06\x00\x00\x00\x00\x00\x01"
    "\x65\x8c\x01\x62\x94\x8c\x01\x78\x94\x43\x02\x79\x7a\x94\x86\x94\x8c\x01\x63\x94\x7d\x94\x75\x2e",
    76);
// the same with protocol 0 and 'b': ('x', 'qé')
const std::string kP0(
    "\x28\x64\x70\x30\x0a\x56\x61\x0a\x70\x31\x0a\x28\x6c\x70\x32\x0a\x49\x31\x0a\x61\x46\x32\x2e\x35\x0a\x61"
    "\x4e\x61\x49\x30\x31\x0a\x61\x49\x2d\x37\x0a\x61\x49\x37\x30\x30\x30\x30\x0a\x61\x4c\x31\x30\x39\x39\x35"
    "\x31\x31\x36\x32\x37\x37\x37\x36\x4c\x0a\x61\x73\x56\x62\x0a\x70\x33\x0a\x28\x56\x78\x0a\x70\x34\x0a\x56"
    "\x71\xe9\x0a\x70\x35\x0a\x74\x70\x36\x0a\x73\x56\x63\x0a\x70\x37\x0a\x28\x64\x70\x38\x0a\x73\x2e",
    102);
// collections.OrderedDict([('k1', 1), ('k2', 2)]), protocol 2
const std::string kOrdered(
    "\x80\x02\x63\x63\x6f\x6c\x6c\x65\x63\x74\x69\x6f\x6e\x73\x0a\x4f\x72\x64\x65\x72\x65\x64\x44\x69\x63\x74"
    "\x0a\x71\x00\x29\x52\x71\x01\x28\x58\x02\x00\x00\x00\x6b\x31\x71\x02\x4b\x01\x58\x02\x00\x00\x00\x6b\x32"
    "\x71\x03\x4b\x02\x75\x2e",
    58);

UnpickleResult parse(const std::string& s) {
    return unpickle(reinterpret_cast<const uint8_t*>(s.data()), s.size(), nullptr);
}

// Returns the error a pickle raises (or fails the test if it parses).
Error errorOf(const std::string& s) {
    try {
        parse(s);
    } catch (const Error& e) {
        return e;
    }
    return Error(ErrorCode::Runtime, "(no error raised)");
}

void checkSample(const PyValue& root, bool bytesAsText) {
    QCOMPARE(root.kind, PyKind::Dict);
    QCOMPARE(root.entries.size(), size_t(3));
    const PyValue* a = root.get("a");
    QVERIFY(a && a->kind == PyKind::List);
    QCOMPARE(a->items.size(), size_t(7));
    QCOMPARE(a->items[0]->integer, int64_t(1));
    QCOMPARE(a->items[1]->real, 2.5);
    QCOMPARE(a->items[2]->kind, PyKind::None);
    QVERIFY(a->items[3]->kind == PyKind::Bool && a->items[3]->boolean);
    QCOMPARE(a->items[4]->integer, int64_t(-7));
    QCOMPARE(a->items[5]->integer, int64_t(70000));
    QCOMPARE(a->items[6]->integer, int64_t(1) << 40);
    const PyValue* b = root.get("b");
    QVERIFY(b && b->kind == PyKind::Tuple && b->items.size() == 2);
    QCOMPARE(b->items[0]->text, std::string("x"));
    if (bytesAsText)
        QCOMPARE(b->items[1]->text, std::string("q\xc3\xa9"));
    else {
        QCOMPARE(b->items[1]->kind, PyKind::Bytes);
        QCOMPARE(b->items[1]->text, std::string("yz"));
    }
    QVERIFY(root.get("c") && root.get("c")->kind == PyKind::Dict);
}

}  // namespace

class TestPickle : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesProtocol2() { checkSample(*parse(kP2).root, false); }
    void parsesProtocol4WithFramesAndMemoize() { checkSample(*parse(kP4).root, false); }
    void parsesProtocol0Text() { checkSample(*parse(kP0).root, true); }

    void orderedDictKeepsOrder() {
        const auto r = parse(kOrdered);
        QCOMPARE(r.root->kind, PyKind::Dict);
        QCOMPARE(r.root->entries.size(), size_t(2));
        QCOMPARE(r.root->entries[0].first->text, std::string("k1"));
        QCOMPARE(r.root->entries[1].second->integer, int64_t(2));
        QCOMPARE(r.consumed, kOrdered.size());
    }

    void refusesOsSystem() {
        // cposix\nsystem\n (S'echo pwned' tR.
        const Error e = errorOf(std::string("\x80\x02") + "cposix\nsystem\n" + "X\x0a\x00\x00\x00" +
                                "echo pwned" + "\x85R.");
        QCOMPARE(e.code(), ErrorCode::Unsafe);
        QVERIFY2(std::string(e.what()).find("'posix.system'") != std::string::npos, e.what());
    }

    void refusesBuiltinsEvalThroughStackGlobal() {
        const Error e =
            errorOf(std::string("\x80\x04") + "\x8c\x08" + "builtins" + "\x8c\x04" + "eval" + "\x93" + ")R.");
        QCOMPARE(e.code(), ErrorCode::Unsafe);
        QVERIFY2(std::string(e.what()).find("'builtins.eval'") != std::string::npos, e.what());
    }

    void refusesObjectBuildingOpcodes() {
        QCOMPARE(errorOf("(i__main__\nEvil\n.").code(), ErrorCode::Unsafe);  // INST
        QCOMPARE(errorOf(std::string("\x80\x02") + "ccollections\nOrderedDict\n)\x81.").code(),
                 ErrorCode::Unsafe);                                                    // NEWOBJ
        QCOMPARE(errorOf(std::string("\x80\x02\x82\x01.")).code(), ErrorCode::Unsafe);  // EXT1
        QCOMPARE(errorOf(std::string("\x80\x02") + "((ccollections\nOrderedDict\no.").code(),
                 ErrorCode::Unsafe);  // OBJ
    }

    void refusesCallingAMarkerGlobal() {
        const Error e = errorOf(std::string("\x80\x02") + "ctorch\nTensor\n)R.");
        QCOMPARE(e.code(), ErrorCode::Unsafe);
    }

    void bigAndNegativeLongs() {
        QCOMPARE(parse(std::string("\x80\x02\x8a\x01\xff.", 6)).root->integer, int64_t(-1));
        QCOMPARE(parse(std::string("\x80\x02\x8a\x02\x00\x80.", 7)).root->integer, int64_t(-32768));
        QCOMPARE(parse(std::string("\x80\x02\x8a\x08\x00\x00\x00\x00\x00\x00\x00\x80.", 13)).root->integer,
                 INT64_MIN);
        const auto big = parse(std::string("\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.", 15));
        QCOMPARE(big.root->kind, PyKind::BigInt);
        QCOMPARE(big.root->text.size(), size_t(10));
    }

    void malformedInputIsAFormatError() {
        QCOMPARE(errorOf("").code(), ErrorCode::Format);
        QCOMPARE(errorOf(std::string("\x80\x02.")).code(), ErrorCode::Format);    // STOP with empty stack
        QCOMPARE(errorOf(std::string("\x80\x02N0.")).code(), ErrorCode::Format);  // POP then STOP on nothing
        QCOMPARE(errorOf(std::string("\x80\x02h\x05.")).code(), ErrorCode::Format);  // memo miss
        QCOMPARE(errorOf(std::string("\x80\x02\xff.")).code(), ErrorCode::Format);   // unknown opcode
        QCOMPARE(errorOf(std::string("\x80\x09N.")).code(), ErrorCode::Format);      // protocol 9
        QCOMPARE(errorOf(std::string("\x80\x02NN.")).code(), ErrorCode::Format);     // two values at STOP
        QCOMPARE(errorOf(std::string("\x80\x02(N.")).code(), ErrorCode::Format);     // open MARK
        QCOMPARE(errorOf(std::string("\x80\x02N]u.")).code(), ErrorCode::Format);    // SETITEMS without MARK
        QCOMPARE(errorOf(std::string("\x80\x02NQ.")).code(),
                 ErrorCode::Format);  // persistent id without loader
        QCOMPARE(errorOf(std::string("\x80\x04\x95\xff\xff\x00\x00\x00\x00\x00\x00N.", 14)).code(),
                 ErrorCode::Format);  // FRAME too long
        QCOMPARE(errorOf(std::string("\x80\x02X\xff\xff\xff\x7f"
                                     "abc.",
                                     10))
                     .code(),
                 ErrorCode::Format);  // huge length
        QCOMPARE(errorOf("I12x\n.").code(), ErrorCode::Format);
    }

    void everyTruncationFailsCleanly() {
        for (const std::string* s : {&kP2, &kP4, &kP0, &kOrdered})
            for (size_t n = 0; n < s->size(); ++n) {
                try {
                    parse(s->substr(0, n));
                    QFAIL(qPrintable(QString("a pickle cut at byte %1 of %2 parsed").arg(n).arg(s->size())));
                } catch (const Error& e) {
                    QCOMPARE(e.code(), ErrorCode::Format);
                }
            }
    }

    void randomMutationsNeverEscapeAsOtherExceptions() {
        std::mt19937 rng(1234);
        int errors = 0, parsed = 0;
        for (int round = 0; round < 20000; ++round) {
            std::string s = (round % 2) ? kP2 : kP4;
            const int edits = 1 + static_cast<int>(rng() % 4);
            for (int e = 0; e < edits; ++e)
                s[rng() % s.size()] = static_cast<char>(rng() & 0xFF);
            try {
                parse(s);
                ++parsed;
            } catch (const Error&) {
                ++errors;
            }
        }
        QVERIFY(errors > 1000);  // most mutations break the stream
        QVERIFY(parsed > 10);    // some survive (a changed number or letter)
    }

    void deepNestingDoesNotRecurse() {
        std::string s = "\x80\x02";
        for (int i = 0; i < 200000; ++i)
            s += "]";  // 200k lists on the stack
        for (int i = 0; i < 199999; ++i)
            s += "a";  // each appended into the previous
        s += ".";
        const auto r = parse(s);
        QCOMPARE(r.root->kind, PyKind::List);
    }

    void describeIsShort() {
        const auto r = parse(kP2);
        QCOMPARE(describe(*r.root->get("b")), std::string("('x', <2 bytes>)"));
        QCOMPARE(describe(*r.root->get("a")->items[1]), std::string("2.5"));
    }
};

QTEST_APPLESS_MAIN(TestPickle)
#include "test_pickle.moc"
