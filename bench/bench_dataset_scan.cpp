// Listing a 100k-file dataset: names, sizes and times only, no decoding.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "engine/api/dataset.h"

int main() {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "mlens_bench_scan";
    fs::remove_all(dir);
    for (int d = 0; d < 100; ++d) {
        fs::create_directories(dir / std::to_string(d));
        for (int i = 0; i < 1000; ++i)
            std::ofstream(dir / std::to_string(d) / (std::to_string(i) + ".png")).close();
    }
    const auto t0 = std::chrono::steady_clock::now();
    const auto listing = mlens::scanDataset(dir.string());
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("listed %zu files in %.3f s (%.0f files/s)\n", listing.items.size(), s,
                listing.items.size() / s);
    fs::remove_all(dir);
}
