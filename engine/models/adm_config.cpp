#include "engine/models/adm_config.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "engine/api/error.h"

namespace mlens::models {

const char* kindName(AdmKind kind) noexcept {
    return kind == AdmKind::UNet ? "UNetModel" : "EncoderUNetModel";
}

namespace {

std::vector<int> intList(const nlohmann::json& v, const char* key) {
    std::vector<int> out;
    if (v.is_string()) {
        std::stringstream ss(v.get<std::string>());
        std::string part;
        while (std::getline(ss, part, ',')) {
            if (part.empty()) continue;
            try {
                out.push_back(std::stoi(part));
            } catch (const std::exception&) {
                throw Error(ErrorCode::InvalidArgument,
                            std::string(key) + ": '" + part + "' is not an integer");
            }
        }
        return out;
    }
    if (v.is_number_integer()) return {v.get<int>()};
    if (!v.is_array())
        throw Error(ErrorCode::InvalidArgument, std::string(key) + " must be a list of integers");
    for (const auto& i : v) {
        if (i.is_number_integer())
            out.push_back(i.get<int>());
        else if (i.is_number_float() && i.get<double>() == static_cast<int>(i.get<double>()))
            out.push_back(static_cast<int>(i.get<double>()));
        else
            throw Error(ErrorCode::InvalidArgument, std::string(key) + " must be a list of integers");
    }
    return out;
}

template <class T>
void read(const nlohmann::json& kw, const char* key, T& out) {
    const auto it = kw.find(key);
    if (it == kw.end() || it->is_null()) return;
    try {
        out = it->get<T>();
    } catch (const nlohmann::json::exception&) {
        throw Error(ErrorCode::InvalidArgument, std::string("config value '") + key + "' has the wrong type");
    }
}

}  // namespace

void AdmConfig::validate() const {
    auto bad = [](const std::string& why) {
        throw Error(ErrorCode::InvalidArgument, "model config: " + why);
    };
    if (dims != 2) bad("only dims=2 (images) is supported");
    if (inChannels < 1) bad("in_channels must be positive");
    if (outChannels < 1) bad("out_channels must be positive");
    if (modelChannels < 1) bad("model_channels must be positive");
    if (numResBlocks < 1) bad("num_res_blocks must be at least 1");
    if (channelMult.empty()) bad("channel_mult is empty");
    for (int m : channelMult)
        if (m < 1) bad("channel_mult values must be positive");
    if (imageSize < 1) bad("image_size must be positive");
    if (numHeads < 1 && numHeadChannels == -1) bad("num_heads must be positive");
    if (numClasses && *numClasses < 1) bad("num_classes must be positive");
    if (dropout < 0 || dropout >= 1) bad("dropout must be in [0, 1)");
    for (int m : channelMult)
        if ((m * modelChannels) % 32)
            bad("channels (" + std::to_string(m * modelChannels) +
                ") must be a multiple of 32 for GroupNorm(32)");
    if (kind == AdmKind::EncoderUNet) {
        if (pool != "adaptive" && pool != "attention" && pool != "spatial" && pool != "spatial_v2")
            bad("unknown pool '" + pool + "'");
        if (pool == "attention" && numHeadChannels == -1) bad("pool 'attention' needs num_head_channels");
        if (pool == "attention" && imageSize % downsampleFactor())
            bad("image_size is not divisible by the downsampling");
    }
}

AdmConfig configFromJson(const nlohmann::json& json, AdmKind defaultKind) {
    if (!json.is_object()) throw Error(ErrorCode::InvalidArgument, "model config must be a JSON object");
    AdmConfig c;
    c.kind = defaultKind;
    const nlohmann::json* kw = &json;
    if (json.contains("kwargs")) {
        kw = &json.at("kwargs");
        const std::string cls = json.value("class", "");
        if (cls == "UNetModel")
            c.kind = AdmKind::UNet;
        else if (cls == "EncoderUNetModel")
            c.kind = AdmKind::EncoderUNet;
        else if (!cls.empty())
            throw Error(ErrorCode::Unsupported, "model class '" + cls + "' is not supported");
    }
    if (!kw->is_object()) throw Error(ErrorCode::InvalidArgument, "model config kwargs must be an object");
    read(*kw, "image_size", c.imageSize);
    read(*kw, "in_channels", c.inChannels);
    read(*kw, "model_channels", c.modelChannels);
    read(*kw, "out_channels", c.outChannels);
    read(*kw, "num_res_blocks", c.numResBlocks);
    read(*kw, "dropout", c.dropout);
    read(*kw, "conv_resample", c.convResample);
    read(*kw, "dims", c.dims);
    read(*kw, "use_fp16", c.useFp16);
    read(*kw, "num_heads", c.numHeads);
    read(*kw, "num_head_channels", c.numHeadChannels);
    read(*kw, "num_heads_upsample", c.numHeadsUpsample);
    read(*kw, "use_scale_shift_norm", c.useScaleShiftNorm);
    read(*kw, "resblock_updown", c.resblockUpdown);
    read(*kw, "use_new_attention_order", c.useNewAttentionOrder);
    read(*kw, "pool", c.pool);
    if (kw->contains("channel_mult") && !kw->at("channel_mult").is_null()) {
        const auto& cm = kw->at("channel_mult");
        c.channelMult = intList(cm, "channel_mult");
    }
    if (kw->contains("attention_resolutions") && !kw->at("attention_resolutions").is_null()) {
        const auto& ar = kw->at("attention_resolutions");
        const std::vector<int> values = intList(ar, "attention_resolutions");
        c.attentionResolutions.clear();
        for (int v : values) {
            if (v <= 0)
                throw Error(ErrorCode::InvalidArgument, "attention_resolutions values must be positive");
            // script_util passes resolutions as a string and divides image_size by them
            c.attentionResolutions.push_back(ar.is_string() ? c.imageSize / v : v);
        }
    }
    if (kw->contains("num_classes") && !kw->at("num_classes").is_null())
        c.numClasses = kw->at("num_classes").get<int>();
    c.validate();
    return c;
}

AdmConfig loadConfigFile(const std::string& path, AdmKind defaultKind) {
    std::ifstream in(path);
    if (!in) throw Error(ErrorCode::NotFound, "cannot read model config " + path);
    try {
        return withContext("model config " + path,
                           [&] { return configFromJson(nlohmann::json::parse(in), defaultKind); });
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorCode::Format, "model config " + path + " is not valid JSON: " + e.what());
    }
}

