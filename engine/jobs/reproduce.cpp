// `sample --from-png` (api/sampling.h, reproduceSamplePng): the request a sample PNG records, its
// checkpoints checked against the recorded SHA-256s, its batch resampled and the image compared.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <opencv2/core.hpp>

#include "engine/api/error.h"
#include "engine/api/request_json.h"
#include "engine/api/runtime.h"
#include "engine/api/sampling.h"
#include "engine/core/file_hash.h"
#include "engine/io/image_decode.h"
#include "engine/io/png_text.h"

namespace mlens {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

json recordedParameters(const std::string& png) {
    for (const auto& [key, value] : io::readPngTextFile(png)) {
        if (key != "minoritylens") continue;
        try {
            json p = json::parse(value);
            if (p.is_object() && p.contains("index") && p.contains("backbone")) return p;
        } catch (const json::exception&) {
        }
        break;
    }
    throw Error(ErrorCode::Format,
                png + " records no sample parameters (not a sample PNG written by MinorityLens)");
}

// The file at `path` must hash to what the PNG recorded for it.
void checkHash(const std::string& what, const std::string& path, const json& recorded) {
    if (path.empty()) return;
    if (!recorded.is_string())
        throw Error(ErrorCode::Unsupported,
                    "the PNG records no SHA-256 of its " + what + " (made by an older MinorityLens)");
    const std::string now = sha256File(path);
    if (now != recorded.get<std::string>())
        throw Error(ErrorCode::InvalidArgument,
                    "the " + what + " " + path + " has changed since the image was made (SHA-256 " +
                        now.substr(0, 12) + ", recorded " + recorded.get<std::string>().substr(0, 12) + ")");
}

json at(const json& p, const char* a, const char* b) {
    return p.contains(a) && p[a].contains(b) ? p[a][b] : json();
}

}  // namespace

ReproduceResult reproduceSamplePng(const ReproduceRequest& request, ProgressSink& progress) {
    return withContext("reproducing " + request.png, [&] {
        const json p = recordedParameters(request.png);
        ReproduceResult r;
        SampleRequest& req = r.request;
        try {
            req = fromJson<SampleRequest>(p.dump());
            r.index = p.at("index").get<int64_t>();
            r.set = p.value("set", std::string("guided"));
            r.recordedCommit = p.value("minoritylens_commit", std::string());
        } catch (const json::exception& e) {
            throw Error(ErrorCode::Format, std::string("bad sample parameters: ") + e.what());
        }
        if (!req.replayNoise.empty())
            throw Error(
                ErrorCode::Unsupported,
                "the image was sampled from recorded noise; rerun sample --replay-noise " + req.replayNoise);
        if (r.index < 0 || r.index >= req.numSamples || req.batchSize < 1)
            throw Error(ErrorCode::Format, "bad sample parameters: index " + std::to_string(r.index) +
                                               " of " + std::to_string(req.numSamples));
        checkHash("backbone", req.backbone.checkpoint, at(p, "backbone", "sha256"));
        const GuidanceSpec& g = req.guidance;
        if (r.set == "baseline") {
            req.guidance = GuidanceSpec{};
        } else {
            checkHash("classifier", g.classifier, at(p, "guidance", "sha256"));
            checkHash("hardness model", g.sehwag, at(p, "guidance", "sehwag_sha256"));
            checkHash("discriminator", g.discriminator, at(p, "guidance", "discriminator_sha256"));
        }
        // The image's batch exactly as it was sampled: sample i draws from seed + i.
        const int64_t first = r.index / req.batchSize * req.batchSize;
        req.seed += static_cast<uint64_t>(first);
        req.numSamples = static_cast<int>(std::min<int64_t>(req.batchSize, req.numSamples - first));
        req.withBaseline = false;
        req.outDir.clear();
        req.previewEvery = 0;
        if (!request.device.empty()) req.device = request.device;

        fs::path target;
        if (!request.outDir.empty()) {
            target = fs::path(request.outDir) / fs::path(request.png).filename();
            std::error_code ec;
            if (fs::equivalent(target, request.png, ec))
                throw Error(ErrorCode::InvalidArgument, "--out would overwrite the original image");
        }
        io::DecodedImage original = io::decodeImageFile(request.png);
        if (!original.ok()) throw Error(ErrorCode::Format, original.error);
        r.original = original.image;

        const SampleResult res = runSample(req, progress);
        r.device = res.device;
        r.regenerated = res.guided.images.at(static_cast<size_t>(r.index - first));
        if (r.original.size() == r.regenerated.size() && r.original.type() == r.regenerated.type()) {
            cv::Mat diff;
            cv::absdiff(r.original, r.regenerated, diff);
            diff = diff.reshape(1);
            r.differingValues = cv::countNonZero(diff);
            double maxValue = 0;
            cv::minMaxLoc(diff, nullptr, &maxValue);
            r.maxDifference = static_cast<int>(maxValue);
        } else {
            r.differingValues = static_cast<int64_t>(r.regenerated.total()) * r.regenerated.channels();
            r.maxDifference = 255;
        }
        if (!target.empty()) {
            std::error_code ec;
            fs::create_directories(request.outDir, ec);
            if (ec) throw Error(ErrorCode::Io, "cannot create " + request.outDir + ": " + ec.message());
            r.path = target.string();
            io::writePng(r.path, r.regenerated, io::readPngTextFile(request.png));
        }
        return r;
    });
}

}  // namespace mlens
