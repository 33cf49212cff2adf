#include "engine/models/config_inference.h"

#include <algorithm>
#include <map>
#include <regex>

#include "engine/api/error.h"
#include "engine/models/adm_plan.h"

namespace mlens::models {

namespace {

using Shapes = std::map<std::string, std::vector<int64_t>>;

const std::string kAnchor = "input_blocks.0.0.weight";

bool prefixFor(const std::vector<io::NamedTensor>& tensors, std::string* prefix) {
    bool found = false;
    for (const auto& t : tensors) {
        const std::string& n = t.name;
        if (n.size() < kAnchor.size() || n.compare(n.size() - kAnchor.size(), kAnchor.size(), kAnchor) != 0)
            continue;
        const std::string p = n.substr(0, n.size() - kAnchor.size());
        if (!p.empty() && p.back() != '.') continue;
        // Prefer EMA weights when a training checkpoint holds several copies.
        if (!found || (p.find("ema") != std::string::npos && prefix->find("ema") == std::string::npos))
            *prefix = p;
        found = true;
    }
    return found;
}

Shapes shapesUnder(const std::vector<io::NamedTensor>& tensors, const std::string& prefix) {
    Shapes s;
    for (const auto& t : tensors)
        if (t.name.rfind(prefix, 0) == 0) s[t.name.substr(prefix.size())] = t.record->shape;
    return s;
}

const std::vector<int64_t>* find(const Shapes& s, const std::string& k) {
    auto it = s.find(k);
    return it == s.end() ? nullptr : &it->second;
}

int64_t dim(const Shapes& s, const std::string& k, size_t i) {
    const auto* v = find(s, k);
    if (!v || v->size() <= i)
        throw Error(ErrorCode::Unsupported, "expected tensor '" + k + "' is missing or has the wrong rank");
    return (*v)[i];
}

int countBlocks(const Shapes& s, const std::string& list) {
    int n = 0;
    for (const auto& [k, v] : s) {
        if (k.rfind(list + ".", 0) != 0) continue;
        const size_t start = list.size() + 1;
        const size_t end = k.find('.', start);
        try {
            n = std::max(n, std::stoi(k.substr(start, end - start)) + 1);
        } catch (const std::exception&) {
        }
    }
    return n;
}

}  // namespace

std::optional<AdmKind> detectAdmKind(const std::vector<io::NamedTensor>& tensors, std::string* prefixOut) {
    std::string prefix;
    if (!prefixFor(tensors, &prefix)) return std::nullopt;
    const Shapes s = shapesUnder(tensors, prefix);
    if (!find(s, "time_embed.0.weight")) return std::nullopt;
    if (prefixOut) *prefixOut = prefix;
    for (const auto& [k, v] : s)
        if (k.rfind("output_blocks.", 0) == 0) return AdmKind::UNet;
    return AdmKind::EncoderUNet;
}

InferredConfig inferAdmConfig(const std::vector<io::NamedTensor>& tensors, const std::string& fileName) {
    InferredConfig result;
    const auto kind = detectAdmKind(tensors, &result.prefix);
    if (!kind)
        throw Error(ErrorCode::Unsupported,
                    "not a guided-diffusion UNetModel or EncoderUNetModel state dict (no "
                    "input_blocks.0.0.weight / time_embed)");
    const Shapes s = shapesUnder(tensors, result.prefix);

    AdmConfig base;
    base.kind = *kind;
    base.modelChannels = static_cast<int>(dim(s, "time_embed.0.weight", 1));
    base.inChannels = static_cast<int>(dim(s, "input_blocks.0.0.weight", 1));
    const int firstCh = static_cast<int>(dim(s, "input_blocks.0.0.weight", 0));
    const bool scaleShift = dim(s, "input_blocks.1.0.emb_layers.1.weight", 0) ==
                            2 * dim(s, "input_blocks.1.0.out_layers.3.weight", 0);
    base.useScaleShiftNorm = scaleShift;
    if (const auto* le = find(s, "label_emb.weight")) base.numClasses = static_cast<int>((*le)[0]);
    if (*kind == AdmKind::UNet) {
        base.outChannels = static_cast<int>(dim(s, "out.2.weight", 0));
    } else {
        const auto* out0 = find(s, "out.0.weight");
        if (find(s, "out.2.positional_embedding")) {
            base.pool = "attention";
            base.outChannels = static_cast<int>(dim(s, "out.2.c_proj.weight", 0));
        } else if (out0 && out0->size() == 1) {
            base.pool = "adaptive";
            base.outChannels = static_cast<int>(dim(s, "out.3.weight", 0));
        } else if (find(s, "out.1.weight")) {
            base.pool = "spatial_v2";
            base.outChannels = static_cast<int>(dim(s, "out.3.weight", 0));
        } else {
            base.pool = "spatial";
            base.outChannels = static_cast<int>(dim(s, "out.2.weight", 0));
        }
    }
    const int n = countBlocks(s, "input_blocks");

    std::vector<AdmConfig> matches;
    for (int nrb = 1; nrb < n; ++nrb) {
        if (n % (nrb + 1)) continue;
        const int levels = n / (nrb + 1);
        AdmConfig c = base;
        c.numResBlocks = nrb;
        c.channelMult.clear();
        c.attentionResolutions.clear();
        bool ok = true;
        for (int l = 0; l < levels && ok; ++l) {
            const std::string first = "input_blocks." + std::to_string(1 + l * (nrb + 1));
            const auto* w = find(s, first + ".0.out_layers.3.weight");
            if (!w || (*w)[0] % c.modelChannels) {
                ok = false;
                break;
            }
            c.channelMult.push_back(static_cast<int>((*w)[0] / c.modelChannels));
            if (find(s, first + ".1.qkv.weight")) c.attentionResolutions.push_back(1 << l);
        }
        if (!ok || c.channelMult.empty() || c.channelMult[0] * c.modelChannels != firstCh) continue;
        c.numHeads = 1;  // heads do not change shapes; any valid value will do for matching
        c.numHeadChannels = c.pool == "attention" ? 1 : -1;
        if (c.pool == "attention") {
            const int64_t tokens = dim(s, "out.2.positional_embedding", 1) - 1;
            int64_t side = 0;
            while ((side + 1) * (side + 1) <= tokens)
                ++side;
            if (side * side != tokens) continue;
            c.imageSize = static_cast<int>(side) * c.downsampleFactor();
        }
        for (const auto& [updown, convResample] :
             {std::pair{false, true}, std::pair{false, false}, std::pair{true, true}}) {
            AdmConfig cand = c;
            cand.resblockUpdown = updown;
            cand.convResample = convResample;
            try {
                if (expectedShapes(cand) == s) matches.push_back(cand);
            } catch (const Error&) {
                // not a valid configuration
            }
        }
    }
    if (matches.empty())
        throw Error(ErrorCode::Unsupported,
                    "could not infer the architecture from the checkpoint's names and shapes; pass the "
                    "model's config JSON");
    if (matches.size() > 1)
        throw Error(ErrorCode::Unsupported,
                    std::to_string(matches.size()) +
                        " architectures fit this checkpoint's shapes; pass the model's config JSON");

    AdmConfig& c = result.config = matches.front();
    result.inferred = {"in_channels",          "model_channels",  "out_channels",
                       "num_res_blocks",       "channel_mult",    "attention_resolutions",
                       "use_scale_shift_norm", "resblock_updown", "conv_resample"};
    result.inferred.push_back("num_classes");
    if (c.kind == AdmKind::EncoderUNet) result.inferred.push_back("pool");

    // Heads are not stored in the weights. guided-diffusion releases (resblock_updown) use 64
    // channels per head; improved-diffusion models use 4 heads.
    if (c.resblockUpdown || c.pool == "attention") {
        c.numHeadChannels = 64;
        c.numHeads = 1;
        bool divisible = true;
        for (int m : c.channelMult)
            divisible &= (m * c.modelChannels) % 64 == 0;
        if (!divisible) c.numHeadChannels = 32;
        result.assumed.push_back(
            "num_head_channels=" + std::to_string(c.numHeadChannels) +
            (divisible ? " (not stored in the weights; guided-diffusion's default)"
                       : " (not stored in the weights; guided-diffusion's 64 does not divide every level)"));
    } else {
        c.numHeads = 4;
        c.numHeadChannels = -1;
        result.assumed.push_back("num_heads=4 (not stored in the weights; improved-diffusion's default)");
    }
    result.assumed.push_back("use_new_attention_order=false (not stored in the weights)");
    if (c.pool == "attention") {
        result.inferred.push_back("image_size");
    } else {
        std::smatch m;
        const std::regex sizeInName("(\\d{2,4})x(\\d{2,4})");
        if (std::regex_search(fileName, m, sizeInName) && m[1] == m[2]) {
            c.imageSize = std::stoi(m[1]);
            result.assumed.push_back("image_size=" + std::to_string(c.imageSize) + " (from the file name)");
        } else {
            c.imageSize = 64;
            result.assumed.push_back("image_size=64 (not stored in the weights)");
        }
    }
    c.validate();
    return result;
}

}  // namespace mlens::models
