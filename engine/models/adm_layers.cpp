#include "engine/models/adm_layers.h"

#include <torch/nn/functional.h>
#include <torch/torch.h>

#include <cmath>

namespace mlens::models {

namespace F = torch::nn::functional;

torch::Tensor timestepEmbedding(const torch::Tensor& timesteps, int64_t dim, double maxPeriod) {
    // nn.py timestep_embedding
    const int64_t half = dim / 2;
    const auto opts = torch::TensorOptions().dtype(torch::kFloat32).device(timesteps.device());
    const torch::Tensor freqs = torch::exp(-std::log(maxPeriod) * torch::arange(0, half, opts) / half);
    const torch::Tensor args = timesteps.unsqueeze(1).to(torch::kFloat32) * freqs.unsqueeze(0);  // [N, half]
    torch::Tensor emb = torch::cat({torch::cos(args), torch::sin(args)}, -1);
    if (dim % 2) emb = torch::cat({emb, torch::zeros_like(emb.narrow(1, 0, 1))}, -1);
    return emb;
}

torch::Tensor qkvAttention(const torch::Tensor& qkv, int64_t heads, bool legacyOrder) {
    const int64_t bs = qkv.size(0), width = qkv.size(1), length = qkv.size(2);
    const int64_t ch = width / (3 * heads);
    const double scale = 1.0 / std::sqrt(std::sqrt(static_cast<double>(ch)));
    torch::Tensor q, k, v;
    if (legacyOrder) {  // QKVAttentionLegacy: [N*H, 3C, T] then split q, k, v
        auto parts = qkv.reshape({bs * heads, ch * 3, length}).split(ch, 1);
        q = parts[0] * scale;
        k = parts[1] * scale;
        v = parts[2];
    } else {  // QKVAttention: chunk q, k, v then split heads
        auto parts = qkv.chunk(3, 1);
        q = (parts[0] * scale).view({bs * heads, ch, length});
        k = (parts[1] * scale).view({bs * heads, ch, length});
        v = parts[2].reshape({bs * heads, ch, length});
    }
    torch::Tensor weight = torch::einsum("bct,bcs->bts", {q, k});  // [N*H, T, T]
    weight = torch::softmax(weight.to(torch::kFloat32), -1).to(weight.scalar_type());
    const torch::Tensor a = torch::einsum("bts,bcs->bct", {weight, v});  // [N*H, C, T]
    return a.reshape({bs, -1, length});
}

GroupNorm32Impl::GroupNorm32Impl(int64_t channels) {
    weight = register_parameter("weight", torch::ones({channels}));
    bias = register_parameter("bias", torch::zeros({channels}));
}

torch::Tensor GroupNorm32Impl::forward(const torch::Tensor& x) {
    return torch::group_norm(x.to(torch::kFloat32), 32, weight, bias, 1e-5).to(x.scalar_type());
}

namespace {

torch::nn::Conv2d conv2d(int64_t in, int64_t out, int64_t k, int64_t stride = 1) {
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, k).stride(stride).padding(k / 2));
}
torch::nn::Conv1d conv1x1(int64_t in, int64_t out) {
    return torch::nn::Conv1d(torch::nn::Conv1dOptions(in, out, 1));
}

torch::Tensor upsample2x(const torch::Tensor& x) {
    return F::interpolate(x, F::InterpolateFuncOptions()
                                 .size(std::vector<int64_t>{x.size(2) * 2, x.size(3) * 2})
                                 .mode(torch::kNearest));
}
torch::Tensor avgPool2x(const torch::Tensor& x) {
    return torch::avg_pool2d(x, {2, 2}, {2, 2});
}

}  // namespace

ResBlockImpl::ResBlockImpl(const LayerPlan& p, int64_t embChannels, double dropout, bool useScaleShiftNorm)
    : m_up(p.up), m_down(p.down), m_scaleShift(useScaleShiftNorm) {
    auto in = register_module("in_layers", std::make_shared<NamedChildren>());
    m_inNorm = in->add("0", GroupNorm32(p.in));
    m_inConv = in->add("2", conv2d(p.in, p.out, 3));
    auto emb = register_module("emb_layers", std::make_shared<NamedChildren>());
    m_emb = emb->add("1", torch::nn::Linear(embChannels, useScaleShiftNorm ? 2 * p.out : p.out));
    auto out = register_module("out_layers", std::make_shared<NamedChildren>());
    m_outNorm = out->add("0", GroupNorm32(p.out));
    m_dropout = out->add("2", torch::nn::Dropout(dropout));
    m_outConv = out->add("3", conv2d(p.out, p.out, 3));
    if (p.out != p.in) m_skip = register_module("skip_connection", conv2d(p.in, p.out, 1));
}

