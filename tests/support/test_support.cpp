#include "tests/support/test_support.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <spdlog/spdlog.h>

namespace mlens::test {

namespace {
// Engine jobs log their parameters at info level; tests show warnings only (MLENS_LOG=info for more).
const bool g_quietLogs = [] {
    const char* level = std::getenv("MLENS_LOG");
    spdlog::set_level(level ? spdlog::level::from_str(level) : spdlog::level::warn);
    return true;
}();
}  // namespace

std::string sourceDir() {
    return MLENS_SOURCE_DIR;
}
std::string binaryDir() {
    return MLENS_BINARY_DIR;
}

std::string sharedDir() {
    const char* env = std::getenv("MLENS_SHARED_DIR");
    const std::filesystem::path dir =
        env && *env ? std::filesystem::path(env) : std::filesystem::path(MLENS_SOURCE_DIR) / ".." / "shared";
    if (!std::filesystem::is_directory(dir / "fixtures"))
        throw std::runtime_error("reference fixtures missing: expected " +
                                 (dir / "fixtures").lexically_normal().string() +
                                 " (clone the project next to its shared/ folder or set MLENS_SHARED_DIR)");
    return dir.lexically_normal().string();
}

std::string fixture(const std::string& relative) {
    const std::filesystem::path p = std::filesystem::path(sharedDir()) / "fixtures" / relative;
    if (!std::filesystem::exists(p)) throw std::runtime_error("reference fixture missing: " + p.string());
    return p.string();
}

std::string testData(const std::string& relative) {
    const std::filesystem::path p = std::filesystem::path(MLENS_SOURCE_DIR) / "tests" / "data" / relative;
    if (!std::filesystem::exists(p)) throw std::runtime_error("test data missing: " + p.string());
    return p.string();
}

int waitMs(int ms) {
    static const double factor = [] {
        const char* env = std::getenv("MLENS_TEST_TIME_FACTOR");
        const double f = env ? std::atof(env) : 1.0;
        return f > 0 ? f : 1.0;
    }();
    return static_cast<int>(std::min(2e9, ms * factor));
}

double relativeError(const float* a, const float* b, size_t n) {
    double num = 0, den = 0;
    for (size_t i = 0; i < n; ++i) {
        num += (double(a[i]) - b[i]) * (double(a[i]) - b[i]);
        den += double(b[i]) * b[i];
    }
    return den > 0 ? std::sqrt(num / den) : std::sqrt(num);
}

}  // namespace mlens::test
