#include "engine/metrics/outliers.h"

#include <torch/torch.h>

#include <limits>

#include "engine/api/error.h"
#include "engine/metrics/knn.h"

namespace mlens::metrics {

namespace {

// For every query, the smallest radius among the centres whose ball strictly contains it (inf if none).
torch::Tensor smallestContainingRadius(const torch::Tensor& queriesIn, const torch::Tensor& centersIn,
                                       const torch::Tensor& radii, ProgressSink* progress,
                                       int64_t block = 1024) {
    const torch::Tensor q = queriesIn.to(torch::kFloat64), c = centersIn.to(torch::kFloat64);
    const torch::Tensor cNorm = c.pow(2).sum(1).unsqueeze(0);
    const double inf = std::numeric_limits<double>::infinity();
    torch::Tensor out = torch::empty({q.size(0)}, torch::kFloat64);
    for (int64_t q0 = 0; q0 < q.size(0); q0 += block) {
        if (progress) throwIfCancelled(*progress);
        const int64_t qn = std::min(block, q.size(0) - q0);
        const torch::Tensor qb = q.narrow(0, q0, qn);
        torch::Tensor best = torch::full({qn}, inf, torch::kFloat64);
        for (int64_t c0 = 0; c0 < c.size(0); c0 += 8192) {
            const int64_t cn = std::min<int64_t>(8192, c.size(0) - c0);
            const torch::Tensor d = (qb.pow(2).sum(1, true) - 2 * torch::mm(qb, c.narrow(0, c0, cn).t()) +
                                     cNorm.narrow(1, c0, cn))
                                        .clamp_min(0)
                                        .sqrt();
            const torch::Tensor r = radii.narrow(0, c0, cn).unsqueeze(0).expand({qn, cn});
            best = torch::minimum(best, std::get<0>(torch::where(d < r, r, torch::full_like(r, inf)).min(1)));
        }
        out.narrow(0, q0, qn).copy_(best);
    }
    return out;
}

}  // namespace

RealReference::RealReference(torch::Tensor real, int64_t kMax, ProgressSink* progress)
    : m_real(real.to(torch::kFloat64).contiguous()) {
    torch::NoGradGuard noGrad;
    const Neighbours nn = kNearest(m_real, m_real, kMax, /*excludeSelf=*/true, progress);
    m_dist = nn.distances;
    m_idx = nn.indices;
}

torch::Tensor RealReference::avgKnn(int64_t k) const {
    return m_dist.narrow(1, 0, k).mean(1);
}
torch::Tensor RealReference::kthRadius(int64_t k) const {
    return m_dist.select(1, k - 1).contiguous();
}

torch::Tensor RealReference::lrdOfReals(int64_t k) const {
    // sklearn _local_reachability_density: 1 / (mean_b max(d(a, b), k-distance(b)) + 1e-10)
    const torch::Tensor idx = m_idx.narrow(1, 0, k);
    const torch::Tensor kDistOfNeighbours = kthRadius(k).index({idx});
    const torch::Tensor reach = torch::maximum(m_dist.narrow(1, 0, k), kDistOfNeighbours);
    return 1.0 / (reach.mean(1) + 1e-10);
}

torch::Tensor RealReference::lof(int64_t k) const {
    const torch::Tensor lrd = lrdOfReals(k);
    return (lrd.index({m_idx.narrow(1, 0, k)}) / lrd.unsqueeze(1)).mean(1);
}

torch::Tensor RealReference::avgKnn(const torch::Tensor& samples, int64_t k, ProgressSink* progress) const {
    return kNearest(samples, m_real, k, false, progress).distances.mean(1);
}

torch::Tensor RealReference::lof(const torch::Tensor& samples, int64_t k, ProgressSink* progress) const {
    // sklearn LocalOutlierFactor(novelty=True).score_samples, negated
    const Neighbours nn = kNearest(samples, m_real, k, false, progress);
    const torch::Tensor reach = torch::maximum(nn.distances, kthRadius(k).index({nn.indices}));
    const torch::Tensor lrdSamples = 1.0 / (reach.mean(1) + 1e-10);
    return (lrdOfReals(k).index({nn.indices}) / lrdSamples.unsqueeze(1)).mean(1);
}

torch::Tensor RealReference::rarity(const torch::Tensor& samples, int64_t k, ProgressSink* progress) const {
    const torch::Tensor r = smallestContainingRadius(samples, m_real, kthRadius(k), progress);
    return torch::where(torch::isinf(r), torch::zeros_like(r), r);
}

PrecisionRecall precisionRecall(const torch::Tensor& real, const torch::Tensor& fake, int64_t k,
                                ProgressSink* progress) {
    const torch::Tensor realRadii =
        kNearest(real, real, k, true, progress).distances.select(1, k - 1).contiguous();
    const torch::Tensor fakeRadii =
        kNearest(fake, fake, k, true, progress).distances.select(1, k - 1).contiguous();
    PrecisionRecall pr;
    pr.precision = torch::isfinite(smallestContainingRadius(fake, real, realRadii, progress))
                       .to(torch::kFloat64)
                       .mean()
                       .item<double>();
    pr.recall = torch::isfinite(smallestContainingRadius(real, fake, fakeRadii, progress))
                    .to(torch::kFloat64)
                    .mean()
                    .item<double>();
    return pr;
}

}  // namespace mlens::metrics
