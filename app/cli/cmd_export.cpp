#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/common.h"
#include "app/cli/terminal_progress.h"
#include "engine/api/export.h"
#include "engine/api/text.h"

namespace mlens::cli {

int runExportCommand(const std::vector<std::string>& args) {
    ExportRequest req;
    CommonOptions common;
    std::vector<std::string> classes, tags;
    ArgParser p(
        "minoritylens-cli export",
        "Export a workspace's ranked gallery (highest minority score first), as the GUI does: PNGs named\n"
        "by rank and score, manifest.csv and manifest.json, a contact sheet and a self-contained HTML\n"
        "page, written beside OUT and renamed into place at the end. --deidentify follows DICOM PS3.15\n"
        "Annex E in spirit: random pseudonyms, no header text, names, dates, UIDs or content hashes,\n"
        "no notes unless --include-notes; manifest.json lists what was removed; --key-file keeps the\n"
        "pseudonym -> image table outside the export.");
    p.option("workspace", "WS", "the workspace (required)", &req.workspace);
    p.option("data", "DIR",
             "the dataset, for a workspace not scored yet (annotations and grades only): dataset order",
             &req.dataset.path);
    p.option("out", "DIR", "a new or empty folder, outside the dataset (required)", &req.outDir);
    p.option("top", "K", "the K highest-ranked images that pass the filters [all]", &req.topK);
    p.option("min-score", "S", "keep minority scores >= S [no limit]", &req.filter.minScore);
    p.option("max-score", "S", "keep minority scores <= S [no limit]", &req.filter.maxScore);
    p.multi("class", "C", "keep ordinal class C (repeatable)", &classes);
    p.multi("tag", "TAG", "keep images tagged rare, artifact or review (repeatable)", &tags);
    p.option("path-contains", "TEXT", "keep images whose name contains TEXT", &req.filter.pathContains);
    p.flag("deidentify", "de-identify (pseudonyms, nothing that identifies a patient)", &req.deidentify);
    p.option("key-file", "FILE", "with --deidentify: write the pseudonym -> image table here", &req.keyFile);
    p.flag("include-notes", "with --deidentify: keep the free-text notes", &req.includeNotes);
    common.addTo(p, /*withDevice=*/false);
    if (!p.parse(args)) return 0;
    if (req.workspace.empty()) throw UsageError("--workspace is required");
    if (req.outDir.empty()) throw UsageError("--out is required");
    if (!req.keyFile.empty() && !req.deidentify) throw UsageError("--key-file goes with --deidentify");
    for (const std::string& c : classes) {
        try {
            req.filter.classes.push_back(std::stoi(c));
        } catch (const std::exception&) {
            throw UsageError("--class expects an integer, got '" + c + "'");
        }
    }
    for (const std::string& t : tags) {
        if (t == "rare")
            req.filter.tags |= 1;
        else if (t == "artifact")
            req.filter.tags |= 2;
        else if (t == "review")
            req.filter.tags |= 4;
        else
            throw UsageError("--tag must be rare, artifact or review, got '" + t + "'");
    }
    common.apply();
    TerminalProgress progress(common.quiet || common.json);
    const ExportResult r = runExport(req, progress);
    progress.finish();
    if (common.json) {
        std::vector<std::string> skipped;
        for (const std::string& s : r.skipped)
            skipped.push_back(escapeInvalidUtf8(s));
        std::cout << nlohmann::json{{"exported", r.exported},          {"manifest", r.manifest},
                                    {"contact_sheet", r.contactSheet}, {"html", r.html},
                                    {"key_file", r.keyFile},           {"skipped", skipped},
                                    {"removed", r.removedFields}}
                         .dump(1)
                  << "\n";
    } else if (!common.quiet) {
        std::printf("%d image(s)%s -> %s\n", r.exported, req.deidentify ? " (de-identified)" : "",
                    req.outDir.c_str());
        for (const std::string& s : r.skipped)
            std::printf("  skipped %s\n", forTerminal(s).c_str());
    }
    return 0;
}

}  // namespace mlens::cli
