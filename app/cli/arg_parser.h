#pragma once
// A small command-line parser for the CLI subcommands: --name VALUE / --name=VALUE options, flags,
// positionals, generated --help. Bad usage throws UsageError (one line, exit code 2).
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace mlens::cli {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ArgParser {
public:
    ArgParser(std::string command, std::string summary);

    void flag(const std::string& name, const std::string& help, bool* out);
    void option(const std::string& name, const std::string& value, const std::string& help, std::string* out);
    void option(const std::string& name, const std::string& value, const std::string& help, int* out);
    void option(const std::string& name, const std::string& value, const std::string& help, double* out);
    void option(const std::string& name, const std::string& value, const std::string& help, uint64_t* out);
    // Repeatable option: every occurrence is appended.
    void multi(const std::string& name, const std::string& value, const std::string& help, std::vector<std::string>* out);
    void positional(const std::string& name, const std::string& help, std::string* out, bool required = true);
    void epilog(const std::string& text) { m_epilog = text; }

    // Returns false when --help was printed (the caller exits 0).
    bool parse(const std::vector<std::string>& args);
    std::string help() const;
    bool given(const std::string& name) const;  // was --name on the command line?

private:
    struct Option {
        std::string name, value, help;
        std::function<void(const std::string&)> set;  // null for flags
        bool* flagOut = nullptr;
        bool required = false;
        bool positional = false;
        bool seen = false;
    };
    Option* find(const std::string& name);

    std::string m_command, m_summary, m_epilog;
    std::vector<Option> m_options;
};

}  // namespace mlens::cli
