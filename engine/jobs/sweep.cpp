// The classes x scales sweep: spec parsing, the distinct runs, sampling them, the grid PNG.
#include "engine/api/sweep.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>

#include "engine/api/dataset.h"
#include "engine/api/error.h"
#include "engine/io/contact_sheet.h"
#include "engine/io/npy.h"
#include "engine/io/png_text.h"

namespace mlens {

namespace {

constexpr int kMaxPerCell = 16;
constexpr size_t kMaxCells = 256;

[[noreturn]] void bad(const std::string& what) {
    throw Error(ErrorCode::InvalidArgument, "sweep: " + what);
}

std::string trim(const std::string& s) {
    const size_t a = s.find_first_not_of(" \t");
    if (a == std::string::npos) return {};
    return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

template <class T>
T number(const std::string& key, const std::string& token) {
    T v{};
    const char* end = token.data() + token.size();
    const auto [ptr, ec] = std::from_chars(token.data(), end, v);
    if (token.empty() || ec != std::errc() || ptr != end) bad(key + " takes numbers, got '" + token + "'");
    return v;
}

std::string scaleText(double w) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", w);
    return buf;
}

}  // namespace

SweepSpec defaultSweep(int numClasses, double scale) {
    SweepSpec s;
    const int top = std::max(0, numClasses - 1);
    for (int k = 0; k < 5; ++k) {
        const int c = static_cast<int>(std::lround(k * top / 4.0));
        if (std::find(s.classes.begin(), s.classes.end(), c) == s.classes.end()) s.classes.push_back(c);
    }
    s.scales = {0.0, scale / 2, scale, scale * 2};
    return s;
}

void validateSweepSpec(const SweepSpec& s, int numClasses) {
    if (s.classes.empty() || s.scales.empty()) bad("both classes=... and scales=... are needed");
    for (size_t i = 0; i < s.classes.size(); ++i) {
        const int c = s.classes[i];
        const std::string t = std::to_string(c);
        if (c < 0) bad("classes must be >= 0, got " + t);
        if (numClasses > 0 && c >= numClasses)
            bad("class " + t + " is out of range: the classifier has " + std::to_string(numClasses) +
                " classes (0.." + std::to_string(numClasses - 1) + ")");
        if (std::find(s.classes.begin(), s.classes.begin() + static_cast<long>(i), c) !=
            s.classes.begin() + static_cast<long>(i))
            bad("class " + t + " is repeated");
    }
    for (size_t i = 0; i < s.scales.size(); ++i) {
        const double w = s.scales[i];
        if (!std::isfinite(w) || w < 0 || w > 1e4)
            bad("scales must be finite, 0..10000, got " + scaleText(w));
        if (std::find(s.scales.begin(), s.scales.begin() + static_cast<long>(i), w) !=
            s.scales.begin() + static_cast<long>(i))
            bad("scale " + scaleText(w) + " is repeated");
    }
    if (s.perCell < 1 || s.perCell > kMaxPerCell)
        bad("per-cell must be 1.." + std::to_string(kMaxPerCell) + ", got " + std::to_string(s.perCell));
    if (s.classes.size() * s.scales.size() > kMaxCells)
        bad(std::to_string(s.classes.size() * s.scales.size()) + " cells; at most " +
            std::to_string(kMaxCells));
}

SweepSpec parseSweepSpec(const std::string& text, int numClasses) {
    SweepSpec s;
    std::map<std::string, std::vector<std::string>> values;
    std::string key;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        std::string token = trim(text.substr(start, comma - start));
        start = comma + 1;
        const size_t eq = token.find('=');
        if (eq != std::string::npos) {
            key = trim(token.substr(0, eq));
            if (key != "classes" && key != "scales" && key != "per-cell")
                bad("unknown key '" + key + "' (classes, scales, per-cell)");
            if (values.count(key)) bad(key + " is given twice");
            values[key];
            token = trim(token.substr(eq + 1));
        } else if (key.empty()) {
            bad("expected classes=..., scales=... [, per-cell=N], got '" + text + "'");
        }
        if (token.empty()) bad("an empty value in '" + text + "'");
        values[key].push_back(token);
    }
    if (!values.count("classes") || !values.count("scales"))
        bad("both classes=... and scales=... are needed");
    for (const auto& t : values["classes"])
        s.classes.push_back(number<int>("classes", t));
    for (const auto& t : values["scales"])
        s.scales.push_back(number<double>("scales", t));
    if (values.count("per-cell")) {
        if (values["per-cell"].size() != 1) bad("per-cell takes one number");
        s.perCell = number<int>("per-cell", values["per-cell"].front());
    }
    validateSweepSpec(s, numClasses);
    return s;
}