torch::Tensor ResBlockImpl::forward(const torch::Tensor& xIn, const torch::Tensor& emb) {
    // unet.py ResBlock._forward
    torch::Tensor x = xIn;
    torch::Tensor h = torch::silu(m_inNorm(x));
    if (m_up) {
        h = upsample2x(h);
        x = upsample2x(x);
    } else if (m_down) {
        h = avgPool2x(h);
        x = avgPool2x(x);
    }
    h = m_inConv(h);
    torch::Tensor embOut =
        m_emb(torch::silu(emb)).to(h.scalar_type()).unsqueeze(-1).unsqueeze(-1);  // [N, C', 1, 1]
    if (m_scaleShift) {
        auto ss = embOut.chunk(2, 1);
        h = m_outNorm(h) * (1 + ss[0]) + ss[1];
        h = m_outConv(m_dropout(torch::silu(h)));
    } else {
        h = h + embOut;
        h = m_outConv(m_dropout(torch::silu(m_outNorm(h))));
    }
    return (m_skip ? m_skip(x) : x) + h;
}

AttentionBlockImpl::AttentionBlockImpl(int64_t channels, int64_t heads, bool newOrder)
    : m_heads(heads), m_newOrder(newOrder) {
    m_norm = register_module("norm", GroupNorm32(channels));
    m_qkv = register_module("qkv", conv1x1(channels, channels * 3));
    m_proj = register_module("proj_out", conv1x1(channels, channels));
}

torch::Tensor AttentionBlockImpl::forward(const torch::Tensor& x) {
    const torch::Tensor flat = x.reshape({x.size(0), x.size(1), -1});  // [N, C, HW]
    const torch::Tensor h = m_proj(qkvAttention(m_qkv(m_norm(flat)), m_heads, !m_newOrder));
    return (flat + h).reshape(x.sizes());
}

AttentionPool2dImpl::AttentionPool2dImpl(int64_t side, int64_t channels, int64_t headChannels,
                                         int64_t outChannels)
    : m_heads(channels / headChannels) {
    m_pos = register_parameter("positional_embedding", torch::randn({channels, side * side + 1}) /
                                                           std::sqrt(static_cast<double>(channels)));
    m_qkv = register_module("qkv_proj", conv1x1(channels, 3 * channels));
    m_proj = register_module("c_proj", conv1x1(channels, outChannels));
}

torch::Tensor AttentionPool2dImpl::pooled(const torch::Tensor& xIn) {
    torch::Tensor x = xIn.reshape({xIn.size(0), xIn.size(1), -1});  // [N, C, HW]
    x = torch::cat({x.mean(-1, true), x}, -1);                      // [N, C, HW+1]
    x = x + m_pos.unsqueeze(0).to(x.scalar_type());
    // c_proj is a 1x1 convolution: projecting position 0 alone equals the reference's select after it
    return qkvAttention(m_qkv(x), m_heads, /*legacyOrder=*/false).select(2, 0);  // [N, C]
}

torch::Tensor AttentionPool2dImpl::project(const torch::Tensor& pooled) {
    return m_proj(pooled.unsqueeze(-1)).squeeze(-1);
}

torch::Tensor AttentionPool2dImpl::forward(const torch::Tensor& x) {
    return project(pooled(x));
}

TimestepBlockImpl::TimestepBlockImpl(const BlockPlan& plan, const AdmConfig& c, int64_t embChannels) {
    for (size_t j = 0; j < plan.size(); ++j) {
        const LayerPlan& l = plan[j];
        const std::string name = std::to_string(j);
        switch (l.type) {
            case LayerPlan::Type::Conv: {
                auto conv = register_module(name, conv2d(l.in, l.out, 3));
                m_layers.emplace_back(
                    [conv](const torch::Tensor& x, const torch::Tensor&) { return conv->forward(x); });
                break;
            }
            case LayerPlan::Type::Res: {
                auto block = register_module(name, ResBlock(l, embChannels, c.dropout, c.useScaleShiftNorm));
                m_layers.emplace_back(
                    [block](const torch::Tensor& x, const torch::Tensor& e) { return block->forward(x, e); });
                break;
            }
            case LayerPlan::Type::Attention: {
                auto attn = register_module(name, AttentionBlock(l.in, l.heads, c.useNewAttentionOrder));
                m_layers.emplace_back(
                    [attn](const torch::Tensor& x, const torch::Tensor&) { return attn->forward(x); });
                break;
            }
            case LayerPlan::Type::Downsample: {
                if (l.useConv) {
                    auto holder = register_module(name, std::make_shared<NamedChildren>());
                    auto op = holder->add("op", conv2d(l.in, l.out, 3, 2)).ptr();
                    m_layers.emplace_back(
                        [op](const torch::Tensor& x, const torch::Tensor&) { return op->forward(x); });
                } else {
                    m_layers.emplace_back(
                        [](const torch::Tensor& x, const torch::Tensor&) { return avgPool2x(x); });
                }
                break;
            }
            case LayerPlan::Type::Upsample: {
                if (l.useConv) {
                    auto holder = register_module(name, std::make_shared<NamedChildren>());
                    auto conv = holder->add("conv", conv2d(l.in, l.out, 3)).ptr();
                    m_layers.emplace_back([conv](const torch::Tensor& x, const torch::Tensor&) {
                        return conv->forward(upsample2x(x));
                    });
                } else {
                    m_layers.emplace_back(
                        [](const torch::Tensor& x, const torch::Tensor&) { return upsample2x(x); });
                }
                break;
            }
        }
    }
}

torch::Tensor TimestepBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& emb) {
    torch::Tensor h = x;
    for (const auto& layer : m_layers)
        h = layer(h, emb);
    return h;
}

}  // namespace mlens::models
