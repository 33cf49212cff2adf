// Dataset listing: a folder walked recursively (or one file), items from image files and from the
// sources that hold several images (IDX arrays, volumes), labels, and the long-tail subset.
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "engine/api/dataset.h"
#include "engine/api/error.h"
#include "engine/core/random.h"
#include "engine/io/idx.h"
#include "engine/io/volume_scan.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool isImageExtension(const fs::path& p) {
    const std::string ext = lower(p.extension().string());
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp" || ext == ".tif" ||
           ext == ".tiff";
}

bool hidden(const fs::path& p) {
    const std::string name = p.filename().string();
    return !name.empty() && name[0] == '.';
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
        s.pop_back();
    size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
        ++i;
    return s.substr(i);
}

int64_t mtimeOf(const fs::path& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return 0;
    return int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec;
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
        if (comma == std::string::npos)
            throw Error(ErrorCode::Format, path + ":" + std::to_string(n) + ": expected 'path,label'");
        std::string file = trim(line.substr(0, comma));
        const std::string label = trim(line.substr(comma + 1));
        if (n == 1 && file == "path" && label == "label") continue;  // header
        if (file.size() >= 2 && file.front() == '"' && file.back() == '"')
            file = file.substr(1, file.size() - 2);
        if (file.rfind("./", 0) == 0) file = file.substr(2);
        labels[file] = label;
    }
    return labels;
}

// "<source>#00042" (IDX), "<source>#axial-090" (volume slices), "<source>#frame-1" (DICOM frames),
// zero-padded to the width of the largest index so that names sort numerically.
std::string frameName(const DatasetSource& s, int64_t frame) {
    const int width = static_cast<int>(std::to_string(std::max<int64_t>(s.frames - 1, 0)).size());
    const std::string prefix = s.kind == SourceKind::Idx          ? ""
                               : s.kind == SourceKind::DicomImage ? "frame-"
                                                                  : std::string(name(s.plane)) + "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(frame));
    return s.relativePath + "#" + prefix + buf;
}

class Scanner {
public:
    Scanner(const fs::path& root, const DatasetSpec& spec, DatasetListing& out)
        : m_root(root), m_spec(spec), m_out(out) {}

    void file(const fs::path& path) {
        std::error_code ec;
        const std::string rel = path.lexically_relative(m_root).generic_string();
        const std::string name = lower(path.filename().string());
        if (isImageExtension(path)) {
            DatasetItem item;
            item.relativePath = rel;
            item.size = fs::file_size(path, ec);
            if (ec) {
                m_out.problems.push_back({rel, "cannot read file size: " + ec.message()});
                return;
            }
            item.mtimeNs = mtimeOf(path);
            m_out.items.push_back(std::move(item));
        } else if (io::isIdxImagesName(name)) {
            idx(path, rel);
        } else if (io::isVolumeCandidate(path.string())) {
            m_volumes.add(path.string(), rel);
        }
    }

    void finish() {
        for (io::ScannedSource& v : m_volumes.finish(m_root.string(), m_spec, m_out.problems))
            addSource(std::move(v.source), v.frames);
    }

private:
    void idx(const fs::path& path, const std::string& rel) {
        DatasetSource s;
        s.relativePath = rel;
        s.kind = SourceKind::Idx;
        std::error_code ec;
        s.size = fs::file_size(path, ec);
        s.mtimeNs = mtimeOf(path);
        try {
            const io::IdxArray header = io::readIdxHeader(path.string());
            if (header.dims.size() != 3)
                throw Error(ErrorCode::Unsupported, "an IDX image file must have 3 dimensions (N, H, W)");
            s.frames = header.dims[0];
        } catch (const Error& e) {
            m_out.problems.push_back({rel, e.message()});
            return;
        }
        std::vector<int32_t> frames(static_cast<size_t>(s.frames));
        for (int64_t i = 0; i < s.frames; ++i)
            frames[static_cast<size_t>(i)] = static_cast<int32_t>(i);
        addSource(std::move(s), frames);
    }

    void addSource(DatasetSource s, const std::vector<int32_t>& frames) {
        const auto index = static_cast<int32_t>(m_out.sources.size());
        for (int32_t f : frames) {
            DatasetItem item;
            item.relativePath = frameName(s, f);
            item.size = s.size;
            item.mtimeNs = s.mtimeNs;
            item.source = index;
            item.frame = f;
            m_out.items.push_back(std::move(item));
        }
        m_out.sources.push_back(std::move(s));
    }

