#include "engine/models/adm_plan.h"

#include <algorithm>

#include "engine/api/error.h"

namespace mlens::models {

namespace {

int headsFor(int channels, int numHeads, int numHeadChannels) {
    // AttentionBlock: num_head_channels overrides num_heads
    if (numHeadChannels == -1) return numHeads;
    if (numHeadChannels <= 0 || channels % numHeadChannels)
        throw Error(ErrorCode::InvalidArgument, "attention channels " + std::to_string(channels) +
                                                    " are not divisible by num_head_channels " +
                                                    std::to_string(numHeadChannels));
    return channels / numHeadChannels;
}

LayerPlan res(int in, int out, bool up = false, bool down = false) {
    LayerPlan l;
    l.type = LayerPlan::Type::Res;
    l.in = in;
    l.out = out;
    l.up = up;
    l.down = down;
    return l;
}

LayerPlan attention(int ch, int heads) {
    LayerPlan l;
    l.type = LayerPlan::Type::Attention;
    l.in = l.out = ch;
    l.heads = heads;
    if (heads < 1 || ch % heads)
        throw Error(ErrorCode::InvalidArgument, "attention channels " + std::to_string(ch) +
                                                    " do not split into " + std::to_string(heads) + " heads");
    return l;
}

bool hasAttention(const AdmConfig& c, int ds) {
    return std::find(c.attentionResolutions.begin(), c.attentionResolutions.end(), ds) !=
           c.attentionResolutions.end();
}

}  // namespace

AdmPlan planAdm(const AdmConfig& c) {
    c.validate();
    AdmPlan p;
    p.timeEmbedDim = c.modelChannels * 4;
    const int headsUp = c.numHeadsUpsample == -1 ? c.numHeads : c.numHeadsUpsample;
    int ch = c.channelMult[0] * c.modelChannels;
    p.firstChannels = ch;
    LayerPlan conv;
    conv.type = LayerPlan::Type::Conv;
    conv.in = c.inChannels;
    conv.out = ch;
    p.input.push_back({conv});
    p.featureSize = ch;
    std::vector<int> inputChans = {ch};
    int ds = 1;
    const int levels = static_cast<int>(c.channelMult.size());
    for (int level = 0; level < levels; ++level) {
        for (int i = 0; i < c.numResBlocks; ++i) {
            BlockPlan block = {res(ch, c.channelMult[level] * c.modelChannels)};
            ch = c.channelMult[level] * c.modelChannels;
            if (hasAttention(c, ds))
                block.push_back(attention(ch, headsFor(ch, c.numHeads, c.numHeadChannels)));
            p.input.push_back(block);
            p.featureSize += ch;
            inputChans.push_back(ch);
        }
        if (level != levels - 1) {
            if (c.resblockUpdown) {
                p.input.push_back({res(ch, ch, false, true)});
            } else {
                LayerPlan down;
                down.type = LayerPlan::Type::Downsample;
                down.in = down.out = ch;
                down.useConv = c.convResample;
                p.input.push_back({down});
            }
            inputChans.push_back(ch);
            ds *= 2;
            p.featureSize += ch;
        }
    }
    p.middle = {res(ch, ch), attention(ch, headsFor(ch, c.numHeads, c.numHeadChannels)), res(ch, ch)};
    p.featureSize += ch;
    p.finalDs = ds;
    if (c.kind == AdmKind::UNet) {
        for (int level = levels - 1; level >= 0; --level) {
            for (int i = 0; i <= c.numResBlocks; ++i) {
                const int ich = inputChans.back();
                inputChans.pop_back();
                BlockPlan block = {res(ch + ich, c.modelChannels * c.channelMult[level])};
                ch = c.modelChannels * c.channelMult[level];
                if (hasAttention(c, ds))
                    block.push_back(attention(ch, headsFor(ch, headsUp, c.numHeadChannels)));
                if (level && i == c.numResBlocks) {
                    if (c.resblockUpdown) {
                        block.push_back(res(ch, ch, true, false));
                    } else {
                        LayerPlan up;
                        up.type = LayerPlan::Type::Upsample;
                        up.in = up.out = ch;
                        up.useConv = c.convResample;
                        block.push_back(up);
                    }
                    ds /= 2;
                }
                p.output.push_back(block);
            }
        }
    }
    p.finalChannels = ch;
    return p;
}

namespace {

using Shapes = std::map<std::string, std::vector<int64_t>>;

void addLinear(Shapes& s, const std::string& p, int64_t in, int64_t out) {
    s[p + ".weight"] = {out, in};
    s[p + ".bias"] = {out};
}
void addConv(Shapes& s, const std::string& p, int64_t in, int64_t out, int64_t k, int dims = 2) {
    s[p + ".weight"] = dims == 1 ? std::vector<int64_t>{out, in, k} : std::vector<int64_t>{out, in, k, k};
    s[p + ".bias"] = {out};
}
void addNorm(Shapes& s, const std::string& p, int64_t ch) {
    s[p + ".weight"] = {ch};
    s[p + ".bias"] = {ch};
}

void addLayer(Shapes& s, const std::string& p, const LayerPlan& l, const AdmConfig& c, int timeEmbedDim) {
    switch (l.type) {
        case LayerPlan::Type::Conv:
            addConv(s, p, l.in, l.out, 3);
            break;
        case LayerPlan::Type::Res:
            addNorm(s, p + ".in_layers.0", l.in);
            addConv(s, p + ".in_layers.2", l.in, l.out, 3);
            addLinear(s, p + ".emb_layers.1", timeEmbedDim, c.useScaleShiftNorm ? 2 * l.out : l.out);
            addNorm(s, p + ".out_layers.0", l.out);
            addConv(s, p + ".out_layers.3", l.out, l.out, 3);
            if (l.in != l.out) addConv(s, p + ".skip_connection", l.in, l.out, 1);
            break;
        case LayerPlan::Type::Attention:
            addNorm(s, p + ".norm", l.in);
            addConv(s, p + ".qkv", l.in, 3 * l.in, 1, 1);
            addConv(s, p + ".proj_out", l.in, l.in, 1, 1);
            break;
        case LayerPlan::Type::Downsample:
            if (l.useConv) addConv(s, p + ".op", l.in, l.out, 3);
            break;
        case LayerPlan::Type::Upsample:
            if (l.useConv) addConv(s, p + ".conv", l.in, l.out, 3);
            break;
    }
}

void addBlock(Shapes& s, const std::string& p, const BlockPlan& b, const AdmConfig& c, int ted) {
    for (size_t j = 0; j < b.size(); ++j)
        addLayer(s, p + "." + std::to_string(j), b[j], c, ted);
}

}  // namespace

std::map<std::string, std::vector<int64_t>> expectedShapes(const AdmConfig& c) {
    const AdmPlan p = planAdm(c);
    Shapes s;
    addLinear(s, "time_embed.0", c.modelChannels, p.timeEmbedDim);
    addLinear(s, "time_embed.2", p.timeEmbedDim, p.timeEmbedDim);
    if (c.numClasses) s["label_emb.weight"] = {*c.numClasses, p.timeEmbedDim};
    for (size_t i = 0; i < p.input.size(); ++i)
        addBlock(s, "input_blocks." + std::to_string(i), p.input[i], c, p.timeEmbedDim);
    addBlock(s, "middle_block", p.middle, c, p.timeEmbedDim);
    const int ch = p.finalChannels;
    if (c.kind == AdmKind::UNet) {
        for (size_t i = 0; i < p.output.size(); ++i)
            addBlock(s, "output_blocks." + std::to_string(i), p.output[i], c, p.timeEmbedDim);
        addNorm(s, "out.0", ch);
        addConv(s, "out.2", p.firstChannels, c.outChannels, 3);
    } else if (c.pool == "adaptive") {
        addNorm(s, "out.0", ch);
        addConv(s, "out.3", ch, c.outChannels, 1);
    } else if (c.pool == "attention") {
        const int64_t side = c.imageSize / p.finalDs;
        addNorm(s, "out.0", ch);
        s["out.2.positional_embedding"] = {ch, side * side + 1};
        addConv(s, "out.2.qkv_proj", ch, 3 * ch, 1, 1);
        addConv(s, "out.2.c_proj", ch, c.outChannels, 1, 1);
    } else if (c.pool == "spatial") {
        addLinear(s, "out.0", p.featureSize, 2048);
        addLinear(s, "out.2", 2048, c.outChannels);
    } else {  // spatial_v2
        addLinear(s, "out.0", p.featureSize, 2048);
        addNorm(s, "out.1", 2048);
        addLinear(s, "out.3", 2048, c.outChannels);
    }
    return s;
}

}  // namespace mlens::models
