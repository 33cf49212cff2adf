#pragma once
// Minimal RFC 4180 CSV: quoting on write, quoted fields on read (one record per line).
#include <string>
#include <vector>

namespace mlens {

std::string csvField(const std::string& value);  // quotes when the value holds , " or a line break
std::vector<std::string> parseCsvLine(const std::string& line);
// Reads a whole CSV file; the first row is the header. Throws Error(NotFound / Format).
std::vector<std::vector<std::string>> readCsvFile(const std::string& path, std::vector<std::string>* header);

}  // namespace mlens
