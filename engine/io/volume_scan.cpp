#include "engine/io/volume_scan.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include "engine/api/error.h"
#include "engine/io/dicom_reader.h"
#include "engine/io/nifti_reader.h"

namespace fs = std::filesystem;

namespace mlens::io {

namespace {

int64_t mtimeOf(const std::string& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return 0;
    return int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec;
}

uint64_t sizeOf(const std::string& p) {
    std::error_code ec;
    const uint64_t s = fs::file_size(p, ec);
    return ec ? 0 : s;
}

// A volume with one slice is an image in its own plane; others give their slices in `plane`.
Plane planeFor(const Volume& v, Plane wanted) {
    if (v.nz == 1) return Plane::Axial;
    if (v.ny == 1) return Plane::Coronal;
    if (v.nx == 1) return Plane::Sagittal;
    return wanted;
}

ScannedSource volumeSource(const Volume& v, DatasetSource s, const DatasetSpec& spec) {
    s.plane = planeFor(v, spec.plane);
    s.frames = sliceCount(v, s.plane);
    ScannedSource out;
    for (int64_t i = 0; i < s.frames; ++i) {
        s.positions.push_back(slicePosition(v, s.plane, i));
        if (spec.keepEmptySlices || !sliceIsConstant(v, s.plane, i))
            out.frames.push_back(static_cast<int32_t>(i));
    }
    char d[96];
    std::snprintf(d, sizeof d, "%lld x %lld x %lld volume (stored %s)", static_cast<long long>(v.nx),
                  static_cast<long long>(v.ny), static_cast<long long>(v.nz), v.stored.c_str());
    s.description = s.description.empty() ? d : s.description + ", " + d;
    out.source = std::move(s);
    return out;
}

// The reason alone: the problem list names the file already.
std::string reasonOf(const Error& e, const std::string& path) {
    const std::string& m = e.message();
    return m.rfind(path + ": ", 0) == 0 ? m.substr(path.size() + 2) : m;
}

}  // namespace

bool isVolumeCandidate(const std::string& path) {
    return isNiftiName(fs::path(path).filename().string()) || looksLikeDicom(path);
}

void VolumeScan::add(const std::string& absolute, const std::string& relative) {
    if (isNiftiName(fs::path(absolute).filename().string()))
        m_nifti.emplace_back(absolute, relative);
    else
        m_dicom.emplace_back(absolute, relative);
}

std::vector<ScannedSource> VolumeScan::finish(const std::string& root, const DatasetSpec& spec,
                                              std::vector<DatasetProblem>& problems) {
    std::vector<ScannedSource> out;
    for (const auto& [abs, rel] : m_nifti) {
        try {
            DatasetSource s;
            s.relativePath = rel;
            s.kind = SourceKind::Nifti;
            s.size = sizeOf(abs);
            s.mtimeNs = mtimeOf(abs);
            const Volume v = readNifti(abs);
            out.push_back(volumeSource(v, std::move(s), spec));
        } catch (const Error& e) {
            problems.push_back({rel, reasonOf(e, abs)});
        }
    }
    std::vector<DicomInfo> infos;
    std::vector<std::string> rels;
    for (const auto& [abs, rel] : m_dicom) {
        try {
            DicomInfo d = readDicomInfo(abs);
            if (!d.hasPixelData) {
                problems.push_back({rel, "no pixel data (a DICOM object without an image)"});
                continue;
            }
            infos.push_back(std::move(d));
            rels.push_back(rel);
        } catch (const Error& e) {
            problems.push_back({rel, reasonOf(e, abs)});
        }
    }
    std::map<std::string, int> namesUsed;
    for (const std::vector<size_t>& group : groupSeries(infos)) {
        const DicomInfo& first = infos[group.front()];
        DatasetSource s;
        for (size_t i : group) {
            s.files.push_back(rels[i]);
            s.size += sizeOf(infos[i].path);
            s.mtimeNs = std::max(s.mtimeNs, mtimeOf(infos[i].path));
        }
        const bool image = first.samples != 1 || !first.hasOrientation;
        if (image) {
            // a DICOM image without geometry: its frames as they are stored
            s.kind = SourceKind::DicomImage;
            s.relativePath = rels[group.front()];
            s.frames = first.frames;
            s.description = first.modality + " image, " + std::to_string(first.frames) + " frame(s)";
            ScannedSource scanned{std::move(s), {}};
            for (int f = 0; f < first.frames; ++f)
                scanned.frames.push_back(f);
            out.push_back(std::move(scanned));
            continue;
        }
        const std::string folder = fs::path(rels[group.front()]).parent_path().generic_string();
        std::string name =
            (folder.empty() ? "" : folder + "/") + "series-" + std::to_string(first.seriesNumber);
        if (namesUsed[name]++ > 0) name += "-" + std::to_string(namesUsed[name]);
        s.kind = SourceKind::DicomSeries;
        s.relativePath = name;
        s.description = first.modality + " series " + std::to_string(first.seriesNumber) + ", " +
                        std::to_string(group.size()) + " file(s)";
        try {
            const Volume v = loadVolumeSource(root, s);
            out.push_back(volumeSource(v, std::move(s), spec));
        } catch (const Error& e) {
            problems.push_back({rels[group.front()], reasonOf(e, infos[group.front()].path)});
        }
    }
    return out;
}

Volume loadVolumePath(const std::string& path) {
    std::error_code ec;
    if (fs::is_regular_file(path, ec) && isNiftiName(fs::path(path).filename().string()))
        return readNifti(path);
    std::vector<DicomInfo> infos;
    if (fs::is_regular_file(path, ec)) {
        infos.push_back(readDicomInfo(path));
    } else if (fs::is_directory(path, ec)) {
        for (const auto& e :
             fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec)) {
            if (!e.is_regular_file(ec) || !looksLikeDicom(e.path().string())) continue;
            try {
                DicomInfo d = readDicomInfo(e.path().string());
                if (d.hasPixelData) infos.push_back(std::move(d));
            } catch (const Error&) {
                // not a DICOM image: not part of the series
            }
        }
    } else {
        throw Error(ErrorCode::NotFound, "no such file or folder: " + path);
    }
    if (infos.empty()) throw Error(ErrorCode::Format, path + " holds no DICOM image");
    if (!infos.front().hasPixelData) throw Error(ErrorCode::Format, path + ": no pixel data");
    const auto groups = groupSeries(infos);
    if (groups.size() != 1)
        throw Error(ErrorCode::InvalidArgument, path + " holds " + std::to_string(groups.size()) +
                                                    " DICOM series; give the folder of one");
    std::vector<DicomInfo> series;
    for (size_t i : groups.front())
        series.push_back(infos[i]);
    return dicomSeriesVolume(series);
}

Volume loadVolumeSource(const std::string& root, const DatasetSource& source) {
    if (source.kind == SourceKind::Nifti) return readNifti((fs::path(root) / source.relativePath).string());
    std::vector<DicomInfo> infos;
    for (const std::string& f : source.files)
        infos.push_back(readDicomInfo((fs::path(root) / f).string()));
    return dicomSeriesVolume(infos);
}

cv::Mat sourceSlice(const Volume& volume, const DatasetSource& source, int32_t frame) {
    return volumeSlice(volume, source.plane, frame, Convention::Radiological);
}

}  // namespace mlens::io
