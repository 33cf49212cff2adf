#include "engine/core/csv.h"

#include <fstream>

#include "engine/api/error.h"

namespace mlens {

std::string csvField(const std::string& v) {
    if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
    std::string out = "\"";
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::vector<std::string> parseCsvLine(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    return fields;
}

void forEachCsvRow(const std::string& path, std::vector<std::string>* header,
                   const std::function<void(const std::vector<std::string>&)>& row) {
    std::ifstream in(path);
    if (!in) throw Error(ErrorCode::NotFound, "cannot read " + path);
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
        if (line.empty() || line == "\r") continue;
        const auto fields = parseCsvLine(line);
        if (first) {
            if (header) *header = fields;
            first = false;
            continue;
        }
        row(fields);
    }
    if (first) throw Error(ErrorCode::Format, path + " is empty");
}

std::vector<std::vector<std::string>> readCsvFile(const std::string& path, std::vector<std::string>* header) {
    std::vector<std::vector<std::string>> rows;
    forEachCsvRow(path, header, [&](const std::vector<std::string>& r) { rows.push_back(r); });
    return rows;
}

}  // namespace mlens
