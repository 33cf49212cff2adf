#include "engine/models/adm_models.h"

#include <torch/torch.h>

#include "engine/api/error.h"

namespace mlens::models {

namespace {

template <class Self>
void buildTimeEmbed(Self& self, const AdmConfig& c, int64_t ted, torch::nn::Linear& t0,
                    torch::nn::Linear& t2) {
    auto te = self.register_module("time_embed", std::make_shared<NamedChildren>());
    t0 = te->add("0", torch::nn::Linear(c.modelChannels, ted));
    t2 = te->add("2", torch::nn::Linear(ted, ted));
}

std::vector<TimestepBlock> buildBlocks(torch::nn::Module& owner, const std::string& name,
                                       const std::vector<BlockPlan>& plans, const AdmConfig& c, int64_t ted) {
    auto list = owner.register_module(name, std::make_shared<NamedChildren>());
    std::vector<TimestepBlock> blocks;
    for (size_t i = 0; i < plans.size(); ++i)
        blocks.push_back(list->add(std::to_string(i), TimestepBlock(plans[i], c, ted)));
    return blocks;
}

}  // namespace

UNetModelImpl::UNetModelImpl(const AdmConfig& config) : m_config(config) {
    if (config.kind != AdmKind::UNet)
        throw Error(ErrorCode::InvalidArgument, "config describes an EncoderUNetModel, not a UNetModel");
    const AdmPlan p = planAdm(config);
    buildTimeEmbed(*this, config, p.timeEmbedDim, m_time0, m_time2);
    if (config.numClasses)
        m_labelEmb = register_module("label_emb", torch::nn::Embedding(*config.numClasses, p.timeEmbedDim));
    m_input = buildBlocks(*this, "input_blocks", p.input, config, p.timeEmbedDim);
    m_middle = register_module("middle_block", TimestepBlock(p.middle, config, p.timeEmbedDim));
    m_output = buildBlocks(*this, "output_blocks", p.output, config, p.timeEmbedDim);
    auto out = register_module("out", std::make_shared<NamedChildren>());
    m_outNorm = out->add("0", GroupNorm32(p.finalChannels));
    m_outConv = out->add(
        "2", torch::nn::Conv2d(torch::nn::Conv2dOptions(p.firstChannels, config.outChannels, 3).padding(1)));
}

torch::Tensor UNetModelImpl::forward(const torch::Tensor& x, const torch::Tensor& t,
                                     const std::optional<torch::Tensor>& y) {
    // unet.py UNetModel.forward
    if (y.has_value() != m_config.numClasses.has_value())
        throw Error(ErrorCode::InvalidArgument,
                    m_config.numClasses ? "this model is class-conditional: a class label is required"
                                        : "this model is unconditional: it takes no class label");
    torch::Tensor emb =
        m_time2(torch::silu(m_time0(timestepEmbedding(t, m_config.modelChannels))));  // [N, 4mc]
    if (y) emb = emb + m_labelEmb(*y);
    std::vector<torch::Tensor> hs;
    hs.reserve(m_input.size());
    torch::Tensor h = x;
    for (auto& block : m_input) {
        h = block(h, emb);
        hs.push_back(h);
    }
    h = m_middle(h, emb);
    for (auto& block : m_output) {
        h = torch::cat({h, hs.back()}, 1);
        hs.pop_back();
        h = block(h, emb);
    }
    return m_outConv(torch::silu(m_outNorm(h)));
}

EncoderUNetModelImpl::EncoderUNetModelImpl(const AdmConfig& config) : m_config(config) {
    if (config.kind != AdmKind::EncoderUNet)
        throw Error(ErrorCode::InvalidArgument, "config describes a UNetModel, not an EncoderUNetModel");
    const AdmPlan p = planAdm(config);
    buildTimeEmbed(*this, config, p.timeEmbedDim, m_time0, m_time2);
    if (config.numClasses)
        m_labelEmb = register_module("label_emb", torch::nn::Embedding(*config.numClasses, p.timeEmbedDim));
    m_input = buildBlocks(*this, "input_blocks", p.input, config, p.timeEmbedDim);
    m_middle = register_module("middle_block", TimestepBlock(p.middle, config, p.timeEmbedDim));
    auto out = register_module("out", std::make_shared<NamedChildren>());
    const int64_t ch = p.finalChannels;
    if (config.pool == "adaptive") {
        m_outNorm = out->add("0", GroupNorm32(ch));
        m_outConv = out->add("3", torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, config.outChannels, 1)));
    } else if (config.pool == "attention") {
        m_outNorm = out->add("0", GroupNorm32(ch));
        m_attnPool = out->add("2", AttentionPool2d(config.imageSize / p.finalDs, ch, config.numHeadChannels,
                                                   config.outChannels));
    } else if (config.pool == "spatial") {
        m_fc0 = out->add("0", torch::nn::Linear(p.featureSize, 2048));
        m_fc1 = out->add("2", torch::nn::Linear(2048, config.outChannels));
    } else {  // spatial_v2
        m_fc0 = out->add("0", torch::nn::Linear(p.featureSize, 2048));
        m_fcNorm = out->add("1", GroupNorm32(2048));
        m_fc1 = out->add("3", torch::nn::Linear(2048, config.outChannels));
    }
}

