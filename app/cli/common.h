#pragma once
// Options and set-up shared by every CLI subcommand.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include "app/cli/arg_parser.h"
#include "engine/api/calibration.h"

#include "engine/api/dataset.h"
#include "engine/api/evaluation.h"
#include "engine/api/sharding.h"
#include "engine/api/specs.h"

namespace mlens::cli {

struct CommonOptions {
    std::string device = "auto";
    static constexpr int kAllCores = std::numeric_limits<int>::min();
    int threads = kAllCores;  // --threads; validated by apply()
    bool verbose = false;
    bool quiet = false;
    bool json = false;

    // Adds --device/--threads/-v/--quiet (and --json when the command prints a summary).
    void addTo(ArgParser& parser, bool withDevice = true, bool withJson = true);
    // Logging level, threads, Ctrl-C handling. Call after parsing.
    void apply() const;
};

// Option blocks for the request parts several commands share; each binds to the part's own fields,
// so the help shows the part's defaults.
void addBackboneOptions(ArgParser& p, BackboneSpec& spec, const std::string& flag = "model");
// tText: --t takes "auto" as well as a step (the command resolves it with resolveTOption).
void addScoreOptions(ArgParser& p, MinorityScoreParams& params, std::string* tText = nullptr);
// --draws, --distance, --lpips-trunk, --lpips-heads, --seed: the score without its noise level.
void addDrawOptions(ArgParser& p, MinorityScoreParams& params);
// "auto" -> true; a step -> params.t, false; throws UsageError otherwise. Empty text: unchanged.
bool resolveTOption(const std::string& tText, MinorityScoreParams& params);
// --feature-network, --feature-classifier, --feature-seed, --feature-size.
void addFeatureOptions(ArgParser& p, FeatureSpec& spec);
// --candidates, --subset, --subset-seed, --k-knn and the feature options; candidatesText is parsed by
// finishCalibrationOptions.
void addCalibrationOptions(ArgParser& p, CalibrationSettings& settings, std::string* candidatesText);
void finishCalibrationOptions(const std::string& candidatesText, CalibrationSettings& settings);

// Dataset options: --data, --labels, --labels-csv, --plane, --keep-empty-slices, --long-tail*,
// --window, --fit (no --data when dataHelp is empty: the command names the dataset itself). Call
// finish() after parsing.
// auto | dicom | CENTER,WIDTH -> an intensity window; throws UsageError.
IntensityWindow parseWindowOption(const std::string& text);

class DatasetOptions {
public:
    DatasetOptions(
        ArgParser& p, DatasetSpec& spec,
        const std::string& dataHelp = "dataset: a folder, or an IDX, NIfTI or DICOM file (required)");
    void finish();  // --labels-csv implies csv labels; --window parsed

private:
    DatasetSpec& m_spec;
    std::string m_window;
};

// What a run skipped, on one screen: a count per kind of reason (at most 10 kinds) and where the
// full list is; every entry, one per line, when `verbose`.
void printSkipped(const std::vector<DatasetProblem>& skipped, bool verbose, const std::string& listFile);

struct Command {
    const char* name;
    const char* summary;
    int (*run)(const std::vector<std::string>& args);
};

const std::vector<Command>& commands();

int runInspect(const std::vector<std::string>& args);
int runVerify(const std::vector<std::string>& args);
int runSample(const std::vector<std::string>& args);
int runScoreCommand(const std::vector<std::string>& args);
int runClassesCommand(const std::vector<std::string>& args);
int runTrainClassifierCommand(const std::vector<std::string>& args);
int runPhantomCommand(const std::vector<std::string>& args);
int runTrainBackboneCommand(const std::vector<std::string>& args);
int runEvaluateCommand(const std::vector<std::string>& args);
int runCalibrateTCommand(const std::vector<std::string>& args);
int runFitHardnessCommand(const std::vector<std::string>& args);
int runHardnessCommand(const std::vector<std::string>& args);
int runDemoCommand(const std::vector<std::string>& args);
int runBenchmarkCommand(const std::vector<std::string>& args);
int runSlicesCommand(const std::vector<std::string>& args);
int runGradesCommand(const std::vector<std::string>& args);
int runExportCommand(const std::vector<std::string>& args);

std::string shapeString(const std::vector<int64_t>& shape);

// `--status`: one line per shard (batches done, rate, host, last update) and what the merge wrote
// (`result`; empty: "`output` not written yet"), or with --json `extra` plus a "shards" array.
int printShardStatus(const std::vector<ShardStatus>& shards, const std::string& rateUnit,
                     const std::string& result, const std::string& output, nlohmann::json extra,
                     const CommonOptions& common);
// The same for the shards of `job` in `dir`; merged when one of `outputs` (paths in dir) exists.
// Throws UsageError when dir holds neither shards nor outputs ("holds no <what>").
int printJobStatus(const std::string& dir, const std::string& job, const std::string& what,
                   const std::string& rateUnit, const std::vector<std::string>& outputs,
                   const CommonOptions& common);

}  // namespace mlens::cli
