#include "engine/jobs/sample_batches.h"

#include <cstdio>
#include <filesystem>

#include "engine/api/error.h"
#include "engine/core/file_hash.h"
#include "engine/io/checkpoint.h"
#include "engine/io/torch_tensors.h"

namespace fs = std::filesystem;

namespace mlens {

SampleBatches::SampleBatches(const std::string& outDir, const nlohmann::json& parameters) {
    nlohmann::json key = parameters;
    key.erase("device");   // shards may run on other devices than the merge
    key.erase("out_dir");  // and see the shared folder under another path
    m_folder = (fs::path(outDir) / "shards" / ("sample-" + sha256Hex(key.dump()).substr(0, 16))).string();
}

bool SampleBatches::exists() const {
    std::error_code ec;
    return fs::is_directory(m_folder, ec);
}

std::string SampleBatches::file(bool guided, int64_t batch) const {
    char name[48];
    std::snprintf(name, sizeof name, "%s-%06lld.safetensors", guided ? "guided" : "baseline",
                  static_cast<long long>(batch));
    return (fs::path(m_folder) / name).string();
}

bool SampleBatches::has(bool guided, int64_t batch) const {
    std::error_code ec;
    return fs::exists(file(guided, batch), ec);
}

torch::Tensor SampleBatches::load(bool guided, int64_t batch, nlohmann::json* parameters) const {
    const std::string path = file(guided, batch);
    return withContext("reading the shard batch " + path, [&] {
        const io::Checkpoint ckpt = io::Checkpoint::open(path);
        if (parameters) {
            const auto it = ckpt.metadata().find("minoritylens");
            *parameters = it == ckpt.metadata().end() ? nlohmann::json() : nlohmann::json::parse(it->second);
        }
        return io::requireTensor(io::loadAllTensors(ckpt), "x0");
    });
}

void SampleBatches::save(bool guided, int64_t batch, const torch::Tensor& x0,
                         const nlohmann::json& parameters) const {
    std::error_code ec;
    fs::create_directories(m_folder, ec);
    if (ec) throw Error(ErrorCode::Io, "cannot create " + m_folder + ": " + ec.message());
    io::saveSafetensors(file(guided, batch), {{"x0", x0.contiguous()}},
                        {{"minoritylens", parameters.dump()}});
}

}  // namespace mlens
