#pragma once
#include "engine/models/adm_config.h"

namespace mlens::training {

// A UNetModel small enough to train on a CPU within an hour or two at 32x32 (and wider for larger
// images): scale-shift norm, residual up/down blocks, attention at 8x8 (and 16x16 above 32 px).
models::AdmConfig defaultBackboneConfig(int imageSize, int channels, bool learnSigma, int numClasses);

}  // namespace mlens::training