nlohmann::json configToJson(const AdmConfig& c) {
    nlohmann::json kw = {
        {"image_size", c.imageSize},
        {"in_channels", c.inChannels},
        {"model_channels", c.modelChannels},
        {"out_channels", c.outChannels},
        {"num_res_blocks", c.numResBlocks},
        {"attention_resolutions", c.attentionResolutions},
        {"dropout", c.dropout},
        {"channel_mult", c.channelMult},
        {"conv_resample", c.convResample},
        {"dims", c.dims},
        {"use_fp16", c.useFp16},
        {"num_heads", c.numHeads},
        {"num_head_channels", c.numHeadChannels},
        {"num_heads_upsample", c.numHeadsUpsample},
        {"use_scale_shift_norm", c.useScaleShiftNorm},
        {"resblock_updown", c.resblockUpdown},
        {"use_new_attention_order", c.useNewAttentionOrder},
    };
    if (c.kind == AdmKind::UNet)
        kw["num_classes"] = c.numClasses ? nlohmann::json(*c.numClasses) : nlohmann::json(nullptr);
    else
        kw["pool"] = c.pool;
    if (c.kind == AdmKind::EncoderUNet && c.numClasses) kw["num_classes"] = *c.numClasses;
    return {{"class", kindName(c.kind)}, {"kwargs", kw}};
}

}  // namespace mlens::models
