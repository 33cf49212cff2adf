// Minority-score throughput (images/s) at batch 1, 8, 16 and 32, LPIPS-VGG and L2, 5 draws, with the
// 32x32 fixture backbone: the ratio shows what batching buys.
#include <torch/torch.h>

#include <cstdio>

#include "bench/bench_support.h"
#include "engine/api/runtime.h"
#include "engine/minority/minority_score.h"
#include "engine/models/model_loader.h"

using namespace mlens;

int main() {
    configureThreads(0);
    torch::InferenceMode inference;
    auto m = models::loadAdm(bench::fixture("adm/unet_rgb32.pt"), bench::fixture("adm/unet_rgb32.json"),
                             torch::kCPU, models::AdmKind::UNet, "backbone");
    const auto diff = diffusion::GaussianDiffusion::create(diffusion::ScheduleKind::Linear, 1000, "100",
                                                           diffusion::VarianceType::LearnedRange);
    const int images = 64;
    const torch::Tensor data = torch::rand({images, 3, 32, 32}) * 2 - 1;
    std::printf("%s\nminority score, 5 draws, %d images of 32x32 (unet_rgb32)\n", runtimeSummary().c_str(),
                images);
    for (const Distance kind : {Distance::L2, Distance::LpipsVgg}) {
        const char* name = mlens::name(kind);
        auto dist = minority::makeDistance(kind, bench::fixture("adm/lpips_vgg_trunk_random.pt"),
                                           bench::fixture("lpips/vgg.pth"), torch::kCPU);
        minority::MinorityScorer scorer(m.unet, diff, 60, *dist, 5);
        double rate[4];
        const int batches[4] = {1, 8, 16, 32};
        for (int k = 0; k < 4; ++k) {
            const int b = batches[k];
            const double s = bench::bestSeconds(2, [&] {
                for (int first = 0; first < images; first += b) {
                    std::vector<uint64_t> seeds;
                    for (int i = 0; i < b; ++i)
                        seeds.push_back(static_cast<uint64_t>(first + i));
                    scorer.score(data.narrow(0, first, b), seeds, false);
                }
            });
            rate[k] = images / s;
        }
        std::printf(
            "  %-9s batch 1: %6.1f   batch 8: %6.1f   batch 16: %6.1f   batch 32: %6.1f images/s   (32 vs 1: "
            "%.2fx)\n",
            name, rate[0], rate[1], rate[2], rate[3], rate[3] / rate[0]);
    }
}
