#pragma once
// Tensor comparisons for engine tests.
#include <torch/torch.h>

#include <string>

namespace mlens::test {

// ||a - b|| / ||b|| in float64.
inline double relError(const torch::Tensor& a, const torch::Tensor& b) {
    const auto a64 = a.detach().to(torch::kCPU, torch::kFloat64);
    const auto b64 = b.detach().to(torch::kCPU, torch::kFloat64);
    const double den = b64.norm().item<double>();
    const double num = (a64 - b64).norm().item<double>();
    return den > 0 ? num / den : num;
}

inline std::string describeError(const std::string& what, double err, double tol) {
    return what + ": relative error " + std::to_string(err) + " > " + std::to_string(tol);
}

}  // namespace mlens::test
