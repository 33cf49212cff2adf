#pragma once
// guided-diffusion's UNetModel (the diffusion backbone) and EncoderUNetModel (the noisy classifier),
// built from an AdmConfig, with state-dict names identical to the Python modules.
#include <torch/nn/module.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>

#include <optional>
#include <vector>

#include "engine/models/adm_layers.h"

namespace mlens::models {

class UNetModelImpl : public torch::nn::Module {
public:
    explicit UNetModelImpl(const AdmConfig& config);
    // x [N, in, H, W] float, t [N] int64 (original timesteps), y [N] int64 when class-conditional
    // -> [N, out, H, W] (eps, or [eps, v] with learned sigma)
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& t,
                          const std::optional<torch::Tensor>& y = {});
    const AdmConfig& config() const { return m_config; }

private:
    AdmConfig m_config;
    torch::nn::Linear m_time0{nullptr}, m_time2{nullptr};
    torch::nn::Embedding m_labelEmb{nullptr};
    std::vector<TimestepBlock> m_input, m_output;
    TimestepBlock m_middle{nullptr};
    GroupNorm32 m_outNorm{nullptr};
    torch::nn::Conv2d m_outConv{nullptr};
};
TORCH_MODULE(UNetModel);

class EncoderUNetModelImpl : public torch::nn::Module {
public:
    explicit EncoderUNetModelImpl(const AdmConfig& config);
    // x [N, in, H, W], t [N] int64 (, y [N] int64 when class-conditional) -> logits [N, out]
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& t,
                          const std::optional<torch::Tensor>& y = {});
    // The input of the head's last linear map, [N, D] (an image classifier's penultimate features:
    // the evaluation feature space of a judge), and that map; forward = classify(penultimate(...)).
    torch::Tensor penultimate(const torch::Tensor& x, const torch::Tensor& t,
                              const std::optional<torch::Tensor>& y = {});
    torch::Tensor classify(const torch::Tensor& penultimate);
    // Output of the middle block, [N, C, H/ds, W/ds] (the features the LSUN cascade classifies).
    torch::Tensor middleFeatures(const torch::Tensor& x, const torch::Tensor& t);
    const AdmConfig& config() const { return m_config; }

private:
    torch::Tensor embed(const torch::Tensor& t, const std::optional<torch::Tensor>& y = {});

    AdmConfig m_config;
    torch::nn::Linear m_time0{nullptr}, m_time2{nullptr};
    torch::nn::Embedding m_labelEmb{nullptr};
    std::vector<TimestepBlock> m_input;
    TimestepBlock m_middle{nullptr};
    // pool heads
    GroupNorm32 m_outNorm{nullptr};
    torch::nn::Conv2d m_outConv{nullptr};
    AttentionPool2d m_attnPool{nullptr};
    torch::nn::Linear m_fc0{nullptr}, m_fc1{nullptr};
    GroupNorm32 m_fcNorm{nullptr};
};
TORCH_MODULE(EncoderUNetModel);

// guided-diffusion's zero_module layers (each ResBlock's out_layers.3, each attention proj_out, the
// UNet's out.2 and the adaptive pool's out.3) set to zero, as the reference initialises a model it
// trains from scratch. Loading a checkpoint overwrites them anyway.
void zeroInitLikeReference(torch::nn::Module& model);

}  // namespace mlens::models