std::string formatSweepSpec(const SweepSpec& spec) {
    std::string out = "classes=";
    for (size_t i = 0; i < spec.classes.size(); ++i)
        out += (i ? "," : "") + std::to_string(spec.classes[i]);
    out += ",scales=";
    for (size_t i = 0; i < spec.scales.size(); ++i)
        out += (i ? "," : "") + scaleText(spec.scales[i]);
    if (spec.perCell != 1) out += ",per-cell=" + std::to_string(spec.perCell);
    return out;
}

std::vector<SweepRun> sweepRuns(const SweepSpec& spec) {
    std::vector<SweepRun> runs;
    const int cols = static_cast<int>(spec.classes.size());
    for (int r = 0; r < static_cast<int>(spec.scales.size()); ++r) {
        const double w = spec.scales[static_cast<size_t>(r)];
        if (w == 0.0 && cols > 0) {
            SweepRun run{spec.classes.front(), 0.0, {}};
            for (int c = 0; c < cols; ++c)
                run.cells.push_back(r * cols + c);
            runs.push_back(run);
            continue;
        }
        for (int c = 0; c < cols; ++c)
            runs.push_back({spec.classes[static_cast<size_t>(c)], w, {r * cols + c}});
    }
    return runs;
}

namespace {
// One progress over the sweep: step s of S in run k of K is reported as k * S + s of K * S.
class RunProgress final : public ProgressSink {
public:
    RunProgress(ProgressSink& outer, int64_t run, int64_t runs) : m_outer(outer), m_run(run), m_runs(runs) {}
    void report(int64_t done, int64_t total, const std::string&) override {
        m_outer.report(m_run * total + done, m_runs * total,
                       "sweep " + std::to_string(m_run + 1) + "/" + std::to_string(m_runs));
    }
    bool cancelRequested() const override { return m_outer.cancelRequested(); }

private:
    ProgressSink& m_outer;
    int64_t m_run, m_runs;
};
}  // namespace

SweepResult runSweep(SamplingSession& session, const SampleRequest& base, const SweepSpec& spec,
                     ProgressSink& progress,
                     const std::function<void(int, const std::vector<cv::Mat>&)>& onCell) {
    if (spec.classes.empty() || spec.scales.empty()) bad("no cells");
    if (spec.perCell < 1 || spec.perCell > kMaxPerCell)
        bad("per-cell must be 1.." + std::to_string(kMaxPerCell));
    if (base.guidance.classifier.empty()) bad("a minority classifier is needed");
    SampleRequest r = base;
    r.numSamples = spec.perCell;
    r.withBaseline = false;
    r.outDir.clear();  // the cells are returned; writeSweep writes them
    r.guidance.mixtureWeights.clear();
    r.guidance.targetClass = spec.classes.front();
    const int numClasses = session.classifierClasses(r);
    validateSweepSpec(spec, numClasses);  // the classifier's classes, before any run

    SweepResult res;
    res.spec = spec;
    res.images.resize(spec.classes.size() * spec.scales.size() * static_cast<size_t>(spec.perCell));
    const std::vector<SweepRun> runs = sweepRuns(spec);
    res.runs = static_cast<int>(runs.size());
    nlohmann::json params;
    for (size_t k = 0; k < runs.size(); ++k) {
        r.guidance.targetClass = runs[k].targetClass;
        r.guidance.scale = runs[k].scale;
        RunProgress runProgress(progress, static_cast<int64_t>(k), res.runs);
        const SampleResult out = session.run(r, runProgress);
        if (params.is_null()) params = nlohmann::json::parse(out.guided.parameters);
        for (int cell : runs[k].cells) {
            for (int i = 0; i < spec.perCell; ++i)
                res.images[static_cast<size_t>(cell * spec.perCell + i)] =
                    out.guided.images[static_cast<size_t>(i)];
            if (onCell) onCell(cell, out.guided.images);
        }
    }
    if (params.contains("guidance")) {
        params["guidance"].erase("target_class");
        params["guidance"].erase("scale");
    }
    params["num_samples"] = spec.perCell;
    params["sweep"] = {{"classes", spec.classes},
                       {"scales", spec.scales},
                       {"per_cell", spec.perCell},
                       {"spec", formatSweepSpec(spec)},
                       {"runs", res.runs}};
    res.parameters = params.dump();
    return res;
}

