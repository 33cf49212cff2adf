#include "engine/metrics/knn.h"

#include <torch/torch.h>

#include "engine/api/error.h"

namespace mlens::metrics {

Neighbours kNearest(const torch::Tensor& queriesIn, const torch::Tensor& referencesIn, int64_t k,
                    bool excludeSelf, ProgressSink* progress, int64_t queryBlock, int64_t referenceBlock) {
    torch::NoGradGuard noGrad;
    const torch::Tensor q = queriesIn.to(torch::kFloat64).contiguous();
    const torch::Tensor r = referencesIn.to(torch::kFloat64).contiguous();
    if (q.dim() != 2 || r.dim() != 2 || q.size(1) != r.size(1))
        throw Error(ErrorCode::ShapeMismatch, "feature matrices must be [N, D] with the same D");
    const int64_t nq = q.size(0), nr = r.size(0);
    const int64_t available = nr - (excludeSelf ? 1 : 0);
    if (k < 1 || k > available)
        throw Error(ErrorCode::InvalidArgument, "k = " + std::to_string(k) + " neighbours need more than " +
                                                    std::to_string(available) + " reference points");
    const torch::Tensor rNorm = r.pow(2).sum(1);  // [R]
    Neighbours out;
    out.distances = torch::empty({nq, k}, torch::kFloat64);
    out.indices = torch::empty({nq, k}, torch::kInt64);
    // Keep a few extra candidates per block so that ties are resolved by index, not by topk's whim.
    const int64_t keep = k + 8;
    for (int64_t q0 = 0; q0 < nq; q0 += queryBlock) {
        if (progress) throwIfCancelled(*progress);
        const int64_t qn = std::min(queryBlock, nq - q0);
        const torch::Tensor qb = q.narrow(0, q0, qn);
        const torch::Tensor qNorm = qb.pow(2).sum(1, true);  // [qn, 1]
        torch::Tensor bestD, bestI;
        for (int64_t r0 = 0; r0 < nr; r0 += referenceBlock) {
            const int64_t rn = std::min(referenceBlock, nr - r0);
            // ||a||^2 - 2 a.b + ||b||^2, clamped at 0 as scikit-learn does
            torch::Tensor d2 =
                (qNorm - 2 * torch::mm(qb, r.narrow(0, r0, rn).t()) + rNorm.narrow(0, r0, rn).unsqueeze(0))
                    .clamp_min(0);
            if (excludeSelf) {
                const int64_t lo = std::max(q0, r0), hi = std::min(q0 + qn, r0 + rn);
                for (int64_t i = lo; i < hi; ++i)
                    d2[i - q0][i - r0] = std::numeric_limits<double>::infinity();
            }
            const int64_t take = std::min(keep, rn);
            auto [d, idx] = d2.topk(take, 1, /*largest=*/false, /*sorted=*/false);
            idx = idx + r0;
            if (bestD.defined()) {
                d = torch::cat({bestD, d}, 1);
                idx = torch::cat({bestI, idx}, 1);
            }
            // order candidates by index, then stable-sort by distance: equal distances keep index order
            const torch::Tensor byIndex = std::get<1>(idx.sort(1));
            d = d.gather(1, byIndex);
            idx = idx.gather(1, byIndex);
            const torch::Tensor byDistance =
                std::get<1>(torch::sort(d, /*stable=*/true, 1, /*descending=*/false));
            const int64_t keepNow = std::min(keep, d.size(1));
            bestD = d.gather(1, byDistance).narrow(1, 0, keepNow);
            bestI = idx.gather(1, byDistance).narrow(1, 0, keepNow);
        }
        out.distances.narrow(0, q0, qn).copy_(bestD.narrow(1, 0, k).sqrt());
        out.indices.narrow(0, q0, qn).copy_(bestI.narrow(1, 0, k));
        if (progress) progress->report(q0 + qn, nq, "nearest neighbours");
    }
    return out;
}

}  // namespace mlens::metrics
