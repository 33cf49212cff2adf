#include "engine/api/statistics.h"

#include <algorithm>
#include <cmath>

#include "engine/core/random.h"

namespace mlens {

namespace {

// Average ranks (1-based) with ties sharing the mean of their positions.
std::vector<double> ranks(const std::vector<double>& v) {
    std::vector<size_t> order(v.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
    std::vector<double> rank(v.size());
    for (size_t i = 0; i < order.size();) {
        size_t j = i;
        while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]])
            ++j;
        for (size_t k = i; k <= j; ++k)
            rank[order[k]] = 0.5 * static_cast<double>(i + j) + 1;
        i = j + 1;
    }
    return rank;
}

}  // namespace

double quantile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const double h = q * static_cast<double>(v.size() - 1);
    const size_t lo = static_cast<size_t>(std::floor(h));
    const size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

std::vector<double> kernelDensity(const std::vector<double>& values, const std::vector<double>& at) {
    std::vector<double> v;
    for (double x : values)
        if (std::isfinite(x)) v.push_back(x);
    std::vector<double> ys(at.size(), 0.0);
    if (v.size() < 2 || at.empty()) return ys;
    double mean = 0, var = 0;
    for (double x : v)
        mean += x;
    mean /= static_cast<double>(v.size());
    for (double x : v)
        var += (x - mean) * (x - mean);
    const double sd = std::sqrt(var / static_cast<double>(v.size() - 1));
    const double span = at.back() - at.front();
    const double h =
        std::max(sd * std::pow(static_cast<double>(v.size()), -0.2), 1e-3 * std::max(span, 1e-12));  // Scott
    for (size_t i = 0; i < at.size(); ++i) {
        double acc = 0;
        for (double x : v)
            acc += std::exp(-0.5 * std::pow((at[i] - x) / h, 2));
        ys[i] = acc / (static_cast<double>(v.size()) * h * std::sqrt(2 * M_PI));
    }
    return ys;
}

double auroc(const std::vector<double>& score, const std::vector<bool>& positive) {
    const std::vector<double> rank = ranks(score);
    double pos = 0, sumRanks = 0;
    for (size_t i = 0; i < score.size(); ++i)
        if (positive[i]) {
            pos += 1;
            sumRanks += rank[i];
        }
    const double neg = static_cast<double>(score.size()) - pos;
    return pos > 0 && neg > 0 ? (sumRanks - pos * (pos + 1) / 2) / (pos * neg) : 0.5;
}

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
    const size_t n = std::min(a.size(), b.size());
    if (n < 2) return 0;
    const std::vector<double> ra =
        ranks(std::vector<double>(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(n)));
    const std::vector<double> rb =
        ranks(std::vector<double>(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n)));
    double ma = 0, mb = 0;
    for (size_t i = 0; i < n; ++i) {
        ma += ra[i];
        mb += rb[i];
    }
    ma /= static_cast<double>(n);
    mb /= static_cast<double>(n);
    double sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < n; ++i) {
        sab += (ra[i] - ma) * (rb[i] - mb);
        saa += (ra[i] - ma) * (ra[i] - ma);
        sbb += (rb[i] - mb) * (rb[i] - mb);
    }
    return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0;
}

double tailOverlap(const std::vector<double>& a, const std::vector<double>& b, double fraction) {
    const size_t n = std::min(a.size(), b.size());
    if (n == 0) return 0;
    const auto k = static_cast<size_t>(
        std::clamp<long>(std::lround(fraction * static_cast<double>(n)), 1, static_cast<long>(n)));
    auto top = [&](const std::vector<double>& v) {
        std::vector<size_t> order(n);
        for (size_t i = 0; i < n; ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return v[x] > v[y]; });
        std::vector<bool> in(n, false);
        for (size_t i = 0; i < k; ++i)
            in[order[i]] = true;
        return in;
    };
    const std::vector<bool> ta = top(a), tb = top(b);
    size_t shared = 0;
    for (size_t i = 0; i < n; ++i)
        shared += ta[i] && tb[i];
    return static_cast<double>(shared) / static_cast<double>(k);
}

double cohensKappa(const std::vector<int>& a, const std::vector<int>& b, bool linearWeights) {
    const size_t n = std::min(a.size(), b.size());
    if (n == 0) return 0;
    std::vector<int> cats(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(n));
    cats.insert(cats.end(), b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n));
    std::sort(cats.begin(), cats.end());
    cats.erase(std::unique(cats.begin(), cats.end()), cats.end());
    const size_t k = cats.size();
    if (k < 2) return 1;  // both raters always said the same thing
    auto index = [&](int v) {
        return static_cast<size_t>(std::lower_bound(cats.begin(), cats.end(), v) - cats.begin());
    };
    std::vector<double> joint(k * k, 0), rowsum(k, 0), colsum(k, 0);
    for (size_t i = 0; i < n; ++i) {
        const size_t r = index(a[i]), c = index(b[i]);
        joint[r * k + c] += 1;
        rowsum[r] += 1;
        colsum[c] += 1;
    }
    double observed = 0, expected = 0;  // weighted disagreement
    for (size_t r = 0; r < k; ++r)
        for (size_t c = 0; c < k; ++c) {
            const double w = linearWeights ? std::abs(static_cast<double>(r) - static_cast<double>(c)) /
                                                 static_cast<double>(k - 1)
                                           : (r == c ? 0.0 : 1.0);
            observed += w * joint[r * k + c] / static_cast<double>(n);
            expected += w * rowsum[r] * colsum[c] / (static_cast<double>(n) * static_cast<double>(n));
        }
    return expected > 0 ? 1.0 - observed / expected : 1.0;
}

std::pair<double, double> bootstrapInterval(
    int64_t n, const std::function<double(const std::vector<int64_t>&)>& statistic, int rounds,
    uint64_t seed) {
    if (n <= 0 || rounds < 1) return {0, 0};
    Random rng(seed ^ 0xB0075);
    std::vector<double> stats;
    std::vector<int64_t> idx(static_cast<size_t>(n));
    for (int r = 0; r < rounds; ++r) {
        for (auto& i : idx)
            i = static_cast<int64_t>(rng.below(static_cast<uint64_t>(n)));
        stats.push_back(statistic(idx));
    }
    return {quantile(stats, 0.025), quantile(stats, 0.975)};
}

}  // namespace mlens
