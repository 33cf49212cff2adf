#include "engine/training/classifier_defaults.h"

namespace mlens::training {

models::AdmConfig defaultClassifierConfig(int imageSize, int inChannels, int numClasses) {
    models::AdmConfig c;
    c.kind = models::AdmKind::EncoderUNet;
    c.imageSize = imageSize;
    c.inChannels = inChannels;
    c.outChannels = numClasses;
    c.pool = "attention";
    c.useScaleShiftNorm = true;
    c.resblockUpdown = true;
    c.numHeadChannels = 32;
    if (imageSize <= 8) {
        c.modelChannels = 64;
        c.channelMult = {1, 2};
        c.numResBlocks = 1;
    } else if (imageSize <= 32) {
        c.modelChannels = 32;
        c.channelMult = {1, 2, 2};
        c.numResBlocks = 1;
    } else if (imageSize <= 64) {
        c.modelChannels = 64;
        c.channelMult = {1, 2, 3, 4};
        c.numResBlocks = 1;
    } else if (imageSize <= 128) {
        c.modelChannels = 64;
        c.channelMult = {1, 1, 2, 3, 4};
        c.numResBlocks = 2;
    } else {
        c.modelChannels = 64;
        c.channelMult = {1, 1, 2, 2, 4, 4};
        c.numResBlocks = 2;
    }
    for (int level = 0, ds = 1; level < static_cast<int>(c.channelMult.size()); ++level, ds *= 2) {
        const int side = imageSize / ds;
        if (side <= 16 && side >= 4) c.attentionResolutions.push_back(ds);
    }
    return c;
}

}  // namespace mlens::training