    const fs::path& m_root;
    const DatasetSpec& m_spec;
    DatasetListing& m_out;
    io::VolumeScan m_volumes;
};

void assignLabels(DatasetListing& listing) {
    const DatasetSpec& spec = listing.spec;
    if (spec.labels == LabelSource::None) return;
    std::map<std::string, std::string> byPath;
    if (spec.labels == LabelSource::Csv) byPath = readLabelsCsv(spec.labelsCsv);
    std::map<int32_t, io::IdxArray> idxLabels;  // source -> labels
    if (spec.labels == LabelSource::Idx) {
        for (size_t s = 0; s < listing.sources.size(); ++s) {
            const DatasetSource& src = listing.sources[s];
            if (src.kind != SourceKind::Idx) continue;
            const fs::path images = fs::path(listing.root) / src.relativePath;
            const std::string labelsName = io::idxLabelsNameFor(images.filename().string());
            const fs::path labels = images.parent_path() / labelsName;
            if (labelsName.empty() || !fs::exists(labels))
                throw Error(ErrorCode::NotFound, "no IDX labels file beside " + src.relativePath +
                                                     " (expected " + labelsName + ")");
            io::IdxArray a = io::readIdx(labels.string());
            if (a.dims.size() != 1 || a.dims[0] != src.frames)
                throw Error(ErrorCode::Format, labels.string() + " holds " +
                                                   std::to_string(a.dims.empty() ? 0 : a.dims[0]) +
                                                   " labels for " + std::to_string(src.frames) + " images");
            idxLabels.emplace(static_cast<int32_t>(s), std::move(a));
        }
        if (idxLabels.empty())
            throw Error(ErrorCode::InvalidArgument,
                        "IDX labels were asked for, but the dataset holds no IDX image file");
    }
    std::vector<std::string> raw(listing.items.size());
    std::set<std::string> names;
    for (size_t i = 0; i < listing.items.size(); ++i) {
        const DatasetItem& item = listing.items[i];
        const std::string& rel = item.relativePath;
        if (spec.labels == LabelSource::Subfolders) {
            const auto slash = rel.find('/');
            if (slash != std::string::npos) raw[i] = rel.substr(0, slash);
        } else if (spec.labels == LabelSource::Csv) {
            if (auto f = byPath.find(rel); f != byPath.end())
                raw[i] = f->second;
            else if (item.source >= 0)  // a volume's line labels all its slices
                if (auto g = byPath.find(listing.sources[static_cast<size_t>(item.source)].relativePath);
                    g != byPath.end())
                    raw[i] = g->second;
        } else if (auto f = idxLabels.find(item.source); f != idxLabels.end()) {
            raw[i] = std::to_string(f->second.data[static_cast<size_t>(item.frame)]);
        }
        if (!raw[i].empty()) names.insert(raw[i]);
    }
    listing.labelNames.assign(names.begin(), names.end());
    for (size_t i = 0; i < listing.items.size(); ++i)
        if (!raw[i].empty())
            listing.items[i].label = static_cast<int>(
                std::lower_bound(listing.labelNames.begin(), listing.labelNames.end(), raw[i]) -
                listing.labelNames.begin());
}

// Cao et al.'s profile over the classes in a seeded order; the kept images per class by a seeded shuffle.
void applyLongTail(DatasetListing& listing) {
    const LongTailProfile& lt = listing.spec.longTail;
    if (lt.imbalance == 0) return;
    if (!(lt.imbalance >= 1) || !std::isfinite(lt.imbalance))
        throw Error(ErrorCode::InvalidArgument, "the long-tail imbalance ratio must be at least 1");
    const size_t numClasses = listing.labelNames.size();
    if (numClasses < 2)
        throw Error(ErrorCode::InvalidArgument, "a long-tailed subset needs labels of at least two classes");
    std::vector<std::vector<size_t>> byClass(numClasses);
    for (size_t i = 0; i < listing.items.size(); ++i)
        if (listing.items[i].label >= 0) byClass[static_cast<size_t>(listing.items[i].label)].push_back(i);
    std::vector<size_t> order(numClasses);
    for (size_t c = 0; c < numClasses; ++c)
        order[c] = c;
    Random rng(lt.seed);
    rng.shuffle(order);
    int64_t nMax = lt.maxPerClass;
    if (nMax <= 0)
        for (const auto& members : byClass)
            nMax = std::max<int64_t>(nMax, static_cast<int64_t>(members.size()));
    std::vector<char> keep(listing.items.size(), 0);
    for (size_t rank = 0; rank < numClasses; ++rank) {
        std::vector<size_t>& members = byClass[order[rank]];
        const double share =
            std::pow(lt.imbalance, -static_cast<double>(rank) / static_cast<double>(numClasses - 1));
        const auto n = static_cast<size_t>(std::floor(static_cast<double>(nMax) * share + 1e-9));
        rng.shuffle(members);
        for (size_t k = 0; k < std::min(n, members.size()); ++k)
            keep[members[k]] = 1;
    }
    for (size_t c : order)
        listing.longTailOrder.push_back(static_cast<int>(c));
    std::vector<DatasetItem> kept;
    for (size_t i = 0; i < listing.items.size(); ++i)
        if (keep[i]) kept.push_back(std::move(listing.items[i]));
    listing.dropped = static_cast<int64_t>(listing.items.size() - kept.size());
    listing.items = std::move(kept);
}

}  // namespace

