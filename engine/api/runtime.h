#pragma once
// Runtime facts and settings shared by the CLI and the GUI. No torch types.
#include <string>

namespace mlens {

// "auto" (CUDA when available, else CPU), "cpu", "cuda", "cuda:N". Returns the resolved name
// ("cpu", "cuda:0"); throws Error(InvalidArgument / Unsupported) for unknown or unavailable devices.
std::string resolveDevice(const std::string& request);

// LibTorch version, CUDA availability, threads, BLAS. One line.
std::string runtimeSummary();

// OpenMP threads that wait for work spin by default, and on a machine with other work (a GUI, a
// second job, another user) two spinning threads run many times slower than one. libgomp reads
// its wait policy once, when it loads, so the programs call this first thing in main(): when the
// user has not set OMP_WAIT_POLICY, it sets PASSIVE and re-executes the program (Linux,
// /proc/self/exe) so that the setting takes effect; anywhere else, or when that fails, it returns
// and the program runs with the spinning default. An explicit OMP_WAIT_POLICY=ACTIVE is kept.
void preferPassiveOpenMpWaiting(char** argv) noexcept;

// Sets LibTorch's intra-op threads (0 = all cores). Call once at start-up.
void configureThreads(int threads);

const char* engineVersion() noexcept;

}  // namespace mlens
