// Schedules and respacing reproduce guided-diffusion exactly: kept steps identical, betas within 1e-12.
#include <torch/torch.h>
#include <QtTest/QtTest>

#include "engine/api/error.h"
#include "engine/diffusion/schedule.h"
#include "engine/io/torch_tensors.h"
#include "tests/support/test_support.h"

using namespace mlens;
using namespace mlens::diffusion;

namespace {

double maxRelDiff(const std::vector<double>& a, const torch::Tensor& ref) {
    const auto r = ref.to(torch::kFloat64).contiguous();
    if (static_cast<int64_t>(a.size()) != r.numel()) return 1e9;
    double worst = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        const double b = r.data_ptr<double>()[i];
        worst = std::max(worst, std::abs(a[i] - b) / std::max(std::abs(b), 1e-300));
    }
    return worst;
}

}  // namespace

class TestSchedule : public QObject {
    Q_OBJECT
    io::StateDict m_ref;

private Q_SLOTS:
    void initTestCase() { m_ref = io::loadTensorFile(mlens::test::fixture("adm/schedules.pt")); }

    void baseSchedules() {
        int checked = 0;
        for (const char* name : {"linear_1000", "cosine_1000", "linear_4000", "cosine_4000"}) {
            const std::string n = name;
            const auto kind = parse<Schedule>(n.substr(0, n.find('_')));
            const int steps = std::stoi(n.substr(n.find('_') + 1));
            const auto betas = makeBetas(kind, steps);
            const double e = maxRelDiff(betas, io::requireTensor(m_ref, n + "/betas"));
            QVERIFY2(e <= 1e-12, qPrintable(QString("%1 betas: %2").arg(name).arg(e)));
            const double ea =
                maxRelDiff(cumulativeAlphas(betas), io::requireTensor(m_ref, n + "/alphas_cumprod"));
            QVERIFY2(ea <= 1e-12, qPrintable(QString("%1 alphas_cumprod: %2").arg(name).arg(ea)));
            ++checked;
        }
        QCOMPARE(checked, 4);
    }

    void respacings() {
        int checked = 0;
        for (const auto& [key, tensor] : m_ref) {
            const std::string suffix = "/timestep_map";
            if (key.size() < suffix.size() ||
                key.compare(key.size() - suffix.size(), suffix.size(), suffix) != 0)
                continue;
            const std::string prefix = key.substr(0, key.size() - suffix.size());  // linear_1000_10,20,30
            const size_t a = prefix.find('_'), b = prefix.find('_', a + 1);
            const auto kind = parse<Schedule>(prefix.substr(0, a));
            const int steps = std::stoi(prefix.substr(a + 1, b - a - 1));
            const std::string spec = prefix.substr(b + 1);
            const Respacing r = respace(makeBetas(kind, steps), spaceTimesteps(steps, spec));
            const auto map = tensor.to(torch::kInt64).contiguous();
            QCOMPARE(static_cast<int64_t>(r.timestepMap.size()), map.numel());
            for (int64_t i = 0; i < map.numel(); ++i)
                QVERIFY2(r.timestepMap[static_cast<size_t>(i)] == map.data_ptr<int64_t>()[i],
                         qPrintable(QString("%1: index %2").arg(QString::fromStdString(prefix)).arg(i)));
            const double e = maxRelDiff(r.betas, io::requireTensor(m_ref, prefix + "/betas"));
            QVERIFY2(e <= 1e-12,
                     qPrintable(QString("%1 betas: %2").arg(QString::fromStdString(prefix)).arg(e)));
            ++checked;
        }
        QCOMPARE(checked,
                 8);  // linear_1000: 250, 100, 25, 10,20,30, 7; cosine_1000: ddim25, ddim50; cosine_4000: 250
    }

    void halfToEvenRounding() {
        // "25" over 1000 steps: stride 999/24 = 41.625; 2.5-style ties must round to even as Python does.
        const auto steps = spaceTimesteps(1000, "25");
        QCOMPARE(steps.size(), size_t(25));
        QCOMPARE(steps[1], 42);   // round(41.625)
        QCOMPARE(steps[4], 166);  // round(166.5) = 166 (half to even)
        QCOMPARE(steps.back(), 999);
    }

    void badSpecsAreRefused() {
        QVERIFY_THROWS_EXCEPTION(Error, spaceTimesteps(1000, "ddim999"));
        QVERIFY_THROWS_EXCEPTION(Error, spaceTimesteps(100, "200"));
        QVERIFY_THROWS_EXCEPTION(Error, spaceTimesteps(1000, "ten"));
        QVERIFY_THROWS_EXCEPTION(Error, parse<Schedule>("quadratic"));
        QCOMPARE(spaceTimesteps(10, "").size(), size_t(10));
    }
};

QTEST_APPLESS_MAIN(TestSchedule)
#include "test_schedule.moc"
