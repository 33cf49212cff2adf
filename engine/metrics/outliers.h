#pragma once
// Neighbourhood-density measures of how rare samples are with respect to real data (Um & Ye sec. 4,
// Sehwag et al.): AvgkNN (PyOD KNN 'mean'), LOF (scikit-learn, novelty for generated samples),
// rarity score (Han et al.) and improved precision / recall (Kynkaanniemi et al.).
#include <torch/types.h>

#include "engine/api/progress.h"

namespace mlens::metrics {

// Precomputed neighbourhoods of the real set, reused for every generated set.
class RealReference {
public:
    // real [N, D]; kMax = the largest k any metric will use (LOF's 20).
    RealReference(torch::Tensor real, int64_t kMax, ProgressSink* progress = nullptr);

    const torch::Tensor& features() const { return m_real; }
    int64_t size() const { return m_real.size(0); }

    // Scores of the reals themselves (each point excluded from its own neighbourhood).
    torch::Tensor avgKnn(int64_t k) const;  // [N]
    torch::Tensor lof(int64_t k) const;     // [N]: -negative_outlier_factor_
    // radius of real j: distance to its k-th nearest other real
    torch::Tensor kthRadius(int64_t k) const;  // [N]

    // Scores of other samples against the reals.
    torch::Tensor avgKnn(const torch::Tensor& samples, int64_t k, ProgressSink* progress = nullptr) const;
    torch::Tensor lof(const torch::Tensor& samples, int64_t k,
                      ProgressSink* progress = nullptr) const;  // -score_samples
    // Smallest radius_j (k-th NN distance) among reals whose ball strictly contains the sample; 0 if none.
    torch::Tensor rarity(const torch::Tensor& samples, int64_t k, ProgressSink* progress = nullptr) const;

private:
    torch::Tensor lrdOfReals(int64_t k) const;

    torch::Tensor m_real;         // float64
    torch::Tensor m_dist, m_idx;  // [N, kMax] neighbours among the other reals
};

struct PrecisionRecall {
    double precision = 0, recall = 0;
};

// Kynkaanniemi et al.: precision = share of fakes inside some real's k-NN ball, recall = share of
// reals inside some fake's k-NN ball (strict inequality).
PrecisionRecall precisionRecall(const torch::Tensor& real, const torch::Tensor& fake, int64_t k,
                                ProgressSink* progress = nullptr);

}  // namespace mlens::metrics
