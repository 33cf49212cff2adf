#pragma once
// A small command-line parser for the CLI subcommands: --name VALUE / --name=VALUE options, flags,
// positionals, generated --help. Bad usage throws UsageError (one line, exit code 2).
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/api/choices.h"

namespace mlens::cli {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Help lines end with the bound variable's value at registration as the default ("[16]"), unless the
// help text already says what the default is ("[the checkpoint's, else linear]"); empty strings show
// no default.
class ArgParser {
public:
    ArgParser(std::string command, std::string summary);

    void flag(const std::string& name, const std::string& help, bool* out);
    // An enum choice: the value is checked against its name table, the help lists every name.
    template <class E>
    void choice(const std::string& name, const std::string& help, E* out) {
        addChoice(name, help, choiceList<E>(), mlens::name(*out),
                  [out, name](const std::string& v) { *out = parseChoice<E>(name, v); });
    }
    template <class E>
    void choice(const std::string& name, const std::string& help, std::optional<E>* out) {
        addChoice(name, help, choiceList<E>(), *out ? mlens::name(**out) : "",
                  [out, name](const std::string& v) { *out = parseChoice<E>(name, v); });
    }
    void option(const std::string& name, const std::string& value, const std::string& help, std::string* out);
    void option(const std::string& name, const std::string& value, const std::string& help, int* out);
    void option(const std::string& name, const std::string& value, const std::string& help, double* out);
    void option(const std::string& name, const std::string& value, const std::string& help, uint64_t* out);
    void option(const std::string& name, const std::string& value, const std::string& help, int64_t* out);
    // Repeatable option: every occurrence is appended.
    void multi(const std::string& name, const std::string& value, const std::string& help,
               std::vector<std::string>* out);
    void positional(const std::string& name, const std::string& help, std::string* out, bool required = true);
    void epilog(const std::string& text) { m_epilog = text; }

    // Returns false when --help was printed (the caller exits 0).
    bool parse(const std::vector<std::string>& args);
    std::string help() const;
    bool given(const std::string& name) const;  // was --name on the command line?

private:
    template <class E>
    static E parseChoice(const std::string& name, const std::string& v) {
        try {
            return mlens::parse<E>(v);
        } catch (const Error&) {
            throw UsageError("--" + name + " must be " + choiceList<E>() + ", got '" + v + "'");
        }
    }
    void addChoice(const std::string& name, const std::string& help, const std::string& names,
                   const std::string& defaultName, std::function<void(const std::string&)> set);
    void add(const std::string& name, const std::string& value, const std::string& help,
             const std::string& defaultText, std::function<void(const std::string&)> set);

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
