#include "app/cli/arg_parser.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <sstream>

namespace mlens::cli {

ArgParser::ArgParser(std::string command, std::string summary)
    : m_command(std::move(command)), m_summary(std::move(summary)) {}

void ArgParser::flag(const std::string& name, const std::string& help, bool* out) {
    Option o;
    o.name = name;
    o.help = help;
    o.flagOut = out;
    m_options.push_back(std::move(o));
}

namespace {

std::string number(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
}

}  // namespace

void ArgParser::add(const std::string& name, const std::string& value, const std::string& help,
                    const std::string& defaultText, std::function<void(const std::string&)> set) {
    // A help text that states its default itself keeps it; otherwise the bound value is the default.
    const bool statesDefault = help.find('[') != std::string::npos;
    Option o{name, value, statesDefault || defaultText.empty() ? help : help + " [" + defaultText + "]",
             std::move(set)};
    m_options.push_back(std::move(o));
}

void ArgParser::addChoice(const std::string& name, const std::string& help, const std::string& names,
                          const std::string& defaultName, std::function<void(const std::string&)> set) {
    add(name, "NAME", help + ": " + names, defaultName, std::move(set));
}

void ArgParser::option(const std::string& name, const std::string& value, const std::string& help,
                       std::string* out) {
    add(name, value, help, *out, [out](const std::string& v) { *out = v; });
}

void ArgParser::option(const std::string& name, const std::string& value, const std::string& help, int* out) {
    add(name, value, help, std::to_string(*out), [out, name](const std::string& v) {
        char* end = nullptr;
        errno = 0;
        const long x = std::strtol(v.c_str(), &end, 10);
        if (v.empty() || *end || errno || x < INT32_MIN || x > INT32_MAX)
            throw UsageError("--" + name + " expects an integer, got '" + v + "'");
        *out = static_cast<int>(x);
    });
}

void ArgParser::option(const std::string& name, const std::string& value, const std::string& help,
                       double* out) {
    add(name, value, help, number(*out), [out, name](const std::string& v) {
        char* end = nullptr;
        const double x = std::strtod(v.c_str(), &end);
        if (v.empty() || *end || !std::isfinite(x))
            throw UsageError("--" + name + " expects a number, got '" + v + "'");
        *out = x;
    });
}

void ArgParser::option(const std::string& name, const std::string& value, const std::string& help,
                       uint64_t* out) {
    add(name, value, help, std::to_string(*out), [out, name](const std::string& v) {
        char* end = nullptr;
        errno = 0;
        const unsigned long long x = std::strtoull(v.c_str(), &end, 10);
        if (v.empty() || *end || errno || v[0] == '-')
            throw UsageError("--" + name + " expects a non-negative integer, got '" + v + "'");
        *out = x;
    });
}

void ArgParser::option(const std::string& name, const std::string& value, const std::string& help,
                       int64_t* out) {
    add(name, value, help, std::to_string(*out), [out, name](const std::string& v) {
        char* end = nullptr;
        errno = 0;
        const long long x = std::strtoll(v.c_str(), &end, 10);
        if (v.empty() || *end || errno)
            throw UsageError("--" + name + " expects an integer, got '" + v + "'");
        *out = x;
    });
}

void ArgParser::multi(const std::string& name, const std::string& value, const std::string& help,
                      std::vector<std::string>* out) {
    Option o{name, value, help, [out](const std::string& v) { out->push_back(v); }};
    m_options.push_back(std::move(o));
}

void ArgParser::positional(const std::string& name, const std::string& help, std::string* out,
                           bool required) {
    Option o{name, name, help, [out](const std::string& v) { *out = v; }};
    o.positional = true;
    o.required = required;
    m_options.push_back(std::move(o));
}

ArgParser::Option* ArgParser::find(const std::string& name) {
    for (auto& o : m_options)
        if (!o.positional && o.name == name) return &o;
    return nullptr;
}

bool ArgParser::given(const std::string& name) const {
    for (const auto& o : m_options)
        if (o.name == name) return o.seen;
    return false;
}

bool ArgParser::parse(const std::vector<std::string>& args) {
    size_t nextPositional = 0;
    std::vector<Option*> positionals;
    for (auto& o : m_options)
        if (o.positional) positionals.push_back(&o);
    bool onlyPositionals = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (!onlyPositionals && (a == "-h" || a == "--help")) {
            std::cout << help();
            return false;
        }
        if (!onlyPositionals && a == "--") {
            onlyPositionals = true;
            continue;
        }
        if (!onlyPositionals && a.size() > 2 && a.compare(0, 2, "--") == 0) {
            std::string name = a.substr(2), value;
            const auto eq = name.find('=');
            const bool inlineValue = eq != std::string::npos;
            if (inlineValue) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
            }
            Option* o = find(name);
            if (!o) throw UsageError("unknown option --" + name + " (see " + m_command + " --help)");
            o->seen = true;
            if (o->flagOut) {
                if (inlineValue) throw UsageError("--" + name + " takes no value");
                *o->flagOut = true;
                continue;
            }
            if (!inlineValue) {
                if (i + 1 >= args.size()) throw UsageError("--" + name + " needs a value (" + o->value + ")");
                value = args[++i];
            }
            o->set(value);
            continue;
        }
        if (!onlyPositionals && a.size() > 1 && a[0] == '-' &&
            !(std::isdigit(static_cast<unsigned char>(a[1])) || a[1] == '.'))
            throw UsageError("unknown option " + a + " (see " + m_command + " --help)");
        if (nextPositional >= positionals.size())
            throw UsageError("unexpected argument '" + a + "' (see " + m_command + " --help)");
        positionals[nextPositional]->seen = true;
        positionals[nextPositional++]->set(a);
    }
    for (; nextPositional < positionals.size(); ++nextPositional)
        if (positionals[nextPositional]->required)
            throw UsageError("missing " + positionals[nextPositional]->name + " (see " + m_command +
                             " --help)");
    return true;
}

std::string ArgParser::help() const {
    std::ostringstream os;
    os << "usage: " << m_command;
    for (const auto& o : m_options)
        if (o.positional) os << (o.required ? " " + o.name : " [" + o.name + "]");
    os << " [options]\n\n" << m_summary << "\n\n";
    bool any = false;
    for (const auto& o : m_options)
        if (o.positional) {
            if (!any) os << "arguments:\n";
            any = true;
            os << "  " << o.name << "\n      " << o.help << "\n";
        }
    os << "options:\n";
    for (const auto& o : m_options) {
        if (o.positional) continue;
        os << "  --" << o.name << (o.flagOut ? "" : " " + o.value) << "\n      " << o.help << "\n";
    }
    os << "  -h, --help\n      show this help\n";
    if (!m_epilog.empty()) os << "\n" << m_epilog << "\n";
    return os.str();
}

}  // namespace mlens::cli
