#pragma once
// Minimal RFC 4180 CSV: quoting on write, quoted fields on read (one record per line).
#include <functional>
#include <string>
#include <vector>

namespace mlens {

std::string csvField(const std::string& value);  // quotes when the value holds , " or a line break
std::vector<std::string> parseCsvLine(const std::string& line);
// Reads a whole CSV file; the first row is the header. Throws Error(NotFound / Format).
std::vector<std::vector<std::string>> readCsvFile(const std::string& path, std::vector<std::string>* header);
// The same one row at a time (a million-row scores.csv without holding it): `header` is filled
// before the first call of `row`.
void forEachCsvRow(const std::string& path, std::vector<std::string>* header,
                   const std::function<void(const std::vector<std::string>&)>& row);

}  // namespace mlens
