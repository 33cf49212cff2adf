#include "engine/training/image_cache.h"

#include <torch/torch.h>

#include <filesystem>

#include "engine/api/error.h"
#include "engine/io/image_loader.h"

namespace mlens::training {

ImageCache::ImageCache(std::string root, std::vector<std::string> relativePaths, int size, int channels, int64_t budgetBytes,
                       ProgressSink& progress)
    : m_root(std::move(root)), m_paths(std::move(relativePaths)), m_size(size), m_channels(channels) {
    const int64_t bytes = static_cast<int64_t>(m_paths.size()) * channels * size * size;
    const bool fits = bytes <= budgetBytes;
    if (fits) m_all = torch::zeros({static_cast<int64_t>(m_paths.size()), channels, size, size}, torch::kUInt8);
    for (size_t i = 0; i < m_paths.size(); ++i) {
        if (fits) {
            try {
                m_all[static_cast<int64_t>(i)].copy_(load(i));
            } catch (const Error& e) {
                m_problems[i] = e.message();
            }
        } else if (const io::DecodedImage d = io::decodeImageFile((std::filesystem::path(m_root) / m_paths[i]).string()); !d.ok()) {
            m_problems[i] = d.error;  // validation pass: batches decode again later
        }
        if (i % 64 == 0 || i + 1 == m_paths.size()) {
            progress.report(static_cast<int64_t>(i + 1), static_cast<int64_t>(m_paths.size()), "loading images");
            throwIfCancelled(progress);
        }
    }
}

torch::Tensor ImageCache::load(size_t i) const {
    const std::string path = (std::filesystem::path(m_root) / m_paths[i]).string();
    const io::DecodedImage img = io::decodeImageFile(path);
    if (!img.ok()) throw Error(ErrorCode::Format, m_paths[i] + ": " + img.error);
    // back to uint8 exactly: (x + 1) * 127.5 of the [-1, 1] preprocessing
    return io::admPreprocess(img.image, m_size, m_channels).add(1).mul(127.5).round().to(torch::kUInt8);
}

torch::Tensor ImageCache::batch(const std::vector<int64_t>& indices) {
    torch::Tensor u8;
    if (m_all.defined()) {
        u8 = m_all.index_select(0, torch::tensor(indices, torch::kInt64));
    } else {
        std::vector<torch::Tensor> parts;
        for (int64_t i : indices) parts.push_back(load(static_cast<size_t>(i)));
        u8 = torch::stack(parts);
    }
    return u8.to(torch::kFloat32).div(127.5).sub(1.0);
}

}  // namespace mlens::training
