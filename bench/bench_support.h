#pragma once
#include <chrono>
#include <string>

namespace mlens::bench {

// ../shared/fixtures/<relative> beside the source tree (or $MLENS_SHARED_DIR); exits with a message if
// missing.
std::string fixture(const std::string& relative);

// Seconds of the fastest of `repeats` runs of fn (after one warm-up run).
template <class F>
double bestSeconds(int repeats, F&& fn) {
    fn();
    double best = 1e300;
    for (int i = 0; i < repeats; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        fn();
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return best;
}

}  // namespace mlens::bench
