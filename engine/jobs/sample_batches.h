#pragma once
// The finished batches of a sharded sample job (api/sampling.h, SampleRequest::shard), one
// safetensors file each under OUT/shards/sample-<key>/, written atomically by the shard that owns the
// batch, so that shards never write the same file and a merge rebuilds the set without sampling.
// The key hashes the resolved parameters (which never hold the shard) without the device and the
// output folder.
#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <string>

namespace mlens {

class SampleBatches {
public:
    SampleBatches(const std::string& outDir, const nlohmann::json& parameters);
    const std::string& folder() const { return m_folder; }
    // Whether a store for these parameters exists already (an earlier shard wrote into it).
    bool exists() const;

    bool has(bool guided, int64_t batch) const;
    // x0 [n, C, H, W] of the batch, and the parameters (with the device) it was made with.
    torch::Tensor load(bool guided, int64_t batch, nlohmann::json* parameters = nullptr) const;
    void save(bool guided, int64_t batch, const torch::Tensor& x0, const nlohmann::json& parameters) const;

private:
    std::string file(bool guided, int64_t batch) const;
    std::string m_folder;
};

}  // namespace mlens
