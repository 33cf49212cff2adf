// DatasetReader: decodes items of a listing, keeping recently used sources (IDX arrays, volumes) in a
// bounded cache shared by every thread that reads.
#include <filesystem>
#include <list>
#include <map>
#include <mutex>

#include "engine/api/dataset.h"
#include "engine/api/error.h"
#include "engine/io/idx.h"
#include "engine/io/image_loader.h"
#include "engine/io/intensity.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

// What a source holds once read: its images as 8-bit planes (IDX).
struct LoadedSource {
    io::IdxArray idx;
    size_t bytes() const { return idx.data.size(); }
};

}  // namespace

struct DatasetReader::Impl {
    DatasetListing listing;
    size_t budget;
    mutable std::mutex mutex;
    mutable std::list<int32_t> lru;  // most recent first
    mutable std::map<int32_t, std::shared_ptr<const LoadedSource>> cache;
    mutable size_t cached = 0;

    std::shared_ptr<const LoadedSource> source(int32_t index) const {
        std::lock_guard<std::mutex> lock(
            mutex);  // one load at a time: the next reader of this source waits for it
        if (auto it = cache.find(index); it != cache.end()) {
            lru.remove(index);
            lru.push_front(index);
            return it->second;
        }
        const DatasetSource& s = listing.sources.at(static_cast<size_t>(index));
        auto loaded = std::make_shared<LoadedSource>();
        const std::string path = (fs::path(listing.root) / s.relativePath).string();
        if (s.kind == SourceKind::Idx)
            loaded->idx = io::readIdx(path);
        else
            throw Error(ErrorCode::Unsupported, "unsupported source kind");
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
            const auto src = source(item.source);
            const io::IdxArray& a = src->idx;
            const int h = static_cast<int>(a.dims[1]), w = static_cast<int>(a.dims[2]);
            if (item.frame < 0 || item.frame >= a.dims[0])
                throw Error(ErrorCode::NotFound, "image index out of range");
            out.pixels =
                cv::Mat(h, w, CV_8UC1,
                        const_cast<uint8_t*>(a.data.data()) + static_cast<size_t>(item.frame) * h * w)
                    .clone();
        }
        out.windowLow = window.low;
        out.windowHigh = window.high;
        out.display = io::applyWindow(out.pixels, window);
        return out;
    }
};

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
