// What a slider release costs in the Sampling tab: from the request to the first guided preview and
// to the final images, for 8 tiles of the demo backbone (resources/demo) guided by a 1-channel 32-px
// classifier fixture, DDIM 50 steps, through the SamplingSession the GUI uses (models stay loaded).
//   cold:     new noise (seed changed): the baseline runs first, then the guided run
//   guidance: only the scale changed: the session reuses the baseline
//   busy:     as guidance, with another process spinning on one core at the same priority
// Rounds interleave the cases; the median and range of 3 rounds are printed. Not a test.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include <spdlog/spdlog.h>

#include "bench/bench_support.h"
#include "engine/api/passive_openmp.h"
#include "engine/api/progress.h"
#include "engine/api/runtime.h"
#include "engine/api/sampling.h"

using namespace mlens;
using Clock = std::chrono::steady_clock;

namespace {
struct Times {
    double firstPreview = -1, final = 0;
};

Times once(SamplingSession& session, SampleRequest req) {
    Times t;
    const auto start = Clock::now();
    req.onPreview = [&](const SamplePreview& p) {
        if (p.guided && t.firstPreview < 0)
            t.firstPreview = std::chrono::duration<double>(Clock::now() - start).count();
    };
    NullProgress progress;
    session.run(req, progress);
    t.final = std::chrono::duration<double>(Clock::now() - start).count();
    return t;
}

pid_t spinner() {
    const pid_t pid = fork();
    if (pid == 0) {
        volatile unsigned long x = 0;
        for (;;)
            ++x;
    }
    return pid;
}

void print(const char* name, std::vector<Times> v) {
    auto show = [&](const char* what, auto get) {
        std::vector<double> x;
        for (const Times& t : v)
            x.push_back(get(t) * 1000);
        std::sort(x.begin(), x.end());
        std::printf("  %-9s %-14s median %7.0f ms  (%.0f-%.0f)\n", name, what, x[x.size() / 2], x.front(),
                    x.back());
    };
    show("first preview", [](const Times& t) { return t.firstPreview; });
    show("final", [](const Times& t) { return t.final; });
}
}  // namespace

MLENS_PASSIVE_OPENMP_AT_LOAD();

int main() {
    configureThreads(0);
    spdlog::set_level(spdlog::level::warn);
    SampleRequest req;
    req.backbone.checkpoint = std::string(MLENS_SOURCE_DIR) + "/resources/demo/phantom_backbone.safetensors";
    req.guidance.classifier = bench::fixture("adm/classifier_gray32_adaptive.pt");
    req.guidance.classifierConfig = bench::fixture("adm/classifier_gray32_adaptive.json");
    req.guidance.targetClass = 4;
    req.guidance.scale = 3.0;
    req.sampler = Sampler::Ddim;
    req.respacing = respacingFor(Sampler::Ddim, 50);
    req.numSamples = 8;
    req.batchSize = 16;
    req.withBaseline = true;
    req.previewEvery = 5;  // as the panel asks
    req.device = "cpu";
    SamplingSession session;
    once(session, req);  // loads the models, warms the allocator
    std::vector<Times> cold, guidance, busy;
    for (int round = 0; round < 3; ++round) {
        SampleRequest r = req;
        r.seed = 100 + static_cast<uint64_t>(round);
        cold.push_back(once(session, r));
        r.guidance.scale = 4.0 + round;
        guidance.push_back(once(session, r));
        const pid_t other = spinner();
        r.guidance.scale = 0.5 + round;
        busy.push_back(once(session, r));
        kill(other, SIGKILL);
        waitpid(other, nullptr, 0);
    }
    std::printf("%s\nslider release -> images, 8 tiles, DDIM 50, baseline + guided:\n",
                runtimeSummary().c_str());
    print("cold", cold);
    print("guidance", guidance);
    print("busy", busy);
    return 0;
}
