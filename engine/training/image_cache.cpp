#include "engine/training/image_cache.h"

#include <torch/torch.h>

#include "engine/api/error.h"
#include "engine/io/image_loader.h"

namespace mlens::training {

ImageCache::ImageCache(const DatasetReader& reader, std::vector<size_t> items, int size, int channels,
                       Fit fit, int64_t budgetBytes, ProgressSink& progress)
    : m_reader(reader), m_items(std::move(items)), m_size(size), m_channels(channels), m_fit(fit) {
    const int64_t bytes = static_cast<int64_t>(m_items.size()) * channels * size * size;
    const bool fits = bytes <= budgetBytes;
    if (fits)
        m_all = torch::zeros({static_cast<int64_t>(m_items.size()), channels, size, size}, torch::kUInt8);
    for (size_t i = 0; i < m_items.size(); ++i) {
        try {
            const torch::Tensor t =
                load(i);  // without room for all, a validation pass: batches decode again later
            if (fits) m_all[static_cast<int64_t>(i)].copy_(t);
        } catch (const Error& e) {
            m_problems[i] = e.message();
        }
        if (i % 64 == 0 || i + 1 == m_items.size()) {
            progress.report(static_cast<int64_t>(i + 1), static_cast<int64_t>(m_items.size()),
                            "loading images");
            throwIfCancelled(progress);
        }
    }
}

torch::Tensor ImageCache::load(size_t position) const {
    const ItemImage img = m_reader.read(m_items[position]);
    if (!img.ok())
        throw Error(ErrorCode::Format,
                    m_reader.listing().items[m_items[position]].relativePath + ": " + img.error);
    // back to uint8 exactly: (x + 1) * 127.5 of the [-1, 1] preprocessing
    return io::admPreprocess(img.display, m_size, m_channels, m_fit)
        .add(1)
        .mul(127.5)
        .round()
        .to(torch::kUInt8);
}

torch::Tensor ImageCache::batch(const std::vector<int64_t>& positions) const {
    torch::Tensor u8;
    if (m_all.defined()) {
        u8 = m_all.index_select(0, torch::tensor(positions, torch::kInt64));
    } else {
        std::vector<torch::Tensor> parts;
        for (int64_t i : positions)
            parts.push_back(load(static_cast<size_t>(i)));
        u8 = torch::stack(parts);
    }
    return u8.to(torch::kFloat32).div(127.5).sub(1.0);
}

}  // namespace mlens::training
