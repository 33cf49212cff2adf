#include "engine/minority/sehwag.h"

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include "engine/api/error.h"
#include "engine/io/checkpoint.h"
#include "engine/metrics/class_gaussians.h"
#include "engine/minority/hardness_model.h"
#include "engine/minority/minority_classifier.h"

namespace mlens::minority {

namespace {

// H(x_t, .) [N, C] (float64) under the Gaussians fitted nearest the step of the batch.
torch::Tensor hardnessAll(HardnessModel& model, const torch::Tensor& x, const torch::Tensor& tOrig) {
    const int bin = model.binFor(static_cast<int>(tOrig[0].item<int64_t>()));
    return metrics::classHardness(model.gaussians(bin), model.embedNoisy(x, tOrig).to(torch::kFloat64));
}

torch::Tensor gradOf(const torch::Tensor& objective, const torch::Tensor& x) {
    return torch::autograd::grad({objective.sum()}, {x})[0];
}

}  // namespace

torch::Tensor normalizePerSample(const torch::Tensor& u) {
    const torch::Tensor norm = u.flatten(1).norm(2, 1).clamp_min(1e-12);
    std::vector<int64_t> shape(static_cast<size_t>(u.dim()), 1);
    shape[0] = u.size(0);
    return u / norm.view(shape);
}

diffusion::GuidanceFn sehwagGuidance(SehwagTerms terms) {
    if (!terms.hardness) throw Error(ErrorCode::InvalidArgument, "the Sehwag sampler needs a hardness model");
    if (!(terms.alpha >= 0) || !(terms.beta >= 0))
        throw Error(ErrorCode::InvalidArgument, "alpha and beta must be at least 0");
    if (!(terms.tau > 0)) throw Error(ErrorCode::InvalidArgument, "tau must be greater than 0");
    if (terms.beta > 0 && !terms.discriminator && !terms.discriminatorHardness)
        throw Error(ErrorCode::InvalidArgument, "beta > 0 needs a discriminator");
    return [terms](const torch::Tensor& x, const torch::Tensor& tOrig) {
        if (tOrig.max().item<int64_t>() == 0) return torch::zeros_like(x);  // no guidance at the last step
        torch::AutoGradMode grad(true);
        torch::Tensor g = torch::zeros_like(x);
        if (terms.alpha > 0) {
            const torch::Tensor xIn = x.detach().requires_grad_(true);
            const torch::Tensor h = hardnessAll(*terms.hardness, xIn, tOrig);  // [N, C]
            const torch::Tensor y =
                terms.classes ? terms.classes->to(x.device()) : h.detach().argmin(1);  // its best class
            const torch::Tensor l1 = torch::log_softmax(h / terms.tau, 1).gather(1, y.view({-1, 1}));
            g = g + normalizePerSample(gradOf(l1, xIn)).to(x.dtype()) * terms.alpha;
        }
        if (terms.beta > 0) {
            const torch::Tensor xIn = x.detach().requires_grad_(true);
            torch::Tensor l2;
            if (terms.discriminatorHardness)
                l2 = -torch::log_softmax(hardnessAll(*terms.discriminatorHardness, xIn, tOrig) / terms.tau, 1)
                          .select(1, terms.realClass);
            else
                l2 =
                    torch::log_softmax(terms.discriminator->logits(xIn, tOrig), 1).select(1, terms.realClass);
            g = g + normalizePerSample(gradOf(l2, xIn)).to(x.dtype()) * terms.beta;
        }
        return g;
    };
}

int realClassOf(const std::string& checkpoint) {
    try {
        const io::Checkpoint ckpt = io::Checkpoint::open(checkpoint);
        std::vector<std::string> names;
        const auto& meta = ckpt.metadata();
        if (const auto h = meta.find(kHardnessMetadataKey); h != meta.end()) {
            for (const auto& c : nlohmann::json::parse(h->second).at("classes"))
                names.push_back(c.at("name").get<std::string>());
        } else if (const auto p = meta.find("params"); p != meta.end()) {
            names = nlohmann::json::parse(p->second).value("class_names", std::vector<std::string>{});
        }
        for (size_t i = 0; i < names.size(); ++i)
            if (names[i] == "real") return static_cast<int>(i);
    } catch (const nlohmann::json::exception&) {
    }
    return 1;
}

}  // namespace mlens::minority
