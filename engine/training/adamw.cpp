#include "engine/training/adamw.h"

#include <torch/torch.h>

#include <cmath>

#include "engine/api/error.h"

namespace mlens::training {

AdamW::AdamW(std::vector<std::pair<std::string, torch::Tensor>> params, double weightDecay, double beta1,
             double beta2, double eps)
    : m_weightDecay(weightDecay), m_beta1(beta1), m_beta2(beta2), m_eps(eps) {
    for (auto& [name, p] : params)
        m_slots.push_back({name, p, torch::zeros_like(p, torch::MemoryFormat::Preserve),
                           torch::zeros_like(p, torch::MemoryFormat::Preserve)});
}

void AdamW::zeroGrad() {
    for (auto& s : m_slots)
        if (s.param.grad().defined()) s.param.mutable_grad() = torch::Tensor();
}

void AdamW::step(double lr) {
    torch::NoGradGuard noGrad;
    ++m_steps;
    // torch/optim/adamw.py _single_tensor_adamw
    const double bc1 = 1 - std::pow(m_beta1, static_cast<double>(m_steps));
    const double bc2 = 1 - std::pow(m_beta2, static_cast<double>(m_steps));
    const double stepSize = lr / bc1;
    const double bc2Sqrt = std::sqrt(bc2);
    for (auto& s : m_slots) {
        const torch::Tensor& g = s.param.grad();
        if (!g.defined()) continue;
        s.param.mul_(1 - lr * m_weightDecay);
        s.expAvg.mul_(m_beta1).add_(g, 1 - m_beta1);
        s.expAvgSq.mul_(m_beta2).addcmul_(g, g, 1 - m_beta2);
        const torch::Tensor denom = (s.expAvgSq.sqrt() / bc2Sqrt).add_(m_eps);
        s.param.addcdiv_(s.expAvg, denom, -stepSize);
    }
}

io::StateDict AdamW::state() const {
    io::StateDict out;
    for (const auto& s : m_slots) {
        out.emplace_back("exp_avg/" + s.name, s.expAvg);
        out.emplace_back("exp_avg_sq/" + s.name, s.expAvgSq);
    }
    out.emplace_back("steps", torch::tensor(m_steps, torch::kInt64));
    return out;
}

void AdamW::loadState(const io::StateDict& state) {
    torch::NoGradGuard noGrad;
    for (auto& s : m_slots) {
        const torch::Tensor a = io::requireTensor(state, "exp_avg/" + s.name);
        const torch::Tensor b = io::requireTensor(state, "exp_avg_sq/" + s.name);
        if (a.sizes() != s.param.sizes() || b.sizes() != s.param.sizes())
            throw Error(ErrorCode::ShapeMismatch,
                        "optimizer state for " + s.name + " does not fit the model");
        s.expAvg.copy_(a);
        s.expAvgSq.copy_(b);
    }
    m_steps = io::requireTensor(state, "steps").item<int64_t>();
}

double clipGradNorm(const std::vector<torch::Tensor>& params, double maxNorm) {
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> norms;
    for (const auto& p : params)
        if (p.grad().defined()) norms.push_back(p.grad().norm(2));
    if (norms.empty()) return 0.0;
    const double total = torch::stack(norms).norm(2).item<double>();
    const double coef = maxNorm / (total + 1e-6);
    if (coef < 1)
        for (const auto& p : params)
            if (p.grad().defined()) p.grad().mul_(coef);
    return total;
}

}  // namespace mlens::training
