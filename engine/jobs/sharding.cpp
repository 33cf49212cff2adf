#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>

#include "engine/api/error.h"
#include "engine/core/atomic_file.h"
#include "engine/jobs/shard_status.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

bool parseInt(const std::string& text, long& out) {
    if (text.empty()) return false;
    char* end = nullptr;
    errno = 0;
    out = std::strtol(text.c_str(), &end, 10);
    return errno == 0 && end && *end == '\0';
}

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

std::string utcNow() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace

std::string Shard::fileStem(const std::string& job) const {
    return job + "-" + std::to_string(index) + "-of-" + std::to_string(count);
}

Shard parseShard(const std::string& text) {
    long k = 0, n = 0;
    if (text.rfind("auto/", 0) == 0) {  // a rerun of some tasks: the task ID is the shard, N is given
        const std::string id = env("SLURM_ARRAY_TASK_ID");
        if (id.empty())
            throw Error(ErrorCode::InvalidArgument,
                        "--shard " + text + " needs a Slurm array task (SLURM_ARRAY_TASK_ID is not set)");
        if (!parseInt(id, k) || !parseInt(text.substr(5), n))
            throw Error(ErrorCode::InvalidArgument, "--shard " + text + ": not a number");
        if (n < 1 || k < 0 || k >= n)
            throw Error(ErrorCode::InvalidArgument,
                        "--shard " + text + ": array task " + id + " is outside 0.." + std::to_string(n - 1));
    } else if (text == "auto") {
        const std::string id = env("SLURM_ARRAY_TASK_ID"), count = env("SLURM_ARRAY_TASK_COUNT");
        if (id.empty() || count.empty())
            throw Error(ErrorCode::InvalidArgument,
                        "--shard auto needs a Slurm array task (SLURM_ARRAY_TASK_ID and "
                        "SLURM_ARRAY_TASK_COUNT are not set)");
        long min = 0;
        if (!parseInt(id, k) || !parseInt(count, n) ||
            (!env("SLURM_ARRAY_TASK_MIN").empty() && !parseInt(env("SLURM_ARRAY_TASK_MIN"), min)))
            throw Error(ErrorCode::InvalidArgument, "--shard auto: Slurm's array variables are not numbers");
        k -= min;  // --array=1-3 gives tasks 1..3: shards 0..2
        if (k < 0 || k >= n)
            throw Error(ErrorCode::InvalidArgument,
                        "--shard auto: array task " + id + " is outside 0.." + std::to_string(n - 1) +
                            " (use a contiguous --array=0-" + std::to_string(n - 1) + ")");
    } else {
        const size_t slash = text.find('/');
        if (slash == std::string::npos || !parseInt(text.substr(0, slash), k) ||
            !parseInt(text.substr(slash + 1), n))
            throw Error(ErrorCode::InvalidArgument,
                        "--shard takes K/N (0-based, e.g. 0/4) or auto, not '" + text + "'");
        if (n < 1 || k < 0 || k >= n)
            throw Error(ErrorCode::InvalidArgument,
                        "--shard " + text + ": K must lie in 0..N-1 and N be at least 1");
    }
    if (n > 100000) throw Error(ErrorCode::InvalidArgument, "--shard: at most 100000 shards");
    return Shard{static_cast<int>(k), static_cast<int>(n)};
}

void writeShardStatus(const std::string& ws, const std::string& job, ShardStatus s) {
    const fs::path dir = fs::path(ws) / "shards";
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(ErrorCode::Io, "cannot create " + dir.string() + ": " + ec.message());
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    const nlohmann::json j = {{"job", job},
                              {"shard", s.shard.index},
                              {"count", s.shard.count},
                              {"units", s.units},
                              {"done", s.done},
                              {"finished", s.finished},
                              {"items_per_second", s.itemsPerSecond},
                              {"host", host},
                              {"pid", ::getpid()},
                              {"updated", utcNow()}};
    writeFileAtomically((dir / (s.shard.fileStem(job) + ".json")).string(), j.dump(1));
}

std::vector<ShardStatus> readShardStatus(const std::string& ws, const std::string& job) {
    std::vector<ShardStatus> out;
    const fs::path dir = fs::path(ws) / "shards";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return out;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (e.path().extension() != ".json" || name.rfind(job + "-", 0) != 0) continue;
        try {
            std::ifstream in(e.path());
            const auto j = nlohmann::json::parse(in);
            if (j.value("job", "") != job) continue;
            ShardStatus s;
            s.shard = {j.at("shard").get<int>(), j.at("count").get<int>()};
            s.file = e.path().string();
            s.units = j.at("units").get<int64_t>();
            s.done = j.at("done").get<int64_t>();
            s.finished = j.at("finished").get<bool>();
            s.itemsPerSecond = j.value("items_per_second", 0.0);
            s.host = j.value("host", "");
            s.updated = j.value("updated", "");
            out.push_back(std::move(s));
        } catch (const std::exception&) {
            continue;  // a file that is not a shard status of ours
        }
    }
    std::sort(out.begin(), out.end(), [](const ShardStatus& a, const ShardStatus& b) {
        return std::tie(a.shard.count, a.shard.index) < std::tie(b.shard.count, b.shard.index);
    });
    return out;
}

std::string shardsToRerun(const std::string& ws, const std::string& job, const std::vector<uint64_t>& missing,
                          const std::string& withoutShards) {
    auto owes = [&](const Shard& s) {
        return std::any_of(missing.begin(), missing.end(), [&](uint64_t u) { return s.owns(u); });
    };
    const std::vector<ShardStatus> shards = readShardStatus(ws, job);
    std::vector<std::string> owing;
    std::set<std::pair<int, int>> started;
    for (const ShardStatus& s : shards) {
        started.insert({s.shard.count, s.shard.index});
        if (owes(s.shard)) owing.push_back(s.shard.label());
    }
    if (!shards.empty()) {
        const int n = shards.back().shard.count;
        for (int k = 0; k < n; ++k)
            if (!started.count({n, k}) && owes(Shard{k, n}))
                owing.push_back(Shard{k, n}.label() + " (never started)");
    }
    if (owing.empty()) return withoutShards;
    std::string text = owing.size() > 1 ? "rerun shards " : "rerun shard ";
    for (size_t i = 0; i < owing.size(); ++i)
        text += (i ? ", " : "") + owing[i];
    return text;
}

}  // namespace mlens
