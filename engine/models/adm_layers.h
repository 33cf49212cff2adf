#pragma once
// Building blocks of guided-diffusion's unet.py, registered under the same state-dict names.
#include <torch/nn/module.h>
#include <torch/nn/modules/container/any.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <functional>
#include <string>
#include <vector>

#include "engine/models/adm_plan.h"

namespace mlens::models {

// Sinusoidal embedding of integer timesteps: [N] -> [N, dim], cos half first (nn.py timestep_embedding).
torch::Tensor timestepEmbedding(const torch::Tensor& timesteps, int64_t dim, double maxPeriod = 10000.0);

// QKV attention on [N, 3*H*C, T] -> [N, H*C, T]. legacyOrder splits heads before q/k/v
// (QKVAttentionLegacy), otherwise q/k/v before heads (QKVAttention). Softmax in float32.
torch::Tensor qkvAttention(const torch::Tensor& qkv, int64_t heads, bool legacyOrder);

// GroupNorm(32, C) computed in float32 (nn.py GroupNorm32). Works on [N, C, ...] and [N, C].
class GroupNorm32Impl : public torch::nn::Module {
public:
    explicit GroupNorm32Impl(int64_t channels);
    torch::Tensor forward(const torch::Tensor& x);

    torch::Tensor weight, bias;
};
TORCH_MODULE(GroupNorm32);

// A plain module that only names its children ("in_layers" -> "0", "2").
class NamedChildren : public torch::nn::Module {
public:
    template <class Holder>
    Holder add(const std::string& name, Holder module) {
        register_module(name, module);
        return module;
    }
};

class ResBlockImpl : public torch::nn::Module {
public:
    ResBlockImpl(const LayerPlan& plan, int64_t embChannels, double dropout, bool useScaleShiftNorm);
    // x [N, in, H, W], emb [N, E] -> [N, out, H', W'] (H' = 2H / H/2 for up / down blocks)
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& emb);

private:
    GroupNorm32 m_inNorm{nullptr}, m_outNorm{nullptr};
    torch::nn::Conv2d m_inConv{nullptr}, m_outConv{nullptr}, m_skip{nullptr};
    torch::nn::Linear m_emb{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
    bool m_up, m_down, m_scaleShift;
};
TORCH_MODULE(ResBlock);

class AttentionBlockImpl : public torch::nn::Module {
public:
    AttentionBlockImpl(int64_t channels, int64_t heads, bool newOrder);
    torch::Tensor forward(const torch::Tensor& x);  // [N, C, H, W] -> same

private:
    GroupNorm32 m_norm{nullptr};
    torch::nn::Conv1d m_qkv{nullptr}, m_proj{nullptr};
    int64_t m_heads;
    bool m_newOrder;
};
TORCH_MODULE(AttentionBlock);

// CLIP-style attention pooling of EncoderUNetModel (pool="attention"): [N, C, S, S] -> [N, out].
class AttentionPool2dImpl : public torch::nn::Module {
public:
    AttentionPool2dImpl(int64_t side, int64_t channels, int64_t headChannels, int64_t outChannels);
    torch::Tensor forward(const torch::Tensor& x);       // project(pooled(x))
    torch::Tensor pooled(const torch::Tensor& x);        // the attention output at the mean token, [N, C]
    torch::Tensor project(const torch::Tensor& pooled);  // c_proj: [N, C] -> [N, out]

private:
    torch::Tensor m_pos;
    torch::nn::Conv1d m_qkv{nullptr}, m_proj{nullptr};
    int64_t m_heads;
};
TORCH_MODULE(AttentionPool2d);

// TimestepEmbedSequential: layers of one block, ResBlocks receive the embedding.
class TimestepBlockImpl : public torch::nn::Module {
public:
    TimestepBlockImpl(const BlockPlan& plan, const AdmConfig& config, int64_t embChannels);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& emb);

private:
    std::vector<std::function<torch::Tensor(const torch::Tensor&, const torch::Tensor&)>> m_layers;
};
TORCH_MODULE(TimestepBlock);

}  // namespace mlens::models
