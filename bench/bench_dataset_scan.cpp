// A dataset at scale: listing N files (names, sizes and times only, no decoding), splitting N
// scores into classes, and opening the scored workspace as the GUI does (loadWorkspace: the
// listing, scores.csv and classes.csv joined into records), at 10k, 100k (and with --million 1M)
// files, each size in a child process so that its peak RSS is its own. Prints time and peak RSS
// per stage and the growth factor between sizes (10x the files should cost 10x the time, and memory
// should grow by the records only). Files are 1-byte *.png in folders of 1,000 under $TMPDIR
// (default /dev/shm when it exists).
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "engine/api/classes.h"
#include "engine/api/dataset.h"
#include "engine/api/request_json.h"
#include "engine/api/workspace.h"

namespace fs = std::filesystem;

namespace {

long rssKb(const char* field) {  // VmRSS or VmHWM of this process
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field) + 1);
    return 0;
}

double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct Stage {
    double seconds = 0;
    long peakMb = 0;
};
struct Row {
    size_t n = 0, listed = 0, records = 0;
    Stage scan, classes, open;
};

// A scored workspace for the files in `dir`, as score and classes write it.
void writeWorkspace(const fs::path& ws, const fs::path& dir, size_t n) {
    fs::create_directories(ws);
    mlens::DatasetSpec spec;
    spec.path = dir.string();
    std::ofstream(ws / "scores.json")
        << "{\"dataset\": " << mlens::toJson(spec) << ", \"data\": \"" << dir.string()
        << "\", \"t\": 605, \"draws\": 1, \"distance\": \"l2\"}";
    std::ofstream csv(ws / "scores.csv"), cls(ws / "classes.csv");
    csv << "path,score,d0\n";
    cls << "path,score,class\n";
    std::mt19937 gen(2);
    std::exponential_distribution<double> e(1.0);
    char buf[96];
    for (size_t i = 0; i < n; ++i) {
        const double v = e(gen);
        std::snprintf(buf, sizeof buf, "%zu/img%zu.png,%.9g", i / 1000, i, v);
        csv << buf << "," << v << "\n";
        cls << buf << "," << (v > 2.3 ? 9 : static_cast<int>(v * 4)) << "\n";
    }
}

// In a child: scan, classes of n scores, then the workspace; the results through a pipe.
Row measure(const fs::path& dir, const fs::path& ws, size_t n) {
    int fds[2];
    if (pipe(fds) != 0) std::exit(1);
    const pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        Row r;
        r.n = n;
        auto t0 = std::chrono::steady_clock::now();
        {
            const mlens::DatasetListing listing = mlens::scanDataset(dir.string());
            r.scan.seconds = since(t0);
            r.scan.peakMb = rssKb("VmHWM:") / 1024;
            r.listed = listing.items.size();
        }
        std::mt19937 gen(1);
        std::exponential_distribution<float> e(1.0f);
        std::vector<float> scores(n);
        for (float& v : scores)
            v = e(gen);
        t0 = std::chrono::steady_clock::now();
        const int L = mlens::suggestNumClasses(scores, 100);
        const auto q = mlens::quantileThresholds(scores, L);
        std::vector<int> cls(n);
        for (size_t i = 0; i < n; ++i)
            cls[i] = mlens::ordinalClass(q, scores[i]);
        r.classes.seconds = since(t0);
        r.classes.peakMb = rssKb("VmHWM:") / 1024;
        t0 = std::chrono::steady_clock::now();
        const mlens::WorkspaceData w = mlens::loadWorkspace(ws.string());
        r.open.seconds = since(t0);
        r.open.peakMb = rssKb("VmHWM:") / 1024;
        r.records = w.records.size();
        if (write(fds[1], &r, sizeof r) != sizeof r) _exit(1);
        _exit(0);
    }
    close(fds[1]);
    Row r;
    if (read(fds[0], &r, sizeof r) != sizeof r) std::fprintf(stderr, "the child for %zu failed\n", n);
    close(fds[0]);
    waitpid(pid, nullptr, 0);
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<size_t> sizes = {10000, 100000};
    for (int i = 1; i < argc; ++i)
        if (std::string(argv[i]) == "--million") sizes.push_back(1000000);
    const char* tmp = std::getenv("TMPDIR");
    const fs::path base = tmp                      ? fs::path(tmp)
                          : fs::exists("/dev/shm") ? fs::path("/dev/shm")
                                                   : fs::temp_directory_path();
    std::printf("dataset scan, classes and workspace open (%s, 1-byte files in folders of 1,000)\n",
                base.c_str());
    std::printf("%9s %9s %8s %8s %10s %10s %8s %8s\n", "files", "listed", "scan s", "scan MB", "classes s",
                "classes MB", "open s", "open MB");
    std::vector<Row> rows;
    for (size_t n : sizes) {
        const fs::path dir = base / ("mlens_bench_scan_" + std::to_string(n)), ws = dir.string() + "_ws";
        fs::remove_all(dir);
        fs::remove_all(ws);
        const auto t0 = std::chrono::steady_clock::now();
        for (size_t i = 0; i < n; ++i) {
            if (i % 1000 == 0) fs::create_directories(dir / std::to_string(i / 1000));
            std::ofstream(dir / std::to_string(i / 1000) / ("img" + std::to_string(i) + ".png")) << 'x';
        }
        writeWorkspace(ws, dir, n);
        const double created = since(t0);
        const Row r = measure(dir, ws, n);
        fs::remove_all(dir);
        fs::remove_all(ws);
        std::printf("%9zu %9zu %8.2f %8ld %10.3f %10ld %8.2f %8ld   (%zu records; created in %.1f s)\n", r.n,
                    r.listed, r.scan.seconds, r.scan.peakMb, r.classes.seconds, r.classes.peakMb,
                    r.open.seconds, r.open.peakMb, r.records, created);
        rows.push_back(r);
    }
    for (size_t i = 1; i < rows.size(); ++i)
        std::printf(
            "x%.0f files: scan time x%.2f, scan peak RSS x%.2f, classes time x%.2f, open time x%.2f\n",
            double(rows[i].n) / double(rows[i - 1].n), rows[i].scan.seconds / rows[i - 1].scan.seconds,
            double(rows[i].scan.peakMb) / double(std::max(1L, rows[i - 1].scan.peakMb)),
            rows[i].classes.seconds / rows[i - 1].classes.seconds,
            rows[i].open.seconds / rows[i - 1].open.seconds);
    return 0;
}
