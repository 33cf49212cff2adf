#pragma once
// The block structure UNetModel / EncoderUNetModel build from their arguments (guided-diffusion
// unet.py __init__), as data. The torch modules are built from this plan, and the same plan predicts
// every parameter name and shape, which is how a configuration is inferred from a checkpoint.
// Torch-free.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/models/adm_config.h"

namespace mlens::models {

struct LayerPlan {
    enum class Type { Conv, Res, Attention, Downsample, Upsample };
    Type type = Type::Conv;
    int in = 0;
    int out = 0;
    bool useConv = false;  // Downsample / Upsample with a learned convolution
    bool up = false;       // Res: upsampling ResBlock (resblock_updown)
    bool down = false;     // Res: downsampling ResBlock
    int heads = 1;         // Attention
};

using BlockPlan = std::vector<LayerPlan>;  // one TimestepEmbedSequential

struct AdmPlan {
    int timeEmbedDim = 0;
    int firstChannels = 0;  // channels after input_blocks.0 (input_ch)
    std::vector<BlockPlan> input;
    BlockPlan middle;
    std::vector<BlockPlan> output;  // UNet only
    int finalChannels = 0;          // channels entering `out`
    int finalDs = 1;                // downsample factor at the middle block
    int featureSize = 0;            // EncoderUNet spatial pools: summed channels of every block
};

// Throws mlens::Error(InvalidArgument) for configurations guided-diffusion would reject.
AdmPlan planAdm(const AdmConfig& config);

// Every parameter (and buffer) name of the model with its shape, in module order.
std::map<std::string, std::vector<int64_t>> expectedShapes(const AdmConfig& config);

}  // namespace mlens::models
