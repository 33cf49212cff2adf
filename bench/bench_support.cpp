#include "bench/bench_support.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace mlens::bench {

std::string fixture(const std::string& relative) {
    const char* env = std::getenv("MLENS_SHARED_DIR");
    const std::filesystem::path root =
        env && *env ? std::filesystem::path(env) : std::filesystem::path(MLENS_SOURCE_DIR) / ".." / "shared";
    const std::filesystem::path p = root / "fixtures" / relative;
    if (!std::filesystem::exists(p)) {
        std::fprintf(stderr, "fixture missing: %s\n", p.string().c_str());
        std::exit(1);
    }
    return p.string();
}

}  // namespace mlens::bench
