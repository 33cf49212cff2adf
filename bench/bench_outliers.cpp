// LOF (k=20) and AvgkNN (k=5) of 20,000 x 2048 features against scikit-learn (Debian's python3-sklearn,
// via /usr/bin/python3), in one run: the largest difference of the scores and the speed ratio.
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "engine/api/runtime.h"
#include "engine/io/npy.h"
#include "engine/metrics/outliers.h"

using namespace mlens;
namespace fs = std::filesystem;

int main(int argc, char** argv) {
    configureThreads(0);
    const int64_t n = argc > 1 ? std::atoll(argv[1]) : 20000, d = 2048;
    const fs::path dir = fs::temp_directory_path() / "mlens_bench_outliers";
    fs::create_directories(dir);
    // A mixture of 50 Gaussian clusters plus a sprinkle of outliers, fixed seed.
    torch::manual_seed(0);
    const torch::Tensor centres = torch::randn({50, d}, torch::kFloat64) * 3;
    torch::Tensor x = centres.index_select(0, torch::randint(0, 50, {n}, torch::kInt64)) +
                      torch::randn({n, d}, torch::kFloat64);
    x.narrow(0, 0, n / 100).mul_(2.5);
    io::NpyArray arr{"", io::DType::Float64, {n, d}, std::vector<uint8_t>(static_cast<size_t>(n * d * 8))};
    std::memcpy(arr.data.data(), x.contiguous().data_ptr<double>(), arr.data.size());
    io::writeNpy((dir / "x.npy").string(), arr);

    const std::string script = R"PY(
import time, numpy as np
from sklearn.neighbors import LocalOutlierFactor, NearestNeighbors
x = np.load('DIR/x.npy')
t0 = time.time()
lof = -LocalOutlierFactor(n_neighbors=20).fit(x).negative_outlier_factor_
t1 = time.time()
knn = NearestNeighbors(n_neighbors=5).fit(x).kneighbors()[0].mean(axis=1)   # PyOD KNN(method='mean')
t2 = time.time()
np.save('DIR/lof.npy', lof); np.save('DIR/knn.npy', knn)
open('DIR/times.txt', 'w').write('%f %f' % (t1 - t0, t2 - t1))
)PY";
    std::string code = script;
    for (size_t p; (p = code.find("DIR")) != std::string::npos;)
        code.replace(p, 3, dir.string());
    std::ofstream(dir / "sk.py") << code;
    std::printf("%s\n%lld x %lld features\n", runtimeSummary().c_str(), static_cast<long long>(n),
                static_cast<long long>(d));
    if (std::system(("/usr/bin/python3 " + (dir / "sk.py").string()).c_str()) != 0) {
        std::fprintf(stderr, "scikit-learn run failed (apt-get install python3-sklearn)\n");
        return 1;
    }
    double skLof = 0, skKnn = 0;
    std::ifstream(dir / "times.txt") >> skLof >> skKnn;

    const auto t0 = std::chrono::steady_clock::now();
    const metrics::RealReference ref(x, 20);
    const torch::Tensor lof = ref.lof(20);
    const auto t1 = std::chrono::steady_clock::now();
    const torch::Tensor knn = ref.avgKnn(5);  // reuses the neighbourhoods
    const auto t2 = std::chrono::steady_clock::now();
    const double ours = std::chrono::duration<double>(t1 - t0).count(),
                 oursKnn = std::chrono::duration<double>(t2 - t1).count();

    auto load = [&](const char* name) {
        const io::NpyArray a = io::readNpy((dir / name).string());
        torch::Tensor t = torch::empty({n}, torch::kFloat64);
        std::memcpy(t.data_ptr<double>(), a.data.data(), a.data.size());
        return t;
    };
    const double dLof = ((lof - load("lof.npy")).abs() / load("lof.npy").abs()).max().item<double>();
    const double dKnn = ((knn - load("knn.npy")).abs() / load("knn.npy").abs()).max().item<double>();
    std::printf(
        "LOF (k=20):   scikit-learn %.1f s, MinorityLens %.1f s (neighbourhoods included): %.2fx; max "
        "relative difference %.1e\n",
        skLof, ours, skLof / ours, dLof);
    std::printf(
        "AvgkNN (k=5): scikit-learn %.1f s, MinorityLens %.3f s once the LOF neighbourhoods exist; max "
        "relative difference %.1e\n",
        skKnn, oursKnn, dKnn);
    std::printf("both metrics: scikit-learn %.1f s, MinorityLens %.1f s: %.2fx\n", skLof + skKnn,
                ours + oursKnn, (skLof + skKnn) / (ours + oursKnn));
    fs::remove_all(dir);
}
