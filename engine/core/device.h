#pragma once
#include <torch/types.h>

#include <string>

namespace mlens {

// Parses and checks a device request (see resolveDevice in api/runtime.h).
torch::Device selectDevice(const std::string& request);

}  // namespace mlens
