#pragma once
// File names are bytes, JSON is UTF-8: names that are not valid UTF-8 are written with each
// offending byte as \xHH (and a backslash as itself), so that one odd name never fails a run and
// the written text still tells the bytes apart. Torch-free.
#include <string>
#include <string_view>

namespace mlens {

std::string escapeInvalidUtf8(std::string_view bytes);

// For a terminal or a one-line message: as escapeInvalidUtf8, and control characters (C0, DEL and
// C1, which a terminal would interpret as escape sequences) written as \xHH too.
std::string escapeControl(std::string_view bytes);

}  // namespace mlens
