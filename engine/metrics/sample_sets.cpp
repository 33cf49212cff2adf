#include "engine/metrics/sample_sets.h"

#include <torch/nn/functional.h>
#include <torch/torch.h>

#include <cstring>
#include <filesystem>
#include <tuple>
#include <utility>

#include "engine/api/dataset.h"
#include "engine/api/error.h"
#include "engine/io/checkpoint.h"
#include "engine/io/image_loader.h"
#include "engine/io/npy.h"
#include "engine/io/torch_tensors.h"

namespace fs = std::filesystem;

namespace mlens::metrics {

namespace {

torch::Tensor fromNpy(const io::NpyArray& a) {
    torch::Tensor t = torch::empty(a.shape, torch::TensorOptions().dtype(io::toScalarType(a.dtype)));
    std::memcpy(t.data_ptr(), a.data.data(), a.data.size());
    return t;
}

torch::Tensor nhwcToImages(const torch::Tensor& u8, int size, int channels) {
    torch::Tensor x = u8.permute({0, 3, 1, 2}).to(torch::kFloat32).div(127.5).sub(1.0);
    if (channels == 1 && x.size(1) == 3) x = x.mean(1, true);
    if (channels == 3 && x.size(1) == 1) x = x.repeat({1, 3, 1, 1});
    if (size > 0 && (x.size(2) != size || x.size(3) != size))
        x = torch::nn::functional::interpolate(x, torch::nn::functional::InterpolateFuncOptions()
                                                      .size(std::vector<int64_t>{size, size})
                                                      .mode(torch::kBilinear)
                                                      .align_corners(false));
    return x;
}

void adopt(SampleSet& s, torch::Tensor t, int size, int channels, const std::string& what) {
    if (t.dim() == 2) {
        s.features = t.to(torch::kFloat64);
    } else if (t.dim() == 4 && t.scalar_type() == torch::kUInt8) {
        s.images = nhwcToImages(t, size, channels);
    } else if (t.dim() == 4 && t.is_floating_point()) {  // x0 [N, C, H, W] in [-1, 1]
        s.images = nhwcToImages(
            ((t.to(torch::kFloat32) + 1) * 127.5).clamp(0, 255).to(torch::kUInt8).permute({0, 2, 3, 1}), size,
            channels);
    } else {
        throw Error(
            ErrorCode::Unsupported,
            what + ": expected a [N, D] feature matrix or [N, H, W, C] uint8 / [N, C, H, W] float images");
    }
}

}  // namespace

std::pair<std::string, std::string> splitSetSpec(const std::string& spec) {
    const auto eq = spec.find('=');
    const std::string path = eq == std::string::npos ? spec : spec.substr(eq + 1);
    std::string name = eq == std::string::npos ? fs::path(path).stem().string() : spec.substr(0, eq);
    if (name.empty()) name = fs::path(path).filename().string();
    return {name, path};
}

SampleSet loadSampleSet(const std::string& spec, int imageSize, int channels, const DatasetSpec& imagesSpec) {
    SampleSet s;
    std::tie(s.name, s.path) = splitSetSpec(spec);
    const fs::path p(s.path);
    const std::string ext = p.extension().string();
    std::error_code ec;
    const bool container =
        ext == ".npz" || ext == ".npy" || ext == ".safetensors" || ext == ".pt" || ext == ".pth";
    if (fs::is_directory(p, ec) || (fs::is_regular_file(p, ec) && !container)) {
        DatasetSpec ds = imagesSpec;
        ds.path = s.path;
        auto reader = std::make_shared<const DatasetReader>(scanDataset(ds));
        // One decoding pass to know which items are images (and the size and channels the first one
        // sets); the pixels are decoded again, batch by batch, where they are used.
        for (size_t i = 0; i < reader->size(); ++i) {
            const ItemImage img = reader->read(i);
            if (!img.ok()) continue;
            if (channels == 0) channels = img.display.channels() == 1 ? 1 : 3;
            if (imageSize <= 0) imageSize = std::min(img.display.cols, img.display.rows);
            s.readable.push_back(i);
            s.itemNames.push_back(reader->listing().items[i].relativePath);
            if (!reader->listing().labelNames.empty()) s.labels.push_back(reader->listing().items[i].label);
        }
        s.labelNames = reader->listing().labelNames;
        if (s.readable.empty()) throw Error(ErrorCode::InvalidArgument, s.path + " holds no readable images");
        s.reader = std::move(reader);
        s.imageSize = imageSize;
        s.channels = channels;
        s.fit = ds.fit;
        return s;
    }
    if (!fs::exists(p, ec)) throw Error(ErrorCode::NotFound, "no such file or folder: " + s.path);
    if (ext == ".npz") {
        const auto arrays = io::readNpz(s.path);
        const io::NpyArray* a = nullptr;
        for (const auto& arr : arrays)
            if (arr.name == "arr_0" || arr.name == "features") a = &arr;
        if (!a) throw Error(ErrorCode::Format, s.path + " has no arr_0 (samples) or features");
        adopt(s, fromNpy(*a), imageSize, channels, s.path);
    } else if (ext == ".npy") {
        adopt(s, fromNpy(io::readNpy(s.path)), imageSize, channels, s.path);
    } else {
        const io::StateDict d = io::loadTensorFile(s.path);
        const torch::Tensor* t = io::findTensor(d, "features");
        if (!t) t = io::findTensor(d, "x0");
        if (!t && d.size() == 1) t = &d.front().second;
        if (!t) throw Error(ErrorCode::Format, s.path + " has no 'features' or 'x0' tensor");
        adopt(s, *t, imageSize, channels, s.path);
    }
    if (s.size() == 0) throw Error(ErrorCode::InvalidArgument, s.path + " is empty");
    if (s.images.defined()) {
        s.imageSize = static_cast<int>(s.images.size(2));
        s.channels = static_cast<int>(s.images.size(1));
    }
    return s;
}

torch::Tensor SampleSet::batch(int64_t first, int64_t n) const {
    if (first < 0 || n < 0 || first + n > size())
        throw Error(ErrorCode::InvalidArgument, name + ": images " + std::to_string(first) + ".." +
                                                    std::to_string(first + n - 1) + " are out of range");
    if (!reader) {
        if (!images.defined()) throw Error(ErrorCode::InvalidArgument, name + " holds features, not images");
        return images.narrow(0, first, n);
    }
    std::vector<torch::Tensor> xs;
    for (int64_t k = first; k < first + n; ++k) {
        const size_t item = readable[static_cast<size_t>(k)];
        const ItemImage img = reader->read(item);
        if (!img.ok())
            throw Error(ErrorCode::Format, reader->listing().items[item].relativePath +
                                               " could be read before and now cannot: " + img.error);
        xs.push_back(io::admPreprocess(img.display, imageSize, channels, fit));
    }
    return torch::stack(xs);
}

}  // namespace mlens::metrics
