#pragma once
#include <string>

namespace mlens {

// SHA-256 of a file's content, lower-case hex. Throws Error(NotFound / Io).
std::string sha256File(const std::string& path);
std::string sha256Hex(const std::string& data);

}  // namespace mlens
