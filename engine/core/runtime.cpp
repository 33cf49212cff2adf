#include <torch/cuda.h>
#include <torch/torch.h>

#include <unistd.h>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "engine/api/error.h"
#include "engine/api/runtime.h"
#include "engine/core/device.h"

#ifndef MLENS_VERSION
#define MLENS_VERSION "0.0.0"
#endif

namespace mlens {

torch::Device selectDevice(const std::string& request) {
    if (request.empty() || request == "auto")
        return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
    if (request == "cpu") return torch::Device(torch::kCPU);
    if (request == "cuda" || request.rfind("cuda:", 0) == 0) {
        if (!torch::cuda::is_available())
            throw Error(ErrorCode::Unsupported,
                        "CUDA was requested but no CUDA device is available to this LibTorch build");
        int index = 0;
        if (request.size() > 5) {
            try {
                size_t used = 0;
                index = std::stoi(request.substr(5), &used);
                if (used != request.size() - 5) throw std::invalid_argument("trailing");
            } catch (const std::exception&) {
                throw Error(ErrorCode::InvalidArgument,
                            "bad device '" + request + "' (use cpu, cuda or cuda:N)");
            }
        }
        if (index < 0 || static_cast<size_t>(index) >= torch::cuda::device_count())
            throw Error(ErrorCode::InvalidArgument, "no CUDA device " + std::to_string(index));
        return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
    }
    throw Error(ErrorCode::InvalidArgument,
                "unknown device '" + request + "' (use auto, cpu, cuda or cuda:N)");
}

std::string resolveDevice(const std::string& request) {
    return selectDevice(request).str();
}

std::string runtimeSummary() {
    std::string s = "LibTorch " + std::string(TORCH_VERSION) + ", ";
    s += torch::cuda::is_available() ? std::to_string(torch::cuda::device_count()) + " CUDA device(s)"
                                     : std::string("CPU only");
    s += ", " + std::to_string(at::get_num_threads()) + " threads";
    return s;
}

void configureThreads(int threads) {
    const int n = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    at::set_num_threads(n);
}

void silenceLibraryMessages() {
    std::cerr.rdbuf(nullptr);  // writes then set badbit and go nowhere
}

const char* engineVersion() noexcept {
    return MLENS_VERSION;
}

const char* torchVersion() noexcept {
    return TORCH_VERSION;
}

}  // namespace mlens
