#pragma once
// Constructor arguments of guided-diffusion's UNetModel and EncoderUNetModel (unet.py), with the
// same defaults. Torch-free.
#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mlens::models {

enum class AdmKind { UNet, EncoderUNet };

struct AdmConfig {
    AdmKind kind = AdmKind::UNet;
    int imageSize = 64;
    int inChannels = 3;
    int modelChannels = 128;
    int outChannels = 3;
    int numResBlocks = 2;
    std::vector<int> attentionResolutions;  // downsample rates (ds) with attention, as UNetModel takes them
    double dropout = 0.0;
    std::vector<int> channelMult = {1, 2, 4, 8};
    bool convResample = true;
    int dims = 2;
    std::optional<int>
        numClasses;  // class-conditional: a label embedding added to the time embedding
                     // (EncoderUNet: a MinorityLens extension for class-conditional minority classifiers)
    bool useFp16 = false;
    int numHeads = 1;
    int numHeadChannels = -1;
    int numHeadsUpsample = -1;
    bool useScaleShiftNorm = false;
    bool resblockUpdown = false;
    bool useNewAttentionOrder = false;
    std::string pool = "adaptive";  // EncoderUNet only: adaptive | attention | spatial | spatial_v2

    // A UNet that predicts [eps, v] (learned-range variance).
    bool learnSigma() const { return kind == AdmKind::UNet && outChannels == 2 * inChannels; }
    int downsampleFactor() const { return 1 << (static_cast<int>(channelMult.size()) - 1); }
    // Throws mlens::Error(InvalidArgument) naming the first bad value.
    void validate() const;
};

const char* kindName(AdmKind kind) noexcept;

// Accepts either {"class": "UNetModel"|"EncoderUNetModel", "kwargs": {...}} (the fixtures' layout)
// or the bare keyword arguments (then `defaultKind` decides). `attention_resolutions` given as a
// list are downsample rates; given as a string ("32,16,8") they are resolutions, as in
// guided-diffusion's script_util, and are converted with image_size. `channel_mult` may be a list
// or a "1,2,4" string.
AdmConfig configFromJson(const nlohmann::json& json, AdmKind defaultKind = AdmKind::UNet);
AdmConfig loadConfigFile(const std::string& path, AdmKind defaultKind = AdmKind::UNet);
// {"class": ..., "kwargs": {...}} with every constructor argument.
nlohmann::json configToJson(const AdmConfig& config);

}  // namespace mlens::models