void writeSweepGrid(const SweepResult& result, const std::string& path) {
    const SweepSpec& s = result.spec;
    const int cols = static_cast<int>(s.classes.size()), rows = static_cast<int>(s.scales.size());
    if (cols == 0 || rows == 0 || result.images.size() != static_cast<size_t>(cols * rows * s.perCell))
        bad("the sweep has no complete grid to write");
    // One contact sheet per row (the cells' samples side by side), a label column on the left.
    const int tile = 64, labelW = 76;
    std::vector<io::Tile> tiles;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            for (int k = 0; k < s.perCell; ++k)
                tiles.push_back(
                    {result.images[static_cast<size_t>((r * cols + c) * s.perCell + k)],
                     r == 0 && k == 0 ? "class " + std::to_string(s.classes[static_cast<size_t>(c)]) : "",
                     cv::Scalar(-1)});
    uint64_t seed = 0;
    std::string steps;
    try {
        const auto p = nlohmann::json::parse(result.parameters);
        seed = p.value("seed", uint64_t{0});
        steps = p.value("respacing", std::string());
    } catch (const nlohmann::json::exception&) {
    }
    const std::string title = "minority guidance sweep: seed " + std::to_string(seed) +
                              (steps.empty() ? "" : ", steps " + steps) + ", " + std::to_string(s.perCell) +
                              " per cell";
    const cv::Mat sheet = io::contactSheet(title, tiles, cols * s.perCell, tile);
    cv::Mat out(sheet.rows, sheet.cols + labelW, CV_8UC3, cv::Scalar(255, 255, 255));
    sheet.copyTo(out(cv::Rect(labelW, 0, sheet.cols, sheet.rows)));
    // contactSheet's layout: title 36, pad 6, caption 18 (the first row's class labels).
    const int pad = 6, cellH = tile + pad + 18;
    for (int r = 0; r < rows; ++r)
        cv::putText(out, "w=" + scaleText(s.scales[static_cast<size_t>(r)]),
                    {6, 36 + pad + r * cellH + tile / 2 + 5}, cv::FONT_HERSHEY_SIMPLEX, 0.45,
                    cv::Scalar(20, 20, 20), 1, cv::LINE_AA);
    try {
        io::writePng(path, out, {{"Software", "MinorityLens"}, {"minoritylens", result.parameters}});
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw Error(ErrorCode::Io, "cannot write " + path + ": " + e.what());
    }
}

std::vector<std::string> writeSweep(const SweepResult& result, const std::string& outDir) {
    namespace fs = std::filesystem;
    requireOutputFolder(outDir);
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (ec) throw Error(ErrorCode::Io, "cannot create " + outDir + ": " + ec.message());
    const std::string png = (fs::path(outDir) / "sweep.png").string();
    const std::string npz = (fs::path(outDir) / "sweep.npz").string();
    writeSweepGrid(result, png);
    const SweepSpec& s = result.spec;
    const cv::Mat& first = result.images.front();
    const int64_t n = static_cast<int64_t>(result.images.size());
    io::NpyArray images{"arr_0", io::DType::UInt8, {n, first.rows, first.cols, first.channels()}, {}};
    std::vector<int64_t> classes;
    std::vector<double> scales;
    for (size_t i = 0; i < result.images.size(); ++i) {
        const cv::Mat& img = result.images[i];
        if (img.size() != first.size() || img.type() != first.type() || img.depth() != CV_8U)
            bad("the sweep's samples differ in size or type");
        cv::Mat rgb;
        if (img.channels() == 3)
            cv::cvtColor(img, rgb, cv::COLOR_BGR2RGB);
        else
            rgb = img.clone();
        images.data.insert(images.data.end(), rgb.data, rgb.data + rgb.total() * rgb.elemSize());
        const size_t cell = i / static_cast<size_t>(s.perCell);
        const double w = s.scales[cell / s.classes.size()];
        scales.push_back(w);
        classes.push_back(w == 0.0 ? -1 : s.classes[cell % s.classes.size()]);
    }
    auto bytes = [](const auto& v) {
        std::vector<uint8_t> out(v.size() * sizeof(v[0]));
        std::memcpy(out.data(), v.data(), out.size());
        return out;
    };
    io::writeNpz(npz, {images,
                       {"arr_1", io::DType::Int64, {n}, bytes(classes)},
                       {"arr_2", io::DType::Float64, {n}, bytes(scales)}});
    return {png, npz};
}

}  // namespace mlens
