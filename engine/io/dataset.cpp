#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "engine/api/dataset.h"
#include "engine/api/error.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

bool isImageExtension(std::string ext) {
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp" || ext == ".tif" || ext == ".tiff";
}

bool hidden(const fs::path& p) {
    const std::string name = p.filename().string();
    return !name.empty() && name[0] == '.';
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
    size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    return s.substr(i);
}

std::map<std::string, std::string> readLabelsCsv(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error(ErrorCode::NotFound, "cannot read labels file " + path);
    std::map<std::string, std::string> labels;
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        line = trim(line);
        if (line.empty()) continue;
        const auto comma = line.rfind(',');
        if (comma == std::string::npos) throw Error(ErrorCode::Format, path + ":" + std::to_string(n) + ": expected 'path,label'");
        std::string file = trim(line.substr(0, comma));
        const std::string label = trim(line.substr(comma + 1));
        if (n == 1 && file == "path" && label == "label") continue;  // header
        if (file.size() >= 2 && file.front() == '"' && file.back() == '"') file = file.substr(1, file.size() - 2);
        if (file.rfind("./", 0) == 0) file = file.substr(2);
        labels[file] = label;
    }
    return labels;
}

}  // namespace

DatasetListing scanDataset(const std::string& rootIn, const DatasetOptions& options) {
    std::error_code ec;
    const fs::path root = fs::absolute(rootIn, ec).lexically_normal();
    if (!fs::is_directory(root, ec)) throw Error(ErrorCode::NotFound, "dataset folder not found: " + rootIn);
    DatasetListing listing;
    listing.root = root.string();
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) throw Error(ErrorCode::Io, "cannot list " + rootIn + ": " + ec.message());
    for (; it != end; it.increment(ec)) {
        if (ec) break;
        const fs::directory_entry& e = *it;
        if (hidden(e.path())) {
            if (e.is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        if (!e.is_regular_file(ec) || !isImageExtension(e.path().extension().string())) continue;
        DatasetItem item;
        item.relativePath = e.path().lexically_relative(root).generic_string();
        item.size = e.file_size(ec);
        if (ec) {
            listing.problems.push_back({item.relativePath, "cannot read file size: " + ec.message()});
            ec.clear();
            continue;
        }
        struct stat st {};
        if (::stat(e.path().c_str(), &st) == 0) item.mtimeNs = int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec;
        listing.items.push_back(std::move(item));
    }
    std::sort(listing.items.begin(), listing.items.end(),
              [](const DatasetItem& a, const DatasetItem& b) { return a.relativePath < b.relativePath; });

    if (options.labels == DatasetOptions::Labels::None) return listing;
    std::map<std::string, std::string> byPath;
    if (options.labels == DatasetOptions::Labels::Csv) byPath = readLabelsCsv(options.labelsCsv);
    std::vector<std::string> raw(listing.items.size());
    std::set<std::string> names;
    for (size_t i = 0; i < listing.items.size(); ++i) {
        const std::string& rel = listing.items[i].relativePath;
        if (options.labels == DatasetOptions::Labels::Subfolders) {
            const auto slash = rel.find('/');
            if (slash != std::string::npos) raw[i] = rel.substr(0, slash);
        } else if (auto f = byPath.find(rel); f != byPath.end()) {
            raw[i] = f->second;
        }
        if (!raw[i].empty()) names.insert(raw[i]);
    }
    listing.labelNames.assign(names.begin(), names.end());
    for (size_t i = 0; i < listing.items.size(); ++i)
        if (!raw[i].empty())
            listing.items[i].label = static_cast<int>(std::lower_bound(listing.labelNames.begin(), listing.labelNames.end(), raw[i]) -
                                                      listing.labelNames.begin());
    return listing;
}

void requireOutsideDataset(const std::string& folder, const std::string& datasetRoot) {
    std::error_code ec;
    const fs::path f = fs::weakly_canonical(fs::absolute(folder), ec);
    const fs::path r = fs::weakly_canonical(fs::absolute(datasetRoot), ec);
    auto fi = f.begin();
    for (auto ri = r.begin(); ri != r.end(); ++ri, ++fi) {
        if (fi == f.end() || *fi != *ri) return;
    }
    throw Error(ErrorCode::InvalidArgument, "the output folder " + folder + " lies inside the dataset folder " + datasetRoot +
                                                " (MinorityLens never writes into a dataset); choose another folder");
}

}  // namespace mlens
