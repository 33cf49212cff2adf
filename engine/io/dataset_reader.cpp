// DatasetReader: decodes items of a listing, keeping recently used sources (IDX arrays, volumes) in a
// bounded cache shared by every thread that reads.
#include <filesystem>
#include <list>
#include <map>
#include <mutex>

#include <opencv2/imgproc.hpp>

#include "engine/api/dataset.h"
#include "engine/api/error.h"
#include "engine/io/dicom_reader.h"
#include "engine/io/idx.h"
#include "engine/io/image_loader.h"
#include "engine/io/intensity.h"
#include "engine/io/volume_scan.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

// What a source holds once read: its images as 8-bit planes (IDX), a canonical volume and its window
// (NIfTI, DICOM series), or decoded frames (DICOM images).
struct LoadedSource {
    io::IdxArray idx;
    io::Volume volume;
    io::Window window;  // volumes: one window for every slice
    std::vector<cv::Mat> frames;
    std::vector<std::string> identifying;
    std::vector<io::WindowPreset> presets;  // DICOM single files: the file's windows
    size_t bytes() const {
        size_t n = idx.data.size() + volume.bytes();
        for (const cv::Mat& f : frames)
            n += f.total() * f.elemSize();
        return n;
    }
};

io::Window presetOf(const std::vector<io::WindowPreset>& presets) {
    return presets.empty() ? io::Window{}
                           : io::Window{presets[0].center - presets[0].width / 2,
                                        presets[0].center + presets[0].width / 2};
}

std::vector<WindowPreset> fileWindows(const std::vector<io::WindowPreset>& presets) {
    std::vector<WindowPreset> out;
    for (const auto& p : presets) {
        WindowPreset w;
        w.kind = WindowPreset::Kind::File;
        w.name = p.name;
        w.low = p.center - p.width / 2;
        w.high = p.center + p.width / 2;
        out.push_back(w);
    }
    return out;
}

}  // namespace

struct DatasetReader::Impl {
    DatasetListing listing;
    size_t budget;
    mutable std::mutex mutex;
    mutable std::list<int32_t> lru;  // most recent first
    mutable std::map<int32_t, std::shared_ptr<const LoadedSource>> cache;
    mutable size_t cached = 0;

    std::shared_ptr<const LoadedSource> source(int32_t index) const {
        // One load at a time: the next reader of this source waits for it.
        std::lock_guard<std::mutex> lock(mutex);
        if (auto it = cache.find(index); it != cache.end()) {
            lru.remove(index);
            lru.push_front(index);
            return it->second;
        }
        const DatasetSource& s = listing.sources.at(static_cast<size_t>(index));
        auto loaded = std::make_shared<LoadedSource>();
        const std::string path = (fs::path(listing.root) / s.relativePath).string();
        switch (s.kind) {
            case SourceKind::Idx:
                loaded->idx = io::readIdx(path);
                break;
            case SourceKind::Nifti:
            case SourceKind::DicomSeries: {
                loaded->volume = io::loadVolumeSource(listing.root, s);
                const io::Volume& v = loaded->volume;
                const cv::Mat all(1, static_cast<int>(v.data.size()), CV_32F,
                                  const_cast<float*>(v.data.data()));
                const io::Window preset = presetOf(v.presets);
                loaded->window =
                    io::chooseWindow(listing.spec.window, all, v.presets.empty() ? nullptr : &preset);
                break;
            }
            case SourceKind::DicomImage:
                loaded->frames = io::readDicomFrames(path);
                {
                    io::DicomInfo info = io::readDicomInfo(path);
                    loaded->identifying = std::move(info.identifyingFields);
                    loaded->presets = std::move(info.windows);
                }
                break;
            case SourceKind::Image:
                throw Error(ErrorCode::Unsupported, "an image file is not a source");
        }
        while (!lru.empty() && cached + loaded->bytes() > budget) {
            cached -= cache.at(lru.back())->bytes();
            cache.erase(lru.back());
            lru.pop_back();
        }
        cache.emplace(index, loaded);
        lru.push_front(index);
        cached += loaded->bytes();
        return loaded;
    }

