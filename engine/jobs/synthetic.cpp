// The `phantom` job (api/synthetic.h): synthetic datasets with ground truth, written as PNGs and CSVs.
#include <spdlog/spdlog.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "engine/api/error.h"
#include "engine/api/request_json.h"
#include "engine/api/synthetic.h"
#include "engine/core/atomic_file.h"
#include "engine/io/png_text.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

std::string fileName(const char* stem, int64_t i) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s_%06lld.png", stem, static_cast<long long>(i));
    return buf;
}

// CIFAR-10-LT: class c holds n_max * imbalance^(c / 9) images; n_max chosen to give `count` in all.
std::vector<int64_t> longTailCounts(int count, double imbalance) {
    double sum = 0;
    for (int c = 0; c < 10; ++c)
        sum += std::pow(imbalance, c / 9.0);
    std::vector<int64_t> n(10);
    int64_t total = 0;
    for (int c = 0; c < 10; ++c)
        total += n[static_cast<size_t>(c)] =
            std::max<int64_t>(1, std::llround(count / sum * std::pow(imbalance, c / 9.0)));
    n[0] += count - total;  // rounding goes to the head class
    return n;
}

void validate(const SyntheticRequest& req) {
    if (req.outDir.empty()) throw Error(ErrorCode::InvalidArgument, "an output folder is required");
    requireOutputFolder(req.outDir);
    if (req.count < 1) throw Error(ErrorCode::InvalidArgument, "the image count must be at least 1");
    if (req.size < 16 || req.size > 256)
        throw Error(ErrorCode::InvalidArgument, "the image size must be 16..256");
}

SyntheticResult generate(const SyntheticRequest& req, ProgressSink& progress) {
    validate(req);
    std::error_code ec;
    if (fs::exists(req.outDir) && !fs::is_empty(req.outDir, ec))
        throw Error(ErrorCode::InvalidArgument,
                    req.outDir + " is not empty; choose a new folder (nothing is overwritten)");
    fs::create_directories(req.outDir, ec);
    if (ec) throw Error(ErrorCode::Io, "cannot create " + req.outDir + ": " + ec.message());
    spdlog::info("synthetic: {}", toJson(req));
    const fs::path out(req.outDir);
    SyntheticResult res;
    res.attributesCsv = (out / "attributes.csv").string();
    std::string attributes;
    if (req.kind == SyntheticKind::Brain) {
        attributes = "path,atrophy,lesion,ventricle_area,brain_area\n";
        for (int64_t i = 0; i < req.count; ++i) {
            const PhantomParams p = drawPhantomParams(req.seed, i);
            const Phantom ph = renderPhantom(p, req.size);
            const std::string name = fileName("phantom", i);
            io::writePng((out / name).string(), ph.image);
            char line[160];
            std::snprintf(line, sizeof line, "%s,%s,%d,%.6f,%.6f\n", name.c_str(), atrophyName(p.atrophy),
                          p.lesion ? 1 : 0, ph.ventricleArea, ph.brainArea);
            attributes += line;
            res.atrophyMild += p.atrophy == Atrophy::Mild;
            res.atrophySevere += p.atrophy == Atrophy::Severe;
            res.lesions += p.lesion;
            if (i % 64 == 0 || i + 1 == req.count) {
                progress.report(i + 1, req.count, "generating phantoms");
                throwIfCancelled(progress);
            }
        }
    } else {
        attributes = "path,label,class\n";
        std::string labels = "path,label\n";
        res.classCounts = longTailCounts(req.count, 0.01);
        int64_t i = 0;
        for (int c = 0; c < 10; ++c)
            for (int64_t k = 0; k < res.classCounts[static_cast<size_t>(c)]; ++k, ++i) {
                const ShapeImage s = renderShape(req.seed, i, c, req.size);
                const std::string name = fileName("shape", i);
                io::writePng((out / name).string(), s.image);
                attributes += name + "," + std::to_string(c) + "," + shapeClassName(c) + "\n";
                labels += name + "," + std::to_string(c) + "\n";
                if (i % 64 == 0) {
                    progress.report(i + 1, req.count, "generating shapes");
                    throwIfCancelled(progress);
                }
            }
        res.labelsCsv = (out / "labels.csv").string();
        writeFileAtomically(res.labelsCsv, labels);
    }
    writeFileAtomically(res.attributesCsv, attributes);
    res.images = req.count;
    return res;
}

}  // namespace

SyntheticResult runSynthetic(const SyntheticRequest& request, ProgressSink& progress) {
    return withContext("generating synthetic data", [&] { return generate(request, progress); });
}

}  // namespace mlens
