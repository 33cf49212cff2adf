#include "engine/minority/score_cache.h"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "engine/api/error.h"
#include "engine/api/text.h"
#include "engine/core/atomic_file.h"

namespace fs = std::filesystem;

namespace mlens::minority {

ScoreCache::ScoreCache(std::string folder) : m_folder(std::move(folder)) {
    std::error_code ec;
    fs::create_directories(m_folder, ec);
    if (ec) throw Error(ErrorCode::Io, "cannot create the score cache " + m_folder + ": " + ec.message());
    for (const auto& e : fs::directory_iterator(m_folder, ec)) {
        const std::string name = e.path().filename().string();
        if (isPartialFile(name)) {  // a write in progress (another shard's) or one that was killed
            if (isAbandonedPartial(e.path().string())) fs::remove(e.path(), ec);
            continue;
        }
        if (e.path().extension() != ".json") continue;
        try {
            std::ifstream in(e.path());
            const auto j = nlohmann::json::parse(in);
            for (const auto& it : j.at("items"))
                m_entries[{it.at("path"), it.at("size"), it.at("mtime")}] = ScoreOutcome{
                    it.value("distances", std::vector<double>{}), it.value("problem", std::string())};
        } catch (const std::exception&) {
            spdlog::warn("score cache: ignoring unreadable {}", e.path().string());
        }
    }
}

// Entries are keyed by the escaped name (what the JSON holds), so names that are not UTF-8 resume too.
const ScoreOutcome* ScoreCache::find(const ItemIdentity& id) const {
    ItemIdentity key = id;
    key.path = escapeInvalidUtf8(id.path);
    auto it = m_entries.find(key);
    return it == m_entries.end() ? nullptr : &it->second;
}

void ScoreCache::putBatch(size_t batch, const std::vector<std::pair<ItemIdentity, ScoreOutcome>>& items) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [id, o] : items) {
        ItemIdentity key = id;
        key.path = escapeInvalidUtf8(id.path);
        nlohmann::json j = {{"path", key.path}, {"size", id.size}, {"mtime", id.mtime}};
        if (o.problem.empty())
            j["distances"] = o.distances;
        else
            j["problem"] = escapeInvalidUtf8(o.problem);
        list.push_back(std::move(j));
        m_entries[key] = o;
    }
    char name[32];
    std::snprintf(name, sizeof name, "batch-%06zu.json", batch);
    writeFileAtomically((fs::path(m_folder) / name).string(), nlohmann::json{{"items", list}}.dump());
}

}  // namespace mlens::minority
