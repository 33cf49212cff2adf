#pragma once
#include "engine/models/adm_config.h"

namespace mlens::training {

// A CPU-sized EncoderUNetModel for minority classifiers, shaped like guided-diffusion's
// create_classifier (attention pool, scale-shift norm, residual up/down blocks) but narrower:
// 32 base channels up to 32 px, 64 above; attention at the 16x16 and 8x8 levels.
models::AdmConfig defaultClassifierConfig(int imageSize, int inChannels, int numClasses);

}  // namespace mlens::training
