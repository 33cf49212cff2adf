// Dataset listing: a folder walked recursively (or one file), items from image files and from the
// sources that hold several images (IDX arrays, volumes), labels, and the long-tail subset.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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

const char* specialKind(mode_t mode) {
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
    return "not a regular file";
}

// Walks `root` (hidden entries skipped): regular files go to the scanner, links to files and folders
// are followed, and everything that cannot be used is listed with the OS reason: broken links, link
// loops (a folder that is its own ancestor, by device and inode), unreadable folders, special files.
// Iterative, so a deep tree cannot exhaust the stack.
void walkFolder(const fs::path& root, Scanner& scan, std::vector<DatasetProblem>& problems) {
    struct Folder {
        dev_t dev;
        ino_t ino;
        int parent;  // index into `folders`, -1 above the root
    };
    std::vector<Folder> folders;
    int parent = -1;
    std::vector<fs::path> chain;  // the root's ancestors too: a link to "/" is a loop
    for (fs::path q = root; !q.empty(); q = q.parent_path()) {
        chain.push_back(q);
        if (q == q.root_path()) break;
    }
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        struct stat st {};
        if (::stat(it->c_str(), &st) != 0) continue;
        folders.push_back({st.st_dev, st.st_ino, parent});
        parent = static_cast<int>(folders.size()) - 1;
    }
    auto rel = [&](const fs::path& p) { return p.lexically_relative(root).generic_string(); };
    std::vector<std::pair<fs::path, int>> todo{{root, parent}};
    while (!todo.empty()) {
        const auto [dir, id] = todo.back();
        todo.pop_back();
        std::error_code ec;
        fs::directory_iterator it(dir, ec);
        if (ec) {
            problems.push_back({rel(dir), "cannot open folder: " + ec.message()});
            continue;
        }
        for (; it != fs::directory_iterator(); it.increment(ec)) {
            const fs::path p = it->path();
            if (hidden(p)) continue;
            struct stat st {};
            if (::lstat(p.c_str(), &st) != 0) {
                problems.push_back({rel(p), std::string("cannot read: ") + std::strerror(errno)});
                continue;
            }
            if (S_ISLNK(st.st_mode) && ::stat(p.c_str(), &st) != 0) {
                const int err = errno;
                problems.push_back(
                    {rel(p), err == ENOENT  ? std::string("broken link (its target does not exist)")
                             : err == ELOOP ? std::string("link loop: ") + std::strerror(err)
                                            : std::string("link cannot be followed: ") + std::strerror(err)});
                continue;
            }
            if (S_ISREG(st.st_mode)) {
                scan.file(p);
            } else if (S_ISDIR(st.st_mode)) {
                bool loop = false;
                for (int a = id; a >= 0 && !loop; a = folders[static_cast<size_t>(a)].parent)
                    loop = folders[static_cast<size_t>(a)].dev == st.st_dev &&
                           folders[static_cast<size_t>(a)].ino == st.st_ino;
                if (loop) {
                    problems.push_back(
                        {rel(p), "link loop: leads back to a folder that contains it (not followed)"});
                    continue;
                }
                folders.push_back({st.st_dev, st.st_ino, id});
                todo.emplace_back(p, static_cast<int>(folders.size()) - 1);
            } else {
                problems.push_back({rel(p), std::string(specialKind(st.st_mode)) + ", not read"});
            }
        }
        if (ec) problems.push_back({rel(dir), "cannot list folder: " + ec.message()});
    }
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
        if (::access(root.c_str(), R_OK | X_OK) != 0)
            throw Error(ErrorCode::Io, "cannot list " + spec.path + ": " + std::strerror(errno));
        walkFolder(root, scan, listing.problems);
    }
    scan.finish();
    std::stable_sort(listing.problems.begin(), listing.problems.end(),
                     [](const DatasetProblem& a, const DatasetProblem& b) { return a.path < b.path; });
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

std::vector<std::pair<std::string, int64_t>> summarizeProblems(const std::vector<DatasetProblem>& problems) {
    std::map<std::string, int64_t> counts;
    for (const DatasetProblem& p : problems) {
        const size_t cut = std::min(p.reason.find_first_of(":,"), p.reason.find(" ("));
        std::string kind;
        for (char c : p.reason.substr(0, cut)) {
            const bool digit = std::isdigit(static_cast<unsigned char>(c)) != 0;
            if (!digit)
                kind += c;
            else if (kind.empty() || kind.back() != 'N')
                kind += 'N';
        }
        ++counts[trim(kind)];
    }
    std::vector<std::pair<std::string, int64_t>> out(counts.begin(), counts.end());
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    return out;
}

std::string datasetFolder(const std::string& path) {
    std::error_code ec;
    const fs::path p = fs::absolute(path, ec).lexically_normal();
    return fs::is_regular_file(p, ec) ? p.parent_path().string() : p.string();
}

void requireOutputFolder(const std::string& folder) {
    std::error_code ec;
    const fs::path f = fs::absolute(folder, ec).lexically_normal();
    for (fs::path p = f;; p = p.parent_path()) {
        struct stat st {};
        if (::stat(p.c_str(), &st) == 0) {
            if (!S_ISDIR(st.st_mode))
                throw Error(ErrorCode::InvalidArgument,
                            p == f ? "the output " + folder + " exists and is not a folder"
                                   : "the output folder " + folder + " cannot be created: " + p.string() +
                                         " is a file");
            if (::access(p.c_str(), W_OK | X_OK) != 0)
                throw Error(ErrorCode::Io, (p == f ? "the output folder " + folder + " is not writable: "
                                                   : "the output folder " + folder +
                                                         " cannot be created in " + p.string() + ": ") +
                                               std::strerror(errno));
            return;
        }
        if (p == p.root_path() || p.empty() || !p.has_relative_path()) return;
    }
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
