// OC_LT's target transfer: partners are drawn where x_t points, and the class-frequency gate decides:
// T2H lets tail samples borrow head targets, H2T the reverse, Full anything.
#include <torch/torch.h>
#include <QtTest/QtTest>

#include <ATen/CPUGeneratorImpl.h>

#include "engine/api/error.h"
#include "engine/training/oc_lt.h"

using namespace mlens;
using namespace mlens::training;

class TestOcLt : public QObject {
    Q_OBJECT

    // Three samples of classes head (0), middle (1), tail (2). x_t of sample i is placed exactly at
    // sqrt(abar) x0 of sample `pointsAt[i]`, with a small noise level, so that partner is drawn.
    static TransferTargets run(Transfer mode, const std::vector<int64_t>& pointsAt) {
        const torch::Tensor x0 = torch::stack(
            {torch::full({1, 4, 4}, -0.8), torch::full({1, 4, 4}, 0.0), torch::full({1, 4, 4}, 0.8)});
        const double sa = std::sqrt(0.99);
        torch::Tensor xt = torch::empty_like(x0);
        for (int i = 0; i < 3; ++i)
            xt[i] = sa * x0[pointsAt[static_cast<size_t>(i)]];
        torch::Generator gen = at::detail::createCPUGenerator(1);
        return transferTargets(x0, xt, torch::full({3}, sa), torch::tensor({0, 1, 2}, torch::kInt64),
                               torch::tensor({0.7, 0.2, 0.1}), mode, gen);
    }
    static std::vector<int64_t> partners(const TransferTargets& t) {
        return std::vector<int64_t>(t.partner.data_ptr<int64_t>(),
                                    t.partner.data_ptr<int64_t>() + t.partner.numel());
    }

private Q_SLOTS:
    void gateSemantics() {
        QVERIFY(transferAllowed(Transfer::T2H, 0.1, 0.7));  // tail borrows from head
        QVERIFY(!transferAllowed(Transfer::T2H, 0.7, 0.1));
        QVERIFY(transferAllowed(Transfer::T2H, 0.2, 0.2));  // equal frequency passes (>=)
        QVERIFY(transferAllowed(Transfer::H2T, 0.7, 0.1));
        QVERIFY(!transferAllowed(Transfer::H2T, 0.1, 0.7));
        QVERIFY(transferAllowed(Transfer::H2T, 0.2, 0.2));
        QVERIFY(transferAllowed(Transfer::Full, 0.7, 0.1) && transferAllowed(Transfer::Full, 0.1, 0.7));
        QVERIFY(!transferAllowed(Transfer::None, 0.1, 0.7));
        QCOMPARE(parse<Transfer>("t2h"), Transfer::T2H);
        QVERIFY_THROWS_EXCEPTION(Error, parse<Transfer>("sideways"));
    }

    void partnersFollowTheGate() {
        // head (0) points at tail (2); tail (2) points at head (0); middle at itself.
        const std::vector<int64_t> cross = {2, 1, 0};
        QCOMPARE(partners(run(Transfer::T2H, cross)),
                 (std::vector<int64_t>{0, 1, 0}));  // only the tail borrows
        QCOMPARE(partners(run(Transfer::H2T, cross)),
                 (std::vector<int64_t>{2, 1, 2}));  // only the head borrows
        QCOMPARE(partners(run(Transfer::Full, cross)), (std::vector<int64_t>{2, 1, 0}));
        QCOMPARE(partners(run(Transfer::None, cross)), (std::vector<int64_t>{0, 1, 2}));
    }

    void targetIsTheTransferredEpsilon() {
        const TransferTargets t = run(Transfer::Full, {2, 1, 0});
        // x_t,0 = sqrt(abar) x0_2 exactly, so the target from partner 2 is zero noise
        QVERIFY(t.epsTarget[0].abs().max().item<double>() < 1e-5);
        // without transfer the target is (x_t - sqrt(abar) x0_i) / sqrt(1 - abar): for sample 0, (0.8 - -0.8)
        // sqrt(.99)/.1
        const TransferTargets none = run(Transfer::None, {2, 1, 0});
        QVERIFY(std::abs(none.epsTarget[0][0][0][0].item<double>() - 1.6 * std::sqrt(0.99) / 0.1) < 1e-3);
    }
};

QTEST_APPLESS_MAIN(TestOcLt)
#include "test_oc_lt.moc"
