#pragma once
// Runtime facts and settings shared by the CLI and the GUI. No torch types.
#include <string>

namespace mlens {

// "auto" (CUDA when available, else CPU), "cpu", "cuda", "cuda:N". Returns the resolved name
// ("cpu", "cuda:0"); throws Error(InvalidArgument / Unsupported) for unknown or unavailable devices.
std::string resolveDevice(const std::string& request);

// LibTorch version, CUDA availability, threads, BLAS. One line.
std::string runtimeSummary();

// Sets LibTorch's intra-op threads (0 = all cores). Call once at start-up.
void configureThreads(int threads);

// OpenCV's image codecs print every decode failure to std::cerr (a line per bad file floods a
// terminal on a large folder); MinorityLens reports each as a reason instead, and never writes to
// std::cerr itself. The CLI and the GUI call this once at start-up.
void silenceLibraryMessages();

const char* engineVersion() noexcept;
// `git describe --always --dirty` of the source tree at build time ("unknown" outside git).
const char* engineCommit() noexcept;
// The LibTorch version this build runs on ("1.13.0").
const char* torchVersion() noexcept;

}  // namespace mlens