torch::Tensor EncoderUNetModelImpl::embed(const torch::Tensor& t, const std::optional<torch::Tensor>& y) {
    if (y.has_value() != m_config.numClasses.has_value())
        throw Error(ErrorCode::InvalidArgument,
                    m_config.numClasses ? "this classifier is class-conditional: a class label is required"
                                        : "this classifier is unconditional: it takes no class label");
    torch::Tensor emb = m_time2(torch::silu(m_time0(timestepEmbedding(t, m_config.modelChannels))));
    if (y) emb = emb + m_labelEmb(*y);
    return emb;
}

torch::Tensor EncoderUNetModelImpl::middleFeatures(const torch::Tensor& x, const torch::Tensor& t) {
    const torch::Tensor emb = embed(t);
    torch::Tensor h = x;
    for (auto& block : m_input)
        h = block(h, emb);
    return m_middle(h, emb);
}

torch::Tensor EncoderUNetModelImpl::forward(const torch::Tensor& x, const torch::Tensor& t,
                                            const std::optional<torch::Tensor>& y) {
    return classify(penultimate(x, t, y));
}

torch::Tensor EncoderUNetModelImpl::penultimate(const torch::Tensor& x, const torch::Tensor& t,
                                                const std::optional<torch::Tensor>& y) {
    // unet.py EncoderUNetModel.forward (plus the optional label embedding) up to the last linear map
    const torch::Tensor emb = embed(t, y);
    const bool spatial = m_config.pool.rfind("spatial", 0) == 0;
    std::vector<torch::Tensor> results;
    torch::Tensor h = x;
    for (auto& block : m_input) {
        h = block(h, emb);
        if (spatial) results.push_back(h.mean({2, 3}));
    }
    h = m_middle(h, emb);
    if (spatial) {
        results.push_back(h.mean({2, 3}));
        torch::Tensor f = m_fc0(torch::cat(results, -1));  // [N, 2048]
        return m_config.pool == "spatial" ? torch::relu(f) : torch::silu(m_fcNorm(f));
    }
    h = torch::silu(m_outNorm(h));
    if (m_config.pool == "adaptive") return torch::adaptive_avg_pool2d(h, {1, 1}).flatten(1);
    return m_attnPool->pooled(h);
}

torch::Tensor EncoderUNetModelImpl::classify(const torch::Tensor& p) {
    if (m_config.pool.rfind("spatial", 0) == 0) return m_fc1(p);
    if (m_config.pool == "adaptive") return m_outConv(p.unsqueeze(-1).unsqueeze(-1)).flatten(1);
    return m_attnPool->project(p);
}

void zeroInitLikeReference(torch::nn::Module& model) {
    torch::NoGradGuard noGrad;
    auto endsWith = [](const std::string& s, const std::string& suffix) {
        return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    const bool unet = dynamic_cast<UNetModelImpl*>(&model) != nullptr;
    const auto* encoder = dynamic_cast<EncoderUNetModelImpl*>(&model);
    const bool adaptive = encoder && encoder->config().pool == "adaptive";
    for (auto& p : model.named_parameters(true)) {
        const std::string& n = p.key();
        const bool zero = endsWith(n, "out_layers.3.weight") || endsWith(n, "out_layers.3.bias") ||
                          endsWith(n, "proj_out.weight") || endsWith(n, "proj_out.bias") ||
                          (unet && n.rfind("out.2.", 0) == 0) || (adaptive && n.rfind("out.3.", 0) == 0);
        if (zero) p.value().zero_();
    }
}

}  // namespace mlens::models
