// minoritylens-cli: the headless front end of the MinorityLens engine.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "app/cli/common.h"
#include "app/cli/terminal_progress.h"
#include "engine/api/error.h"
#include "engine/api/passive_openmp.h"
#include "engine/api/runtime.h"

namespace {

void printUsage(std::FILE* out) {
    std::fprintf(out,
                 "usage: minoritylens-cli COMMAND [options]\n\nMinorityLens %s: find and generate minority "
                 "images with diffusion models.\n\ncommands:\n",
                 mlens::engineVersion());
    for (const auto& c : mlens::cli::commands())
        std::fprintf(out, "  %-18s %s\n", c.name, c.summary);
    std::fprintf(out, "\nRun 'minoritylens-cli COMMAND --help' for a command's options.\n");
}

std::string firstLine(const char* text) {
    std::string s = text ? text : "unknown error";
    const auto nl = s.find('\n');
    return nl == std::string::npos ? s : s.substr(0, nl);
}

}  // namespace

MLENS_PASSIVE_OPENMP_AT_LOAD();

int main(int argc, char** argv) {
    mlens::silenceLibraryMessages();
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        printUsage(stderr);
        return 2;
    }
    if (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
        printUsage(stdout);
        return 0;
    }
    if (args[0] == "--version") {
        std::printf("minoritylens-cli %s (%s), LibTorch %s\n", mlens::engineVersion(), mlens::engineCommit(),
                    mlens::torchVersion());
        return 0;
    }
    const mlens::cli::Command* command = nullptr;
    for (const auto& c : mlens::cli::commands())
        if (args[0] == c.name) command = &c;
    if (!command) {
        std::fprintf(stderr, "minoritylens-cli: error: unknown command '%s' (see minoritylens-cli --help)\n",
                     mlens::cli::forTerminal(args[0]).c_str());
        return 2;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    try {
        return command->run(rest);
    } catch (const mlens::cli::UsageError& e) {
        std::fprintf(stderr, "minoritylens-cli %s: error: %s\n", command->name,
                     mlens::cli::forTerminal(e.what()).c_str());
        return 2;
    } catch (const mlens::Cancelled&) {
        std::fprintf(stderr, "minoritylens-cli %s: cancelled\n", command->name);
        return 130;
    } catch (const mlens::Error& e) {
        std::fprintf(stderr, "minoritylens-cli %s: error: %s\n", command->name,
                     mlens::cli::forTerminal(e.what()).c_str());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "minoritylens-cli %s: error: %s\n", command->name,
                     mlens::cli::forTerminal(firstLine(e.what())).c_str());
        return 1;
    } catch (...) {
        std::fprintf(stderr, "minoritylens-cli %s: error: unexpected failure\n", command->name);
        return 1;
    }
}
