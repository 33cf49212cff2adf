#include "engine/metrics/class_gaussians.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

#include "engine/api/error.h"

namespace mlens::metrics {

namespace {

std::string className(const std::vector<std::string>& names, int c) {
    return static_cast<size_t>(c) < names.size() ? "'" + names[c] + "'" : std::to_string(c);
}

// Sigma = (1 - s) S + s mu I from centred rows; Cholesky-factored into precision and log-det.
struct Factored {
    torch::Tensor precision, logDet;
    double shrinkage = 0;
};

Factored factor(const torch::Tensor& centered, Shrinkage rule, double weight, const std::string& what) {
    const int64_t n = centered.size(0), d = centered.size(1);
    const torch::Tensor s = centered.t().mm(centered).div(static_cast<double>(n));
    const double mu = s.trace().item<double>() / static_cast<double>(d);
    if (!(mu > 0))
        throw Error(ErrorCode::InvalidArgument, "the embeddings of " + what + " are all identical");
    Factored f;
    f.shrinkage = rule == Shrinkage::Oas          ? oasShrinkage(centered)
                  : rule == Shrinkage::LedoitWolf ? ledoitWolfShrinkage(centered)
                                                  : weight;
    const torch::Tensor sigma = s.mul(1.0 - f.shrinkage) + torch::eye(d, s.options()).mul(f.shrinkage * mu);
    const auto [l, info] = torch::linalg_cholesky_ex(sigma);
    if (info.item<int64_t>() != 0)
        throw Error(ErrorCode::InvalidArgument,
                    "the covariance of " + what + " is singular (" + std::to_string(n) + " image(s), " +
                        std::to_string(d) + " dimensions): use Ledoit-Wolf shrinkage or a larger weight");
    f.logDet = l.diagonal().log().sum().mul(2.0);
    f.precision = torch::cholesky_inverse(l);
    return f;
}

}  // namespace

double oasShrinkage(const torch::Tensor& centered) {
    const torch::Tensor x = centered.to(torch::kFloat64);
    const double n = static_cast<double>(x.size(0)), d = static_cast<double>(x.size(1));
    const torch::Tensor s = x.t().mm(x).div(n);
    const double mu = s.trace().item<double>() / d;
    const double a = s.pow(2).sum().item<double>() / (d * d);
    const double den = (n + 1) * (a - mu * mu / d);
    return den <= 0 ? 1.0 : std::min(1.0, (a + mu * mu) / den);
}

double ledoitWolfShrinkage(const torch::Tensor& centered) {
    const torch::Tensor x = centered.to(torch::kFloat64);
    const double n = static_cast<double>(x.size(0)), d = static_cast<double>(x.size(1));
    const torch::Tensor x2 = x * x;
    const double trace = x2.sum().item<double>() / n;  // tr(S)
    const double mu = trace / d;
    // ||S||_F^2 and the mean over rows of ||x x^T||_F^2, in the order that keeps D x D products.
    const double frob = x.t().mm(x).pow(2).sum().item<double>() / (n * n);
    const double fourth = x2.t().mm(x2).sum().item<double>() / n;
    double b = (fourth - frob) / (d * n);                            // estimated error of S
    const double delta = (frob - 2 * mu * trace + d * mu * mu) / d;  // ||S - mu I||_F^2 / D
    b = std::min(b, delta);
    return b <= 0 ? 0.0 : b / delta;
}

ClassGaussians fitClassGaussians(const torch::Tensor& features, const std::vector<int64_t>& labels,
                                 int numClasses, Shrinkage rule, double weight,
                                 const std::vector<std::string>& names) {
    if (features.dim() != 2 || features.size(0) != static_cast<int64_t>(labels.size()))
        throw Error(ErrorCode::ShapeMismatch, "one label per embedding is needed");
    if (rule == Shrinkage::Fixed && !(weight >= 0 && weight <= 1))
        throw Error(ErrorCode::InvalidArgument, "the shrinkage weight must lie in [0, 1]");
    const torch::Tensor f = features.to(torch::kCPU, torch::kFloat64).contiguous();
    const int64_t d = f.size(1);
    ClassGaussians g;
    g.means = torch::zeros({numClasses, d}, f.options());
    g.precisions = torch::zeros({numClasses, d, d}, f.options());
    g.logDets = torch::zeros({numClasses}, f.options());
    g.counts.assign(numClasses, 0);
    g.shrinkage.assign(numClasses, 0);
    g.pooled.assign(numClasses, false);
    std::vector<std::vector<int64_t>> rows(numClasses);
    for (size_t i = 0; i < labels.size(); ++i) {
        if (labels[i] < 0 || labels[i] >= numClasses)
            throw Error(ErrorCode::InvalidArgument, "label " + std::to_string(labels[i]) + " out of range");
        rows[labels[i]].push_back(static_cast<int64_t>(i));
    }
    std::vector<torch::Tensor> centred;  // within-class deviations of classes with >= 2 images
    for (int c = 0; c < numClasses; ++c) {
        g.counts[c] = static_cast<int64_t>(rows[c].size());
        if (rows[c].empty())
            throw Error(ErrorCode::InvalidArgument, "class " + className(names, c) + " has no images");
        const torch::Tensor x = f.index_select(0, torch::tensor(rows[c], torch::kInt64));
        g.means[c] = x.mean(0);
        if (rows[c].size() < 2) {
            g.pooled[c] = true;
            continue;
        }
        centred.push_back(x - g.means[c]);
        const Factored fc = factor(centred.back(), rule, weight, "class " + className(names, c));
        g.precisions[c] = fc.precision;
        g.logDets[c] = fc.logDet;
        g.shrinkage[c] = fc.shrinkage;
    }
    if (std::find(g.pooled.begin(), g.pooled.end(), true) != g.pooled.end()) {
        if (centred.empty())
            throw Error(ErrorCode::InvalidArgument, "every class has a single image: no covariance to fit");
        const Factored fp = factor(torch::cat(centred, 0), rule, weight, "the pooled classes");
        for (int c = 0; c < numClasses; ++c)
            if (g.pooled[c]) {
                g.precisions[c] = fp.precision;
                g.logDets[c] = fp.logDet;
                g.shrinkage[c] = fp.shrinkage;
            }
    }
    return g;
}

torch::Tensor classHardness(const ClassGaussians& g, const torch::Tensor& features) {
    const auto opts = features.options();
    const torch::Tensor mu = g.means.to(opts), prec = g.precisions.to(opts), logDet = g.logDets.to(opts);
    const torch::Tensor diff = features.unsqueeze(0) - mu.unsqueeze(1);      // [C, N, D]
    const torch::Tensor maha = torch::matmul(diff, prec).mul(diff).sum(-1);  // [C, N]
    const double k = static_cast<double>(g.dim()) * std::log(2.0 * M_PI);
    return maha.add(logDet.unsqueeze(1)).add(k).mul(0.5).t();
}

std::vector<double> hardnessOf(const torch::Tensor& allClasses, const std::vector<int64_t>& labels,
                               std::vector<int64_t>* used) {
    const torch::Tensor h = allClasses.detach().to(torch::kCPU, torch::kFloat64).contiguous();
    const torch::Tensor best = h.argmin(1).contiguous();
    const auto a = h.accessor<double, 2>();
    const auto b = best.accessor<int64_t, 1>();
    std::vector<double> out(static_cast<size_t>(h.size(0)));
    if (used) used->assign(out.size(), 0);
    for (int64_t i = 0; i < h.size(0); ++i) {
        const int64_t c = i < static_cast<int64_t>(labels.size()) && labels[i] >= 0 ? labels[i] : b[i];
        if (c >= h.size(1))
            throw Error(ErrorCode::InvalidArgument, "label " + std::to_string(c) + " out of range");
        out[i] = a[i][c];
        if (used) (*used)[i] = c;
    }
    return out;
}

}  // namespace mlens::metrics
