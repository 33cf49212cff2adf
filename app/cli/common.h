#pragma once
// Options and set-up shared by every CLI subcommand.
#include <string>
#include <vector>

#include "app/cli/arg_parser.h"

namespace mlens::cli {

struct CommonOptions {
    std::string device = "auto";
    int threads = 0;
    bool verbose = false;
    bool quiet = false;
    bool json = false;

    // Adds --device/--threads/-v/--quiet (and --json when the command prints a summary).
    void addTo(ArgParser& parser, bool withDevice = true, bool withJson = true);
    // Logging level, threads, Ctrl-C handling. Call after parsing.
    void apply() const;
};

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
int runDemoCommand(const std::vector<std::string>& args);

std::string shapeString(const std::vector<int64_t>& shape);

}  // namespace mlens::cli
