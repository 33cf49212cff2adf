// Class Gaussians and Sehwag et al.'s hardness (metrics/class_gaussians.h): the shrinkage weights
// equal scikit-learn's, H equals its closed form, few-image classes stay invertible, and on held-out
// Gaussian data H separates the class an image came from and flags the far-out ones.
#include <torch/torch.h>
#include <QtTest/QtTest>

#include <cmath>

#include "engine/api/error.h"
#include "engine/api/statistics.h"
#include "engine/metrics/class_gaussians.h"

using namespace mlens;

namespace {

// The matrix scikit-learn was given (same formula in Python): n rows, d columns.
torch::Tensor formulaMatrix(int n, int d, int period) {
    torch::Tensor x = torch::empty({n, d}, torch::kFloat64);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < d; ++j)
            x[i][j] = std::sin(1.3 * i + 0.7 * j * j) * (1 + j % period) + 0.5 * std::cos(0.4 * i * j) +
                      (period == 100 && j < 3 ? 0.8 * std::sin(0.9 * i) : 0.0);
    return x;
}

torch::Tensor centred(const torch::Tensor& x) {
    return x - x.mean(0);
}

}  // namespace

class TestClassGaussians : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shrinkageMatchesScikitLearn() {
        // scikit-learn 1.2.1 (Debian 12): ledoit_wolf_shrinkage(X), oas(X)[1] on the same matrices.
        const torch::Tensor a = centred(formulaMatrix(40, 6, 100));
        QVERIFY(std::abs(metrics::ledoitWolfShrinkage(a) - 0.03434355694020313) < 1e-12);
        QVERIFY(std::abs(metrics::oasShrinkage(a) - 0.09702545299323309) < 1e-12);
        const torch::Tensor b = centred(formulaMatrix(3, 50, 5));  // fewer images than dimensions
        QVERIFY(std::abs(metrics::ledoitWolfShrinkage(b) - 0.23278136353705633) < 1e-12);
        QVERIFY(std::abs(metrics::oasShrinkage(b) - 0.6061554862116961) < 1e-12);
        const torch::Tensor two = centred(formulaMatrix(2, 4, 5));  // LW: 0, OAS: 2 / (3 (1 - 1/D))
        QCOMPARE(metrics::ledoitWolfShrinkage(two), 0.0);
        QVERIFY(std::abs(metrics::oasShrinkage(two) - 0.888888888888889) < 1e-12);
    }

    void hardnessIsTheNegativeLogDensity() {
        // Four points in 2-D, the sample covariance divided by n, worked by hand:
        const torch::Tensor x =
            torch::tensor({1.0, 0.0, 3.0, 1.0, 2.0, 2.0, 2.0, 1.0}, torch::kFloat64).view({4, 2});
        const metrics::ClassGaussians g =
            metrics::fitClassGaussians(x, {0, 0, 0, 0}, 1, Shrinkage::Fixed, 0, {"a"});
        // mean (2, 1); deviations (-1,-1), (1,0), (0,1), (0,0): S = [[2, 1], [1, 2]] / 4
        const double s11 = 0.5, s12 = 0.25, s22 = 0.5, det = s11 * s22 - s12 * s12;
        const double px = 3.0 - 2.0, py = 3.0 - 1.0;  // the point (3, 3)
        const double maha = (s22 * px * px - 2 * s12 * px * py + s11 * py * py) / det;
        const double want = 0.5 * (maha + std::log(det) + 2 * std::log(2 * M_PI));
        const torch::Tensor h =
            metrics::classHardness(g, torch::tensor({3.0, 3.0}, torch::kFloat64).view({1, 2}));
        QCOMPARE(h.sizes(), (torch::IntArrayRef{1, 1}));
        QVERIFY2(std::abs(h.item<double>() - want) < 1e-12,
                 qPrintable(QString::number(h.item<double>() - want)));
        // A fixed weight w replaces S by (1 - w) S + w mu I, mu = tr(S) / D.
        const metrics::ClassGaussians w =
            metrics::fitClassGaussians(x, {0, 0, 0, 0}, 1, Shrinkage::Fixed, 0.5, {"a"});
        const double mu = (s11 + s22) / 2, a11 = 0.5 * s11 + 0.5 * mu, a12 = 0.5 * s12,
                     a22 = 0.5 * s22 + 0.5 * mu;
        QVERIFY(std::abs(w.logDets[0].item<double>() - std::log(a11 * a22 - a12 * a12)) < 1e-12);
    }

    void fewImagesStayInvertible() {
        const torch::Tensor x = formulaMatrix(4, 50, 5);  // 3 + 1 images, 50 dimensions
        const std::vector<int64_t> labels = {0, 0, 0, 1};
        try {
            metrics::fitClassGaussians(x, labels, 2, Shrinkage::Fixed, 0, {"big", "rare"});
            QFAIL("the sample covariance of 3 images in 50 dimensions was accepted");
        } catch (const Error& e) {
            QVERIFY2(QString::fromStdString(e.message()).contains("singular"), e.what());
        }
        const metrics::ClassGaussians g =
            metrics::fitClassGaussians(x, labels, 2, Shrinkage::Oas, 0, {"big", "rare"});
        QVERIFY(!g.pooled[0] && g.pooled[1]);  // one image: its own mean, the pooled covariance
        QVERIFY(torch::allclose(g.means[1], x[3]));
        QVERIFY(torch::allclose(g.precisions[1], g.precisions[0]));  // pooled = the only other class
        const torch::Tensor h = metrics::classHardness(g, formulaMatrix(9, 50, 7));
        QVERIFY(torch::isfinite(h).all().item<bool>());
        try {
            metrics::fitClassGaussians(x.narrow(0, 0, 2), {0, 2}, 3, Shrinkage::Oas, 0, {"a", "b", "c"});
            QFAIL("a class without images was accepted");
        } catch (const Error& e) {
            QVERIFY2(QString::fromStdString(e.message()).contains("'b' has no images"), e.what());
        }
    }

    void separatesClassesAndFlagsOutliersOnHeldOutData() {
        torch::manual_seed(3);
        const int d = 20;
        const torch::Tensor scale = torch::linspace(0.5, 2.0, d, torch::kFloat64);
        const torch::Tensor shift =
            torch::zeros({d}, torch::kFloat64).index_fill_(0, torch::arange(0, 5), 1.5);
        auto draw = [&](int n, int c, double spread) {
            return torch::randn({n, d}, torch::kFloat64) * scale * spread +
                   (c == 1 ? shift : torch::zeros_like(shift));
        };
        const torch::Tensor train = torch::cat({draw(300, 0, 1), draw(30, 1, 1)});
        std::vector<int64_t> labels(330, 0);
        std::fill(labels.begin() + 300, labels.end(), 1);
        const metrics::ClassGaussians g =
            metrics::fitClassGaussians(train, labels, 2, Shrinkage::Oas, 0, {"a", "b"});
        // Held-out images of the rare class: the best class (label -1) is theirs for most of them.
        std::vector<int64_t> used;
        metrics::hardnessOf(metrics::classHardness(g, draw(200, 1, 1)), std::vector<int64_t>(200, -1), &used);
        const double right = std::count(used.begin(), used.end(), 1) / 200.0;
        qInfo("held-out rare images assigned to their class: %.3f", right);
        QVERIFY(right > 0.9);
        // Under their own class, images drawn 3x wider are harder than typical ones.
        const torch::Tensor typical = draw(200, 0, 1), wide = draw(200, 0, 3);
        std::vector<double> score =
            metrics::hardnessOf(metrics::classHardness(g, typical), std::vector<int64_t>(200, 0));
        const std::vector<double> far =
            metrics::hardnessOf(metrics::classHardness(g, wide), std::vector<int64_t>(200, 0));
        std::vector<bool> positive(200, false);
        score.insert(score.end(), far.begin(), far.end());
        positive.resize(400, true);
        const double a = auroc(score, positive);
        qInfo("AUROC of hardness, wide vs typical: %.3f", a);
        QVERIFY(a > 0.97);
    }

    void isDifferentiable() {
        const torch::Tensor x = formulaMatrix(30, 4, 100);
        const metrics::ClassGaussians g =
            metrics::fitClassGaussians(x, std::vector<int64_t>(30, 0), 1, Shrinkage::Oas, 0, {"a"});
        const torch::Tensor f =
            torch::tensor({0.1, 0.2, -0.3, 0.4}, torch::kFloat64).view({1, 4}).requires_grad_();
        metrics::classHardness(g, f).sum().backward();
        // dH/df = Sigma^-1 (f - mu)
        const torch::Tensor want = torch::matmul(g.precisions[0], (f.detach()[0] - g.means[0]));
        QVERIFY(torch::allclose(f.grad()[0], want, 1e-10, 1e-12));
    }
};

QTEST_GUILESS_MAIN(TestClassGaussians)
#include "test_class_gaussians.moc"
