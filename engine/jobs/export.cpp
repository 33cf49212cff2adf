// The ranked-gallery export (api/export.h). Stages: select -> write images and manifest into a
// staging folder -> contact sheet -> HTML -> key file -> rename into place.
#include "engine/api/export.h"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>
#include <set>

#include "engine/api/annotations.h"
#include "engine/api/dataset.h"
#include "engine/api/error.h"
#include "engine/api/workspace.h"
#include "engine/core/atomic_file.h"
#include "engine/core/csv.h"
#include "engine/core/staging_folder.h"
#include "engine/io/contact_sheet.h"
#include "engine/io/png_text.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

struct Chosen {
    const ImageRecord* record;
    Annotation annotation;
};

std::string tagText(uint32_t tags) {
    std::string s;
    for (const auto& [bit, name] :
         {std::pair<uint32_t, const char*>{1, "rare"}, {2, "artifact"}, {4, "review"}})
        if (tags & bit) s += (s.empty() ? "" : ";") + std::string(name);
    return s;
}

std::string base64(const std::vector<uint8_t>& in) {
    static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (size_t i = 0; i < in.size(); i += 3) {
        const uint32_t n = (uint32_t{in[i]} << 16) | (i + 1 < in.size() ? uint32_t{in[i + 1]} << 8 : 0) |
                           (i + 2 < in.size() ? in[i + 2] : 0);
        out += t[(n >> 18) & 63];
        out += t[(n >> 12) & 63];
        out += i + 1 < in.size() ? t[(n >> 6) & 63] : '=';
        out += i + 2 < in.size() ? t[n & 63] : '=';
    }
    return out;
}

std::string htmlEscape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

bool inside(const fs::path& inner, const fs::path& outer) {
    std::error_code ec;
    const fs::path a = fs::weakly_canonical(fs::absolute(inner), ec),
                   b = fs::weakly_canonical(fs::absolute(outer), ec);
    auto ai = a.begin();
    for (auto bi = b.begin(); bi != b.end(); ++bi, ++ai)
        if (ai == a.end() || *ai != *bi) return false;
    return true;
}

// Unscored images (a workspace that holds only a dataset and its annotations) pass only when the
// filter sets no score bound.
bool passes(const ExportFilter& f, const ImageRecord& r, const Annotation& a) {
    if (std::isnan(r.score)) {
        if (std::isfinite(f.minScore) || std::isfinite(f.maxScore)) return false;
    } else if (r.score < f.minScore || r.score > f.maxScore) {
        return false;
    }
    if (!f.classes.empty() && std::find(f.classes.begin(), f.classes.end(), r.cls) == f.classes.end())
        return false;
    if (f.tags && !(a.tags & f.tags)) return false;
    return f.pathContains.empty() || r.path.find(f.pathContains) != std::string::npos;
}

std::vector<Chosen> choose(const ExportRequest& req, const WorkspaceData& ws,
                           const std::map<std::string, Annotation>& notes) {
    auto annotationOf = [&](const std::string& item) {
        auto it = notes.find(item);
        return it == notes.end() ? Annotation{} : it->second;
    };
    std::vector<Chosen> out;
    if (!req.items.empty()) {
        std::map<std::string, const ImageRecord*> byPath;
        for (const ImageRecord& r : ws.records)
            byPath[r.path] = &r;
        for (const std::string& item : req.items) {
            auto it = byPath.find(item);
            if (it == byPath.end())
                throw Error(ErrorCode::NotFound, "the image " + item + " is not in the workspace");
            out.push_back({it->second, annotationOf(item)});
        }
    } else {
        for (const ImageRecord& r : ws.records)
            if (passes(req.filter, r, annotationOf(r.path))) out.push_back({&r, annotationOf(r.path)});
        std::stable_sort(out.begin(), out.end(),
                         [](const Chosen& a, const Chosen& b) {  // unscored last, in dataset order
                             const double x = a.record->score, y = b.record->score;
                             return std::isnan(y) ? !std::isnan(x) : !std::isnan(x) && x > y;
                         });
    }
    if (req.topK > 0 && out.size() > static_cast<size_t>(req.topK)) out.resize(static_cast<size_t>(req.topK));
    return out;
}

std::string pseudonym(std::mt19937_64& rng, std::set<std::string>& used) {
    for (;;) {
        char buf[24];
        std::snprintf(buf, sizeof buf, "ML%010llx", static_cast<unsigned long long>(rng() & 0xffffffffffULL));
        if (used.insert(buf).second) return buf;
    }
}

