#pragma once
// Inspecting and verifying checkpoints. No torch types.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace mlens {

struct TensorInfo {
    std::string name;
    std::string dtype;  // PyTorch spelling: float32, float16, int64, ...
    std::vector<int64_t> shape;
};

struct InspectResult {
    std::string path;
    std::string format;  // pytorch-zip | pytorch-legacy | safetensors
    uint64_t fileSize = 0;
    std::vector<TensorInfo> tensors;
    int64_t parameterCount = 0;
    std::vector<std::pair<std::string, std::string>> values;  // non-tensor entries (step counters, ...)
    std::map<std::string, std::string> metadata;              // safetensors __metadata__
    std::string modelType;   // UNetModel | EncoderUNetModel | LPIPS linear heads | ... | unknown
    std::string prefix;      // where the model's weights sit ("" / "model." / "ema.")
    std::string configJson;  // the constructor arguments loading would use (UNet / EncoderUNet), pretty JSON
    std::string configSource;           // where they come from (models::resolveConfig's order)
    std::vector<std::string> inferred;  // arguments read off the weights (when inferred)
    std::vector<std::string> assumed;   // arguments the weights do not store (when inferred)
    std::string inferenceError;         // why no configuration could be inferred, if so
};

// Reads names, dtypes and shapes only (no tensor data). Throws mlens::Error.
InspectResult inspectCheckpoint(const std::string& path);

struct VerifyRequest {
    std::string model;        // checkpoint
    std::string config;       // optional constructor-arguments JSON; inferred when empty
    std::string io;           // .pt/.safetensors with x, t, [y], out
    double tolerance = 1e-4;  // on ||out - ref|| / ||ref||
    std::string device = "auto";
};

struct VerifyResult {
    std::string modelType;
    std::string configSource;
    std::string device;
    std::vector<int64_t> outputShape;
    double relativeError = 0.0;
    double maxAbsError = 0.0;
    bool passed = false;
};

// Runs the model on the recorded inputs and compares with the recorded output. Throws mlens::Error
// for unusable inputs; a numeric mismatch is a result (passed == false), not an exception.
VerifyResult verifyCheckpoint(const VerifyRequest& request);

}  // namespace mlens