    ItemImage decode(const DatasetItem& item) const {
        ItemImage out;
        io::Window window;
        if (item.source < 0) {
            io::DecodedImage d = io::decodeImageFile((fs::path(listing.root) / item.relativePath).string());
            if (!d.ok()) {
                out.error = d.error;
                return out;
            }
            out.pixels = d.image;
            window = io::chooseWindow(listing.spec.window, out.pixels);
        } else {
            const DatasetSource& s = listing.sources.at(static_cast<size_t>(item.source));
            const auto src = source(item.source);
            bool invert = false;
            if (s.kind == SourceKind::Idx) {
                const io::IdxArray& a = src->idx;
                const int h = static_cast<int>(a.dims[1]), w = static_cast<int>(a.dims[2]);
                if (item.frame < 0 || item.frame >= a.dims[0])
                    throw Error(ErrorCode::NotFound, "image index out of range");
                const uint8_t* first = a.data.data() + static_cast<size_t>(item.frame) * h * w;
                out.pixels = cv::Mat(h, w, CV_8UC1, const_cast<uint8_t*>(first)).clone();
            } else if (s.kind == SourceKind::DicomImage) {
                if (item.frame < 0 || static_cast<size_t>(item.frame) >= src->frames.size())
                    throw Error(ErrorCode::NotFound, "frame out of range");
                out.pixels = src->frames[static_cast<size_t>(item.frame)];
                window = io::chooseWindow(listing.spec.window, out.pixels);
                out.identifyingFields = src->identifying;
                out.fileWindows = fileWindows(src->presets);
            } else {
                out.pixels = io::sourceSlice(src->volume, s, item.frame);
                window = src->window;
                invert = src->volume.invertDisplay;
                out.identifyingFields = src->volume.identifyingFields;
                out.fileWindows = fileWindows(src->volume.presets);
            }
            if (invert) {  // DICOM MONOCHROME1: high values are dark
                std::swap(window.low, window.high);
                for (WindowPreset& w : out.fileWindows)
                    std::swap(w.low, w.high);
            }
        }
        out.windowLow = window.low;
        out.windowHigh = window.high;
        out.display = io::applyWindow(out.pixels, window);
        return out;
    }
};

std::string itemOrientation(const DatasetListing& listing, size_t index) {
    const DatasetItem& item = listing.items.at(index);
    if (item.source < 0) return {};
    const DatasetSource& s = listing.sources.at(static_cast<size_t>(item.source));
    if (s.kind != SourceKind::Nifti && s.kind != SourceKind::DicomSeries) return {};
    const io::EdgeLetters e = io::edgeLetters(s.plane, Convention::Radiological);
    return {e.left, e.right, e.top, e.bottom};
}

std::vector<WindowPreset> windowPresets(const ItemImage& item) {
    std::vector<WindowPreset> out;
    if (!item.ok() || item.pixels.empty()) return out;
    WindowPreset scored;
    scored.low = item.windowLow;
    scored.high = item.windowHigh;
    out.push_back(scored);
    out.insert(out.end(), item.fileWindows.begin(), item.fileWindows.end());
    cv::Mat pixels = item.pixels.isContinuous() ? item.pixels : item.pixels.clone();
    if (pixels.channels() == 4) cv::cvtColor(pixels, pixels, cv::COLOR_BGRA2BGR);  // alpha is no intensity
    const cv::Mat values = pixels.reshape(1);  // every channel's values together
    WindowPreset full;
    full.kind = WindowPreset::Kind::FullRange;
    const io::Window w = io::percentileWindow(values, 0, 100);
    full.low = w.low;
    full.high = w.high;
    out.push_back(full);
    for (const auto& [lo, hi] : {std::pair<double, double>{1, 99}, {0.1, 99.9}}) {
        WindowPreset p;
        p.kind = WindowPreset::Kind::Percentiles;
        p.lowPercent = lo;
        p.highPercent = hi;
        const io::Window pw = io::percentileWindow(values, lo, hi);
        p.low = pw.low;
        p.high = pw.high;
        out.push_back(p);
    }
    return out;
}

cv::Mat applyIntensityWindow(const cv::Mat& pixels, double low, double high) {
    return io::applyWindow(pixels, io::Window{low, high > low ? high : low + 1e-6});
}

DatasetReader::DatasetReader(DatasetListing listing, size_t cacheBytes) : m_impl(std::make_unique<Impl>()) {
    m_impl->listing = std::move(listing);
    m_impl->budget = cacheBytes;
}

DatasetReader::~DatasetReader() = default;

const DatasetListing& DatasetReader::listing() const {
    return m_impl->listing;
}

ItemImage DatasetReader::read(size_t index) const {
    const DatasetItem& item = m_impl->listing.items.at(index);
    try {
        return m_impl->decode(item);
    } catch (const Error& e) {
        ItemImage out;
        out.error = e.message();
        return out;
    } catch (const std::exception& e) {
        ItemImage out;
        out.error = std::string("cannot be decoded: ") + e.what();
        return out;
    }
}

}  // namespace mlens
