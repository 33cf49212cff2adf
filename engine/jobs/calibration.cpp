// The `calibrate-t` job (api/calibration.h): the minority score of a seeded subset at each candidate
// t against AvgkNN in the evaluation feature space (Um & Ye, App. D.6).
// Stages: validate -> choose the subset -> decode -> features + AvgkNN -> scores per t -> write.
#include <spdlog/spdlog.h>
#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "engine/api/calibration.h"
#include "engine/api/error.h"
#include "engine/api/request_json.h"
#include "engine/api/statistics.h"
#include "engine/core/atomic_file.h"
#include "engine/core/csv.h"
#include "engine/core/device.h"
#include "engine/core/file_hash.h"
#include "engine/io/image_loader.h"
#include "engine/io/plot.h"
#include "engine/io/png_text.h"
#include "engine/jobs/calibration_table.h"
#include "engine/jobs/class_ids.h"
#include "engine/metrics/feature_extractor.h"
#include "engine/metrics/outliers.h"
#include "engine/minority/minority_score.h"
#include "engine/models/backbone.h"

namespace fs = std::filesystem;

namespace mlens {

std::vector<int> defaultTCandidates(int diffusionSteps) {
    std::vector<int> out;
    const int last = std::max(1, diffusionSteps - 1);
    for (int t : {50, 100, 150, 250, 400, 600, 800}) {
        const int s = std::clamp(static_cast<int>(std::lround(t * diffusionSteps / 1000.0)), 1, last);
        if (out.empty() || out.back() != s) out.push_back(s);
    }
    return out;
}

std::vector<int> parseSteps(const std::string& text, int minimum, const std::string& what) {
    std::vector<int> out;
    std::stringstream in(text);
    std::string part;
    while (std::getline(in, part, ',')) {
        const auto b = part.find_first_not_of(" \t"), e = part.find_last_not_of(" \t");
        part = b == std::string::npos ? "" : part.substr(b, e - b + 1);
        if (part.empty())
            throw Error(ErrorCode::InvalidArgument, what + ": an empty entry in \"" + text + "\"");
        size_t used = 0;
        int v = 0;
        try {
            v = std::stoi(part, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != part.size() || v < minimum)
            throw Error(ErrorCode::InvalidArgument,
                        what + ": \"" + part + "\" is not a step of at least " + std::to_string(minimum));
        out.push_back(v);
    }
    if (out.empty()) throw Error(ErrorCode::InvalidArgument, what + ": none given");
    std::sort(out.begin(), out.end());
    for (size_t i = 1; i < out.size(); ++i)
        if (out[i] == out[i - 1])
            throw Error(ErrorCode::InvalidArgument,
                        what + ": t=" + std::to_string(out[i]) + " is listed twice");
    if (out.size() > 32) throw Error(ErrorCode::InvalidArgument, what + ": at most 32");
    return out;
}

std::vector<int> parseTCandidates(const std::string& text) {
    return parseSteps(text, 1, "t candidates");
}

nlohmann::json calibrationTableJson(const CalibrateTResult& r) {
    nlohmann::json table = nlohmann::json::array();
    for (const auto& c : r.candidates)
        table.push_back({{"t", c.t},
                         {"spearman", c.spearman},
                         {"lo", c.lo},
                         {"hi", c.hi},
                         {"tail", c.tail},
                         {"tail_lo", c.tailLo},
                         {"tail_hi", c.tailHi},
                         {"seconds", c.seconds}});
    return table;
}

namespace {

constexpr int kMinSubset = 10, kMaxSubset = 20000;
constexpr double kSubsetBytes = 2.0 * (1 << 30);

void validate(const CalibrateTRequest& r) {
    if (r.dataset.path.empty()) throw Error(ErrorCode::InvalidArgument, "a dataset is required");
    if (r.outDir.empty()) throw Error(ErrorCode::InvalidArgument, "an output folder is required");
    requireOutputFolder(r.outDir);
    requireOutsideDataset(r.outDir, r.dataset.path);
    if (r.batchSize < 1) throw Error(ErrorCode::InvalidArgument, "the batch size must be at least 1");
    if (r.score.draws < 1) throw Error(ErrorCode::InvalidArgument, "the number of draws must be at least 1");
    const CalibrationSettings& s = r.settings;
    if (s.subset < kMinSubset || s.subset > kMaxSubset)
        throw Error(ErrorCode::InvalidArgument,
                    "the calibration subset must hold " + std::to_string(kMinSubset) + " to " +
                        std::to_string(kMaxSubset) + " images, got " + std::to_string(s.subset));
    if (s.knnK < 1) throw Error(ErrorCode::InvalidArgument, "k must be at least 1");
    if (!(s.tailFraction > 0 && s.tailFraction <= 0.5))
        throw Error(ErrorCode::InvalidArgument, "the tail fraction must lie in (0, 0.5]");
    for (int t : s.candidates)
        if (t < 1) throw Error(ErrorCode::InvalidArgument, "t candidates must be at least 1");
}

// The `n` items with the smallest hash of (seed, name): deterministic, and adding images to a
// dataset replaces few of them. Listing order.
std::vector<size_t> chooseSubset(const DatasetListing& listing, int n, uint64_t seed) {
    std::vector<std::pair<uint64_t, size_t>> keyed;
    keyed.reserve(listing.items.size());
    for (size_t i = 0; i < listing.items.size(); ++i)
        keyed.emplace_back(minority::imageSeed(seed ^ 0x63616c6962726174ULL, listing.items[i].relativePath),
                           i);
    const size_t keep = std::min(keyed.size(), static_cast<size_t>(n));
    std::partial_sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(keep), keyed.end());
    std::vector<size_t> out;
    for (size_t i = 0; i < keep; ++i)
        out.push_back(keyed[i].second);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<double> toVector(const torch::Tensor& t) {
    const torch::Tensor c = t.to(torch::kCPU, torch::kFloat64).contiguous();
    return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

struct Decoded {
    std::vector<std::string> names;
    torch::Tensor images;  // [n, C, S, S]
    std::optional<torch::Tensor> labels;
    int64_t unreadable = 0;
};

Decoded decode(const DatasetReader& reader, const std::vector<size_t>& chosen,
               const models::Backbone& backbone, Fit fit, ProgressSink& progress) {
    const auto& cfg = backbone.config();
    const DatasetListing& listing = reader.listing();
    Decoded d;
    std::vector<torch::Tensor> xs;
    std::vector<int64_t> labels;
    for (size_t k = 0; k < chosen.size(); ++k) {
        throwIfCancelled(progress);
        const DatasetItem& item = listing.items[chosen[k]];
        const ItemImage img = reader.read(chosen[k]);
        if (!img.ok()) {
            spdlog::info("calibrate-t: skipping {}: {}", item.relativePath, img.error);
            ++d.unreadable;
            continue;
        }
        if (cfg.numClasses) {
            if (item.label < 0)
                throw Error(ErrorCode::InvalidArgument,
                            item.relativePath + " has no label for the class-conditional backbone");
            const int id = backboneClassId(listing, item.label);
            if (id < 0 || id >= *cfg.numClasses)
                throw Error(ErrorCode::InvalidArgument, "label " + std::to_string(id) +
                                                            " is outside the backbone's " +
                                                            std::to_string(*cfg.numClasses) + " classes");
            labels.push_back(id);
        }
        xs.push_back(io::admPreprocess(img.display, cfg.imageSize, cfg.inChannels, fit));
        d.names.push_back(item.relativePath);
    }
    if (!xs.empty()) d.images = torch::stack(xs);
    if (cfg.numClasses) d.labels = torch::tensor(labels, torch::kInt64);
    return d;
}

std::optional<CalibrateTResult> readEarlier(const fs::path& jsonPath, const std::string& key) {
    std::ifstream in(jsonPath);
    if (!in) return std::nullopt;
    try {
        const nlohmann::json j = nlohmann::json::parse(in);
        if (j.value("key", "") != key) return std::nullopt;
        CalibrateTResult r;
        r.recommended = j.at("recommended").get<int>();
        r.indistinguishable = j.at("indistinguishable").get<std::vector<int>>();
        r.tailSize = j.at("tail_size").get<int64_t>();
        r.items = j.at("items").get<std::vector<std::string>>();
        r.avgKnn = j.at("avgknn").get<std::vector<double>>();
        r.unreadable = j.at("unreadable").get<int64_t>();
        r.featureDescription = j.at("features").get<std::string>();
        for (const auto& row : j.at("table")) {
            TCandidateResult c;
            c.t = row.at("t").get<int>();
            c.spearman = row.at("spearman").get<double>();
            c.lo = row.at("lo").get<double>();
            c.hi = row.at("hi").get<double>();
            c.tail = row.at("tail").get<double>();
            c.tailLo = row.at("tail_lo").get<double>();
            c.tailHi = row.at("tail_hi").get<double>();
            c.seconds = row.at("seconds").get<double>();
            c.scores = j.at("scores").at(std::to_string(c.t)).get<std::vector<double>>();
            if (c.scores.size() != r.items.size()) return std::nullopt;
            r.candidates.push_back(std::move(c));
        }
        return r;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;  // damaged: computed again
    }
}

void writeOutputs(const CalibrateTRequest& req, const std::string& key, CalibrateTResult& r) {
    const fs::path out(req.outDir);
    std::string table = "t,spearman,lo,hi,tail,tail_lo,tail_hi,seconds\n", scores = "path,avgknn";
    char buf[200];
    for (const auto& c : r.candidates) {
        std::snprintf(buf, sizeof buf, "%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.2f\n", c.t, c.spearman, c.lo, c.hi,
                      c.tail, c.tailLo, c.tailHi, c.seconds);
        table += buf;
        scores += ",t" + std::to_string(c.t);
    }
    scores += "\n";
    for (size_t i = 0; i < r.items.size(); ++i) {
        std::snprintf(buf, sizeof buf, ",%.9g", r.avgKnn[i]);
        scores += csvField(r.items[i]) + buf;
        for (const auto& c : r.candidates) {
            std::snprintf(buf, sizeof buf, ",%.9g", c.scores[i]);
            scores += buf;
        }
        scores += "\n";
    }
    nlohmann::json j = {{"key", key},
                        {"request", nlohmann::json::parse(toJson(req))},
                        {"model_sha256", sha256File(req.backbone.checkpoint)},
                        {"features", r.featureDescription},
                        {"k", req.settings.knnK},
                        {"agreement", name(req.settings.agreement)},
                        {"tail_fraction", req.settings.tailFraction},
                        {"images", r.items.size()},
                        {"unreadable", r.unreadable},
                        {"recommended", r.recommended},
                        {"indistinguishable", r.indistinguishable},
                        {"tail_size", r.tailSize},
                        {"table", calibrationTableJson(r)},
                        {"items", r.items},
                        {"avgknn", r.avgKnn},
                        {"scores", nlohmann::json::object()}};
    for (const auto& c : r.candidates)
        j["scores"][std::to_string(c.t)] = c.scores;
    r.csvPath = (out / "calibration.csv").string();
    r.scoresCsvPath = (out / "calibration_scores.csv").string();
    r.jsonPath = (out / "calibration.json").string();
    r.plotPath = (out / "calibration.png").string();
    writeFileAtomically(r.csvPath, table);
    writeFileAtomically(r.scoresCsvPath, scores);
    const std::string k = std::to_string(req.settings.knnK);
    char tailName[96];
    std::snprintf(tailName, sizeof tailName, "shared top %.0f%% with AvgkNN k=%s",
                  100 * req.settings.tailFraction, k.c_str());
    io::LineSeries line{"Spearman with AvgkNN k=" + k, {}, {}, {}, io::seriesColor(1)};
    io::LineSeries tail{tailName, {}, {}, {}, io::seriesColor(2)};
    std::vector<double> xs;
    for (const auto& c : r.candidates) {
        xs.push_back(c.t);
        line.ys.push_back(c.spearman);
        line.lo.push_back(c.lo);
        line.hi.push_back(c.hi);
        tail.ys.push_back(c.tail);
        tail.lo.push_back(c.tailLo);
        tail.hi.push_back(c.tailHi);
    }
    io::writePng(r.plotPath,
                 io::linePlot("agreement with AvgkNN, " + std::to_string(r.items.size()) + " images - " +
                                  r.featureDescription,
                              "t (original step)", "agreement", xs, {line, tail}, r.recommended),
                 {{"minoritylens", j["table"].dump()}});
    writeFileAtomically(r.jsonPath, j.dump(1));  // last: its presence means the rest is complete
}

CalibrateTResult calibrate(const CalibrateTRequest& request, ProgressSink& progress) {
    validate(request);
    const torch::Device device = selectDevice(request.device);
    const models::Backbone backbone = models::loadBackbone(request.backbone, device);
    CalibrateTRequest req = request;
    req.score.t = -1;
    req.score.tIndex = -1;
    req.score.respacing.clear();
    if (req.settings.candidates.empty())
        req.settings.candidates = defaultTCandidates(backbone.diffusionSteps);
    std::sort(req.settings.candidates.begin(), req.settings.candidates.end());
    for (int t : req.settings.candidates)
        if (t >= backbone.diffusionSteps)
            throw Error(ErrorCode::InvalidArgument,
                        "t candidate " + std::to_string(t) + " is not below the " +
                            std::to_string(backbone.diffusionSteps) + " steps of the backbone's process");

    // The subset is held decoded at the model's size while every candidate scores it: bounded.
    const auto& cfg = backbone.config();
    const double perImage = 4.0 * cfg.inChannels * cfg.imageSize * cfg.imageSize;
    const auto fits = static_cast<int64_t>(kSubsetBytes / perImage);
    if (req.settings.subset > fits)
        throw Error(ErrorCode::InvalidArgument,
                    "a calibration subset of " + std::to_string(req.settings.subset) + " images at " +
                        std::to_string(cfg.imageSize) + " px needs more than 2 GiB; at most " +
                        std::to_string(fits) + " fit");
    const DatasetReader reader(scanDataset(req.dataset));
    const DatasetListing& listing = reader.listing();
    if (listing.items.empty())
        throw Error(ErrorCode::InvalidArgument, "no images found in " + req.dataset.path);
    if (backbone.config().numClasses && listing.labelNames.empty())
        throw Error(ErrorCode::InvalidArgument,
                    "the backbone is class-conditional: the dataset needs labels");
    const std::vector<size_t> chosen = chooseSubset(listing, req.settings.subset, req.settings.subsetSeed);

    // What a stored calibration must match: the request but where it runs, the model's content and
    // the chosen images' identities.
    CalibrateTRequest keyed = req;
    keyed.outDir.clear();
    keyed.device.clear();
    keyed.backbone.checkpoint.clear();
    keyed.dataset.path.clear();
    nlohmann::json keyJson = {{"request", nlohmann::json::parse(toJson(keyed))},
                              {"model", sha256File(req.backbone.checkpoint)},
                              {"items", nlohmann::json::array()}};
    for (size_t i : chosen) {
        const DatasetItem& it = listing.items[i];
        keyJson["items"].push_back({it.relativePath, it.size, it.mtimeNs});
    }
    const std::string key = sha256Hex(keyJson.dump());
    if (auto earlier = readEarlier(fs::path(req.outDir) / "calibration.json", key)) {
        const fs::path out(req.outDir);
        earlier->csvPath = (out / "calibration.csv").string();
        earlier->scoresCsvPath = (out / "calibration_scores.csv").string();
        earlier->jsonPath = (out / "calibration.json").string();
        earlier->plotPath = (out / "calibration.png").string();
        earlier->reused = true;
        spdlog::info("calibrate-t: reusing {} (t = {})", earlier->jsonPath, earlier->recommended);
        return *earlier;
    }
    spdlog::info("calibrate-t: {}", toJson(req));

    torch::InferenceMode inference;
    const Decoded d = decode(reader, chosen, backbone, req.dataset.fit, progress);
    const auto n = static_cast<int64_t>(d.names.size());
    if (n < req.settings.knnK + 2)
        throw Error(ErrorCode::InvalidArgument, "calibration needs at least " +
                                                    std::to_string(req.settings.knnK + 2) +
                                                    " readable images, found " + std::to_string(n));
    const int64_t total = n * static_cast<int64_t>(1 + req.settings.candidates.size());
    CalibrateTResult res;
    res.items = d.names;
    res.unreadable = d.unreadable;

    metrics::FeatureExtractor extractor(req.settings.features, device);
    res.featureDescription = extractor.description();
    std::vector<torch::Tensor> parts;
    for (int64_t b = 0; b < n; b += req.batchSize) {
        throwIfCancelled(progress);
        const int64_t m = std::min<int64_t>(req.batchSize, n - b);
        parts.push_back(extractor.features(d.images.narrow(0, b, m).to(device)));
        progress.report(b + m, total, "calibrating t: features");
    }
    const metrics::RealReference ref(torch::cat(parts, 0), req.settings.knnK);
    res.avgKnn = toVector(ref.avgKnn(req.settings.knnK));

    std::vector<uint64_t> seeds;
    for (const auto& name : d.names)
        seeds.push_back(minority::imageSeed(req.score.seed, name));
    int64_t done = n;
    for (int t : req.settings.candidates) {
        const auto start = std::chrono::steady_clock::now();
        MinorityScoreParams p = req.score;
        p.t = t;
        minority::BackboneScorer scorer(backbone, p, device);
        TCandidateResult c;
        c.t = t;
        for (int64_t b = 0; b < n; b += req.batchSize) {
            throwIfCancelled(progress);
            const int64_t m = std::min<int64_t>(req.batchSize, n - b);
            std::optional<torch::Tensor> y;
            if (d.labels) y = d.labels->narrow(0, b, m).to(device);
            const std::vector<uint64_t> s(seeds.begin() + b, seeds.begin() + b + m);
            for (double v :
                 toVector(scorer.score(d.images.narrow(0, b, m).to(device), s, false, y).distances.mean(1)))
                c.scores.push_back(v);
            done += m;
            progress.report(done, total, "calibrating t: minority score at t=" + std::to_string(t));
        }
        c.spearman = spearman(c.scores, res.avgKnn);
        std::tie(c.lo, c.hi) = bootstrapInterval(n, [&](const std::vector<int64_t>& idx) {
            std::vector<double> a, b;
            for (int64_t i : idx) {
                a.push_back(c.scores[static_cast<size_t>(i)]);
                b.push_back(res.avgKnn[static_cast<size_t>(i)]);
            }
            return spearman(a, b);
        });
        const double fraction = req.settings.tailFraction;
        c.tail = tailOverlap(c.scores, res.avgKnn, fraction);
        std::tie(c.tailLo, c.tailHi) = bootstrapInterval(n, [&](const std::vector<int64_t>& idx) {
            std::vector<double> a, b;
            for (int64_t i : idx) {
                a.push_back(c.scores[static_cast<size_t>(i)]);
                b.push_back(res.avgKnn[static_cast<size_t>(i)]);
            }
            return tailOverlap(a, b, fraction);
        });
        c.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        spdlog::info("calibrate-t: t = {}: Spearman {:.3f} [{:.3f}, {:.3f}], tail {:.3f}", t, c.spearman,
                     c.lo, c.hi, c.tail);
        res.candidates.push_back(std::move(c));
    }
    auto agreement = [&](const TCandidateResult& c) {
        return req.settings.agreement == TAgreement::Tail ? c.tail : c.spearman;
    };
    const TCandidateResult* best = &res.candidates.front();
    for (const auto& c : res.candidates)
        if (agreement(c) > agreement(*best)) best = &c;
    res.recommended = best->t;
    const double lo = req.settings.agreement == TAgreement::Tail ? best->tailLo : best->lo;
    const double hi = req.settings.agreement == TAgreement::Tail ? best->tailHi : best->hi;
    for (const auto& c : res.candidates)
        if (c.t != best->t && agreement(c) >= lo && agreement(c) <= hi) res.indistinguishable.push_back(c.t);
    res.tailSize = std::max<int64_t>(1, std::lround(req.settings.tailFraction * static_cast<double>(n)));
    std::error_code ec;
    fs::create_directories(req.outDir, ec);
    if (ec) throw Error(ErrorCode::Io, "cannot create " + req.outDir + ": " + ec.message());
    writeOutputs(req, key, res);
    return res;
}

}  // namespace

CalibrateTResult runCalibrateT(const CalibrateTRequest& request, ProgressSink& progress) {
    return withContext("calibrating t on " + request.dataset.path,
                       [&] { return calibrate(request, progress); });
}

}  // namespace mlens