DatasetListing scanDataset(const DatasetSpec& spec) {
    std::error_code ec;
    const fs::path path = fs::absolute(spec.path, ec).lexically_normal();
    const bool isFile = fs::is_regular_file(path, ec);
    if (!isFile && !fs::is_directory(path, ec))
        throw Error(ErrorCode::NotFound, "dataset not found: " + spec.path);
    DatasetListing listing;
    listing.spec = spec;
    const fs::path root = isFile ? path.parent_path() : path;
    listing.root = root.string();
    Scanner scan(root, spec, listing);
    if (isFile) {
        scan.file(path);
        if (listing.items.empty() && listing.problems.empty() && !io::isVolumeCandidate(path.string()))
            throw Error(ErrorCode::Unsupported, spec.path + " is not an image, IDX, NIfTI or DICOM file");
    } else {
        fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
        if (ec) throw Error(ErrorCode::Io, "cannot list " + spec.path + ": " + ec.message());
        for (; it != end; it.increment(ec)) {
            if (ec) break;
            const fs::directory_entry& e = *it;
            if (hidden(e.path())) {
                if (e.is_directory(ec)) it.disable_recursion_pending();
                continue;
            }
            if (e.is_regular_file(ec)) scan.file(e.path());
        }
    }
    scan.finish();
    std::sort(listing.items.begin(), listing.items.end(),
              [](const DatasetItem& a, const DatasetItem& b) { return a.relativePath < b.relativePath; });
    assignLabels(listing);
    applyLongTail(listing);
    return listing;
}

DatasetListing scanDataset(const std::string& root) {
    DatasetSpec spec;
    spec.path = root;
    return scanDataset(spec);
}

std::string datasetFolder(const std::string& path) {
    std::error_code ec;
    const fs::path p = fs::absolute(path, ec).lexically_normal();
    return fs::is_regular_file(p, ec) ? p.parent_path().string() : p.string();
}

void requireOutsideDataset(const std::string& folder, const std::string& datasetPath) {
    std::error_code ec;
    const std::string dataset = datasetFolder(datasetPath);
    auto refuse = [&] {
        throw Error(ErrorCode::InvalidArgument,
                    "the output folder " + folder + " lies inside the dataset folder " + dataset +
                        " (MinorityLens never writes into a dataset); choose another folder");
    };
    // By name, symbolic links resolved (covers folders that do not exist yet)...
    const fs::path f = fs::weakly_canonical(fs::absolute(folder), ec);
    const fs::path r = fs::weakly_canonical(fs::absolute(dataset), ec);
    bool inside = true;
    auto fi = f.begin();
    for (auto ri = r.begin(); ri != r.end() && inside; ++ri, ++fi)
        inside = fi != f.end() && *fi == *ri;
    if (inside) refuse();
    // ...and by identity: no existing ancestor of the folder may be the dataset's folder itself
    // (device and inode), which also catches a bind mount or hard-linked alias of the dataset.
    struct stat ds {};
    if (::stat(dataset.c_str(), &ds) != 0) return;
    for (fs::path p = f; !p.empty(); p = p.parent_path()) {
        struct stat st {};
        if (::stat(p.c_str(), &st) == 0 && st.st_dev == ds.st_dev && st.st_ino == ds.st_ino) refuse();
        if (p == p.root_path()) break;
    }
}

}  // namespace mlens
