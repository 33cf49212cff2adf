#pragma once
// Class-conditional Gaussians of embeddings and Sehwag et al.'s hardness score (CVPR 2022, eq. 3):
//   H(x, c) = 0.5 [ (f(x) - mu_c)^T Sigma_c^-1 (f(x) - mu_c) + ln det Sigma_c + D ln 2 pi ],
// the negative log-density of f(x) under class c's Gaussian. Covariances are shrunk towards a scaled
// identity so that they are invertible with fewer images than dimensions (ALGORITHMS.md §4).
#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/api/choices.h"

namespace mlens::metrics {

struct ClassGaussians {
    torch::Tensor means;            // [C, D] float64
    torch::Tensor precisions;       // [C, D, D] float64: Sigma_c^-1
    torch::Tensor logDets;          // [C] float64: ln det Sigma_c
    std::vector<int64_t> counts;    // embeddings each class was fitted on
    std::vector<double> shrinkage;  // weight of the scaled identity in each class's covariance
    std::vector<bool> pooled;       // classes of one image: their mean, the pooled covariance
    int numClasses() const { return static_cast<int>(counts.size()); }
    int64_t dim() const { return means.size(1); }
};

// Chen et al.'s (2010) oracle approximating shrinkage (OAS), the weight s of mu I in
// (1 - s) S + s mu I for Gaussian data: min(1, (a + mu^2) / ((n + 1) (a - mu^2 / D))) with
// a = ||S||_F^2 / D^2 (scikit-learn's oas). Unlike Ledoit-Wolf it stays well above 0 for a handful
// of images (two images: about 2/3), which a long tail's rarest classes need.
double oasShrinkage(const torch::Tensor& centered);
// Ledoit & Wolf's (2004) optimal weight s of mu I in (1 - s) S + s mu I, with S = X^T X / n the
// sample covariance of the centred rows X [n, D] and mu = tr(S) / D (scikit-learn's
// ledoit_wolf_shrinkage computes the same quantity).
double ledoitWolfShrinkage(const torch::Tensor& centered);

// Fits one Gaussian per class c in [0, numClasses) to features [N, D] (any float dtype) with
// labels [N], the covariance shrunk by `rule` per class, or by `weight` for every class when rule is
// Fixed (0 = the sample covariance, which needs more images than dimensions). A class of one image gets its
// image as the mean and the (shrunk) pooled within-class covariance of the others. Throws
// Error(InvalidArgument) with one line for a class without images, identical embeddings or a
// covariance that is not positive definite; `names` name the classes in those messages.
ClassGaussians fitClassGaussians(const torch::Tensor& features, const std::vector<int64_t>& labels,
                                 int numClasses, Shrinkage rule, double weight,
                                 const std::vector<std::string>& names);

// H(x, c) for every class: [N, C] in the dtype and on the device of `features` [N, D];
// differentiable in `features`.
torch::Tensor classHardness(const ClassGaussians& gaussians, const torch::Tensor& features);

// The hardness of each row under its own class (labels[i] >= 0), or, where labels[i] < 0, under the
// class that explains it best (the smallest H). *used receives the class taken.
std::vector<double> hardnessOf(const torch::Tensor& allClasses, const std::vector<int64_t>& labels,
                               std::vector<int64_t>* used = nullptr);

}  // namespace mlens::metrics
