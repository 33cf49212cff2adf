#pragma once
// The noise-conditioned minority classifier p(l | x_t [, y]): a guided-diffusion EncoderUNetModel on
// pixels, or on the frozen middle-block features of a pretrained noisy classifier (the official LSUN
// and ImageNet cascade). Self-describing checkpoints: safetensors whose metadata holds the config.
#include <torch/types.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "engine/models/adm_models.h"

namespace mlens::minority {

struct MinorityClassifierSpec {
    models::AdmConfig head;
    std::string featureCheckpoint, featureConfig;  // empty: the head classifies pixels
};

class MinorityClassifier {
public:
    // From a safetensors checkpoint written by train-classifier (config in its metadata), or any
    // EncoderUNetModel checkpoint with `configPath` (or inferred).
    static std::shared_ptr<MinorityClassifier> load(const std::string& checkpoint,
                                                    const std::string& configPath,
                                                    const torch::Device& device);
    // A freshly initialised classifier for training: default PyTorch init drawn from the global
    // generator seeded with `initSeed`, then the reference's zero-initialised layers. Loads the frozen
    // feature extractor if any.
    static std::shared_ptr<MinorityClassifier> create(const MinorityClassifierSpec& spec,
                                                      const torch::Device& device, uint64_t initSeed = 0);

    // (side, channels) of the middle-block features of a noisy classifier, read from its config or
    // inferred from names and shapes (no weights are loaded).
    static std::pair<int, int> featureShape(const std::string& checkpoint, const std::string& configPath);

    // x_t [N, C, H, W] at original steps tOrig -> logits [N, L]
    torch::Tensor logits(const torch::Tensor& x, const torch::Tensor& tOrig,
                         const std::optional<torch::Tensor>& y = {});
    // The input of the last linear map, [N, D]: logits = head()->classify(penultimate(...)).
    torch::Tensor penultimate(const torch::Tensor& x, const torch::Tensor& tOrig,
                              const std::optional<torch::Tensor>& y = {});
    // What the head sees: x itself, or the frozen features (no gradient into the extractor's weights).
    torch::Tensor headInput(const torch::Tensor& x, const torch::Tensor& tOrig);

    models::EncoderUNetModel head() const { return m_head; }
    const MinorityClassifierSpec& spec() const { return m_spec; }
    int numClasses() const { return m_spec.head.outChannels; }
    int inChannels() const;  // channels of the images it classifies
    int imageSize() const;   // image size it classifies (the extractor's when cascaded)
    bool imageSizeKnown() const { return m_sizeKnown; }
    bool classConditional() const { return m_spec.head.numClasses.has_value(); }

    // Writes <path> (safetensors with the config in its metadata) and, beside it, the guided-diffusion
    // layout: <stem>.pt (a torch.save state dict) and <stem>.json (constructor arguments).
    void save(const std::string& path, const std::map<std::string, std::string>& extraMetadata = {}) const;

private:
    MinorityClassifierSpec m_spec;
    models::EncoderUNetModel m_head{nullptr};
    models::EncoderUNetModel m_features{nullptr};
    models::AdmConfig m_featureConfig;
    bool m_sizeKnown = true;
};

}  // namespace mlens::minority