struct Entry {
    cv::Mat thumb;  // 8-bit
    std::string file, caption, score, cls, label;
};

ExportResult exportGallery(const ExportRequest& req, ProgressSink& progress) {
    if (req.workspace.empty() || req.outDir.empty())
        throw Error(ErrorCode::InvalidArgument, "a workspace and an output folder are required");
    if (req.topK < 0) throw Error(ErrorCode::InvalidArgument, "top-k must be 0 (all) or more");
    requireOutputFolder(req.outDir);
    if (!req.keyFile.empty() && !req.deidentify)
        throw Error(ErrorCode::InvalidArgument, "a key file goes with a de-identified export");
    if (!req.keyFile.empty() && inside(req.keyFile, req.outDir))
        throw Error(ErrorCode::InvalidArgument,
                    "the key file must not lie inside the export (it links pseudonyms to the sources)");
    const bool scored = fs::exists(fs::path(req.workspace) / "scores.json");
    if (!scored && req.dataset.path.empty())
        throw Error(ErrorCode::NotFound, req.workspace + " is not a scored workspace");
    const WorkspaceData ws = scored ? loadWorkspace(req.workspace) : datasetOnly(req.dataset);
    if (!ws.dataset.path.empty()) {
        requireOutsideDataset(req.outDir, ws.dataset.path);
        if (!req.keyFile.empty())
            requireOutsideDataset(fs::absolute(req.keyFile).parent_path().string(), ws.dataset.path);
    }
    std::map<std::string, Annotation> notes;
    if (fs::exists(fs::path(req.workspace) / "annotations.sqlite"))
        notes = AnnotationStore(req.workspace).annotations();
    const std::vector<Chosen> chosen = choose(req, ws, notes);
    if (chosen.empty())
        throw Error(ErrorCode::InvalidArgument,
                    "no image to export (nothing scored, or the filter keeps none)");

    StagingFolder out(req.outDir);
    const fs::path dir(out.path());
    ExportResult res;
    std::mt19937_64 rng(std::random_device{}());
    std::set<std::string> used, identifying;
    std::string manifest = req.deidentify ? std::string("rank,file,pseudonym,score,class,tags") +
                                                (req.includeNotes ? ",note" : "") + "\n"
                                          : "rank,file,score,class,tags,note,source\n";
    std::string key = "pseudonym,image\n";
    std::vector<Entry> entries;
    int rank = 0;
    for (const Chosen& c : chosen) {
        throwIfCancelled(progress);
        ++rank;
        const ImageRecord& r = *c.record;
        const ItemImage img = readRecordImage(ws, r.id);
        if (!img.ok()) {
            res.skipped.push_back(r.path + ": " + img.error);
            continue;
        }
        identifying.insert(img.identifyingFields.begin(), img.identifyingFields.end());
        char score[32] = "", prefix[16];
        if (!std::isnan(r.score)) std::snprintf(score, sizeof score, "%.6g", r.score);
        std::snprintf(prefix, sizeof prefix, "%04d", rank);
        const std::string name = req.deidentify ? pseudonym(rng, used) : std::string();
        const std::string suffix = req.deidentify ? name : std::string(score);
        const std::string file = std::string(prefix) + (suffix.empty() ? "" : "_" + suffix) + ".png";
        const std::string cls = r.cls >= 0 ? std::to_string(r.cls) : "";
        if (req.images) {
            // 8- and 16-bit images as stored; physical values (NIfTI, DICOM) as shown. No text chunks.
            cv::Mat pixels = img.pixels.depth() == CV_32F ? img.display : img.pixels;
            if (pixels.channels() == 4) cv::cvtColor(pixels, pixels, cv::COLOR_BGRA2BGR);
            io::writePng((dir / file).string(), pixels);
            res.files.push_back((fs::path(req.outDir) / file).string());
        }
        if (req.deidentify) {
            manifest += std::to_string(rank) + "," + file + "," + name + "," + score + "," + cls + "," +
                        tagText(c.annotation.tags) +
                        (req.includeNotes ? "," + csvField(c.annotation.note) : "") + "\n";
            key += name + "," + csvField(r.path) + "\n";
        } else {
            manifest += std::to_string(rank) + "," + csvField(file) + "," + score + "," + cls + "," +
                        tagText(c.annotation.tags) + "," + csvField(c.annotation.note) + "," +
                        csvField(r.path) + "\n";
        }
        cv::Mat thumb = img.display;
        const double s = static_cast<double>(req.sheetTile) / std::max(thumb.cols, thumb.rows);
        cv::resize(thumb, thumb,
                   cv::Size(std::max(1, static_cast<int>(thumb.cols * s)),
                            std::max(1, static_cast<int>(thumb.rows * s))),
                   0, 0, s < 1 ? cv::INTER_AREA : cv::INTER_NEAREST);
        entries.push_back({thumb, file, "#" + std::to_string(rank) + " " + std::string(score).substr(0, 7),
                           score, cls, req.deidentify ? name : r.path});
        ++res.exported;
        progress.report(rank, static_cast<int64_t>(chosen.size()), "exporting");
    }
    if (req.manifest) {
        writeFileAtomically((dir / "manifest.csv").string(), manifest);
        res.manifest = (fs::path(req.outDir) / "manifest.csv").string();
        const bool unscored = std::all_of(chosen.begin(), chosen.end(),
                                          [](const Chosen& c) { return std::isnan(c.record->score); });
        const char* order = !req.items.empty() ? "as chosen"
                            : unscored         ? "dataset order (not scored)"
                                               : "minority score, highest first";
        nlohmann::json meta = {{"images", res.exported}, {"order", order}, {"deidentified", req.deidentify}};
        if (req.deidentify) {
            res.removedFields.assign(identifying.begin(), identifying.end());
            for (const char* always : {"source file and folder names", "image names in the dataset",
                                       "content hashes", "PNG text chunks"})
                res.removedFields.push_back(always);
            if (!req.includeNotes) res.removedFields.push_back("free-text notes");
            meta["profile"] =
                "DICOM PS3.15 Annex E, Basic Application Level Confidentiality Profile (in spirit)";
            meta["removed"] = res.removedFields;
            meta["notes_included"] = req.includeNotes;
            meta["pseudonyms"] = "random, not derived from the images";
        }
        writeFileAtomically((dir / "manifest.json").string(), meta.dump(1));
        res.manifestJson = (fs::path(req.outDir) / "manifest.json").string();
    }
    if (req.contactSheet && !entries.empty()) {
        std::vector<io::Tile> tiles;
        for (const Entry& e : entries)
            tiles.push_back({e.thumb, e.caption, cv::Scalar(-1)});
        io::writePng((dir / "contact_sheet.png").string(),
                     io::contactSheet("Ranked by minority score", tiles, req.sheetColumns, req.sheetTile));
        res.contactSheet = (fs::path(req.outDir) / "contact_sheet.png").string();
    }
    if (req.html) {
        std::string html =
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>MinorityLens ranked "
            "gallery</title>\n"
            "<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}td,th{padding:"
            "4px 10px;border-bottom:1px solid #ddd;"
            "text-align:left}img{image-rendering:pixelated;width:96px}</style></head><body>\n<h1>Ranked by "
            "minority score</h1>\n<p>" +
            std::to_string(entries.size()) +
            " images.</p>\n<table><tr><th>rank</th><th>image</th><th>score</th><th>class</th><th>" +
            (req.deidentify ? "pseudonym" : "image") + "</th></tr>\n";
        for (size_t i = 0; i < entries.size(); ++i) {
            std::vector<uint8_t> png;
            cv::imencode(".png", entries[i].thumb, png);
            html += "<tr><td>" + std::to_string(i + 1) + "</td><td><img src=\"data:image/png;base64," +
                    base64(png) + "\" alt=\"" + htmlEscape(entries[i].file) + "\"></td><td>" +
                    entries[i].score + "</td><td>" + entries[i].cls + "</td><td>" +
                    htmlEscape(entries[i].label) + "</td></tr>\n";
        }
        html += "</table></body></html>\n";
        writeFileAtomically((dir / "index.html").string(), html);
        res.html = (fs::path(req.outDir) / "index.html").string();
    }
    out.commit();
    if (!req.keyFile.empty()) {  // only once the export exists, and outside it
        writeFileAtomically(req.keyFile, key);
        res.keyFile = req.keyFile;
    }
    spdlog::info("export: {} images -> {}{}", res.exported, req.outDir,
                 req.deidentify ? " (de-identified)" : "");
    return res;
}

}  // namespace

ExportResult runExport(const ExportRequest& request, ProgressSink& progress) {
    return withContext("exporting to " + request.outDir, [&] { return exportGallery(request, progress); });
}

}  // namespace mlens
