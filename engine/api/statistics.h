#pragma once
// Small statistics shared by the jobs, the reports and the GUI's plots. Torch-free; NaNs are ignored
// where noted.
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace mlens {

// Linear interpolation between order statistics (numpy.percentile's default); q in [0, 1]. 0 for none.
double quantile(std::vector<double> values, double q);

// Gaussian kernel density (Scott's bandwidth) of the finite `values`, evaluated at `at`.
std::vector<double> kernelDensity(const std::vector<double>& values, const std::vector<double>& at);

// Mann-Whitney AUROC of `score` for `positive` against the rest, average ranks for ties; 0.5 when a
// side is empty.
double auroc(const std::vector<double>& score, const std::vector<bool>& positive);

// Spearman's rank correlation (average ranks for ties); 0 when either side is constant.
double spearman(const std::vector<double>& a, const std::vector<double>& b);

// Share of the top `fraction` of items by `a` that are also among the top `fraction` by `b`
// (k = max(1, round(fraction * n)) each; ties by index): 1 when the two rankings share their tail,
// about `fraction` by chance. 0 for no items.
double tailOverlap(const std::vector<double>& a, const std::vector<double>& b, double fraction);

// Cohen's kappa of two raters' integer ratings of the same items (categories: every value either
// uses); linearWeights gives the weighted kappa of ordinal scales (|i - j| / (K - 1) disagreement).
// 1 for perfect agreement, 0 for chance; 0 when there is nothing to compare.
double cohensKappa(const std::vector<int>& a, const std::vector<int>& b, bool linearWeights = false);

// Percentile bootstrap 95 % interval of statistic(indices) over `n` items, resampled with replacement
// `rounds` times from a fixed seed.
std::pair<double, double> bootstrapInterval(
    int64_t n, const std::function<double(const std::vector<int64_t>&)>& statistic, int rounds = 1000,
    uint64_t seed = 0);

}  // namespace mlens
