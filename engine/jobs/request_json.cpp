// One field list per request: the same list writes and reads JSON, so the two cannot drift apart.
#include "engine/api/request_json.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <type_traits>

namespace mlens {

namespace {

using json = nlohmann::json;

template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};
template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

template <class T, class = void>
struct IsChoice : std::false_type {};
template <class T>
struct IsChoice<T, std::void_t<decltype(ChoiceTable<T>::entries)>> : std::true_type {};

struct Writer;
struct Reader;

// Field lists. Every struct that nests in a request has one; the writer and the reader visit them.
template <class V>
void fields(V& f, IntensityWindow& r) {
    f("mode", r.mode);
    f("low_percent", r.lowPercent);
    f("high_percent", r.highPercent);
    f("center", r.center);
    f("width", r.width);
}
template <class V>
void fields(V& f, LongTailProfile& r) {
    f("imbalance", r.imbalance);
    f("max_per_class", r.maxPerClass);
    f("seed", r.seed);
}
template <class V>
void fields(V& f, DatasetSpec& r) {
    f("path", r.path);
    f("labels", r.labels);
    f("labels_csv", r.labelsCsv);
    f("plane", r.plane);
    f("keep_empty_slices", r.keepEmptySlices);
    f("long_tail", r.longTail);
    f("window", r.window);
    f("fit", r.fit);
}
template <class V>
void fields(V& f, BackboneSpec& r) {
    f("checkpoint", r.checkpoint);
    f("config", r.config);
    f("image_size", r.imageSize);
    f("schedule", r.schedule);
    f("diffusion_steps", r.diffusionSteps);
    f("sigma_small", r.sigmaSmall);
}
template <class V>
void fields(V& f, MinorityScoreParams& r) {
    f("t", r.t);
    f("t_index", r.tIndex);
    f("respacing", r.respacing);
    f("draws", r.draws);
    f("distance", r.distance);
    f("lpips_trunk", r.lpipsTrunk);
    f("lpips_heads", r.lpipsHeads);
    f("seed", r.seed);
}
template <class V>
void fields(V& f, FeatureSpec& r) {
    f("network", r.network);
    f("classifier", r.classifier);
    f("seed", r.seed);
    f("size", r.size);
}
template <class V>
void fields(V& f, CalibrationSettings& r) {
    f("candidates", r.candidates);
    f("subset", r.subset);
    f("subset_seed", r.subsetSeed);
    f("features", r.features);
    f("knn_k", r.knnK);
    f("agreement", r.agreement);
    f("tail_fraction", r.tailFraction);
}
template <class V>
void fields(V& f, Shard& r) {
    f("index", r.index);
    f("count", r.count);
}
template <class V>
void fields(V& f, ScoreRequest& r) {
    f("backbone", r.backbone);
    f("score", r.score);
    f("dataset", r.dataset);
    f("workspace", r.workspace);
    f("batch_size", r.batchSize);
    f("spatial_maps", r.spatialMaps);
    f("auto_t", r.autoT);
    f("calibration", r.calibration);
    f("device", r.device);
    f("shard", r.shard);
    f("merge_only", r.mergeOnly);
}
template <class V>
void fields(V& f, ClassesRequest& r) {
    f("workspace", r.workspace);
    f("num_classes", r.numClasses);
    f("per_label", r.perLabel);
    f("min_per_class", r.minPerClass);
}
template <class V>
void fields(V& f, ClassifierTrainRequest& r) {
    f("target", r.target);
    f("workspace", r.workspace);
    f("dataset", r.dataset);
    f("out_dir", r.outDir);
    f("schedule", r.schedule);
    f("diffusion_steps", r.diffusionSteps);
    f("image_size", r.imageSize);
    f("channels", r.channels);
    f("noisy", r.noisy);
    f("classifier_config", r.classifierConfig);
    f("feature_classifier", r.featureClassifier);
    f("feature_classifier_config", r.featureClassifierConfig);
    f("class_conditional", r.classConditional);
    f("iterations", r.iterations);
    f("batch_size", r.batchSize);
    f("lr", r.lr);
    f("weight_decay", r.weightDecay);
    f("anneal", r.anneal);
    f("flip", r.flip);
    f("val_fraction", r.valFraction);
    f("eval_every", r.evalEvery);
    f("save_every", r.saveEvery);
    f("seed", r.seed);
    f("resume", r.resume);
    f("device", r.device);
}
template <class V>
void fields(V& f, GuidanceSpec& r) {
    f("classifier", r.classifier);
    f("classifier_config", r.classifierConfig);
    f("target_class", r.targetClass);
    f("scale", r.scale);
    f("mixture_weights", r.mixtureWeights);
    f("sehwag", r.sehwag);
    f("alpha", r.alpha);
    f("beta", r.beta);
    f("tau", r.tau);
    f("discriminator", r.discriminator);
    f("discriminator_config", r.discriminatorConfig);
}
template <class V>
void fields(V& f, SampleRequest& r) {
    f("backbone", r.backbone);
    f("respacing", r.respacing);
    f("sampler", r.sampler);
    f("eta", r.eta);
    f("clip_denoised", r.clipDenoised);
    f("class_label", r.classLabel);
    f("guidance", r.guidance);
    f("with_baseline", r.withBaseline);
    f("num_samples", r.numSamples);
    f("seed", r.seed);
    f("batch_size", r.batchSize);
    f("replay_noise", r.replayNoise);
    f("device", r.device);
    f("out_dir", r.outDir);
    f("write_pngs", r.writePngs);
    f("preview_every", r.previewEvery);
    f("shard", r.shard);
    f("merge_only", r.mergeOnly);
}
template <class V>
void fields(V& f, CalibrateTRequest& r) {
    f("backbone", r.backbone);
    f("score", r.score);
    f("dataset", r.dataset);
    f("settings", r.settings);
    f("out_dir", r.outDir);
    f("batch_size", r.batchSize);
    f("device", r.device);
}
template <class V>
void fields(V& f, FitHardnessRequest& r) {
    f("data", r.data);
    f("classifier", r.classifier);
    f("classifier_config", r.classifierConfig);
    f("t", r.t);
    f("shrinkage", r.shrinkage);
    f("shrinkage_weight", r.shrinkageWeight);
    f("out", r.out);
    f("seed", r.seed);
    f("batch_size", r.batchSize);
    f("device", r.device);
}
template <class V>
void fields(V& f, HardnessRequest& r) {
    f("model", r.model);
    f("data", r.data);
    f("images", r.images);
    f("t", r.t);
    f("out_csv", r.outCsv);
    f("seed", r.seed);
    f("batch_size", r.batchSize);
    f("device", r.device);
}
template <class V>
void fields(V& f, EvaluateRequest& r) {
    f("real", r.real);
    f("real_name", r.realName);
    f("fakes", r.fakes);
    f("out_dir", r.outDir);
    f("features", r.features);
    f("knn_k", r.knnK);
    f("lof_k", r.lofK);
    f("rarity_k", r.rarityK);
    f("pr_k", r.prK);
    f("backbone", r.backbone);
    f("score", r.score);
    f("batch_size", r.batchSize);
    f("device", r.device);
    f("shard", r.shard);
    f("merge_only", r.mergeOnly);
}
template <class V>
void fields(V& f, BackboneTrainRequest& r) {
    f("dataset", r.dataset);
    f("unconditional", r.unconditional);
    f("out_dir", r.outDir);
    f("model_config", r.modelConfig);
    f("image_size", r.imageSize);
    f("channels", r.channels);
    f("learn_sigma", r.learnSigma);
    f("schedule", r.schedule);
    f("diffusion_steps", r.diffusionSteps);
    f("iterations", r.iterations);
    f("batch_size", r.batchSize);
    f("lr", r.lr);
    f("warmup", r.warmup);
    f("grad_clip", r.gradClip);
    f("ema", r.emaRate);
    f("transfer", r.transfer);
    f("balanced", r.balancedBatches);
    f("label_drop", r.labelDrop);
    f("flip", r.flip);
    f("log_every", r.logEvery);
    f("save_every", r.saveEvery);
    f("seed", r.seed);
    f("resume", r.resume);
    f("device", r.device);
}
template <class V>
void fields(V& f, SyntheticRequest& r) {
    f("kind", r.kind);
    f("out_dir", r.outDir);
    f("count", r.count);
    f("size", r.size);
    f("seed", r.seed);
}
template <class V>
void fields(V& f, DemoRequest& r) {
    f("out_dir", r.outDir);
    f("backbone", r.backbone);
    f("quick", r.quick);
    f("resume", r.resume);
    f("seed", r.seed);
    f("phantoms", r.phantoms);
    f("iterations", r.iterations);
    f("samples", r.samples);
    f("num_classes", r.numClasses);
    f("draws", r.draws);
    f("t", r.t);
    f("respacing", r.respacing);
    f("scale", r.scale);
    f("device", r.device);
}
template <class V>
void fields(V& f, FmnistBenchmarkRequest& r) {
    f("out_dir", r.outDir);
    f("data_dir", r.dataDir);
    f("backbone", r.backbone);
    f("judge", r.judge);
    f("quick", r.quick);
    f("seed", r.seed);
    f("samples", r.samples);
    f("iterations", r.iterations);
    f("num_classes", r.numClasses);
    f("draws", r.draws);
    f("t", r.t);
    f("respacing", r.respacing);
    f("scale", r.scale);
    f("device", r.device);
}
template <class V>
void fields(V& f, VerifyRequest& r) {
    f("model", r.model);
    f("config", r.config);
    f("io", r.io);
    f("tolerance", r.tolerance);
    f("device", r.device);
}

template <class T, class = void>
struct HasFields : std::false_type {};
template <class T>
struct HasFields<T, std::void_t<decltype(fields(std::declval<Writer&>(), std::declval<T&>()))>>
    : std::true_type {};

template <class T>
json toValue(const T& v);

struct Writer {
    json& j;
    template <class T>
    void operator()(const char* key, const T& v) {
        j[key] = toValue(v);
    }
};

template <class T>
json toValue(const T& v) {
    if constexpr (IsChoice<T>::value) {
        return name(v);
    } else if constexpr (IsOptional<T>::value) {
        return v ? toValue(*v) : json(nullptr);
    } else if constexpr (IsVector<T>::value) {
        json a = json::array();
        for (const auto& e : v)
            a.push_back(toValue(e));
        return a;
    } else if constexpr (HasFields<T>::value) {
        json j = json::object();
        Writer w{j};
        fields(w, const_cast<T&>(v));  // the writer only reads
        return j;
    } else {
        return json(v);
    }
}

template <class T>
void fromValue(const json& j, T& out, const std::string& key);

struct Reader {
    const json& j;
    std::string prefix;
    template <class T>
    void operator()(const char* key, T& v) {
        if (auto it = j.find(key); it != j.end()) fromValue(*it, v, prefix + key);
    }
};

template <class T>
void fromValue(const json& j, T& out, const std::string& key) {
    try {
        if constexpr (IsChoice<T>::value) {
            out = parse<T>(j.get<std::string>());
        } else if constexpr (IsOptional<T>::value) {
            if (j.is_null()) {
                out.reset();
            } else {
                typename T::value_type v{};
                fromValue(j, v, key);
                out = v;
            }
        } else if constexpr (IsVector<T>::value) {
            if (!j.is_array()) throw Error(ErrorCode::Format, key + ": expected a list");
            out.clear();
            for (const auto& e : j) {
                typename T::value_type v{};
                fromValue(e, v, key);
                out.push_back(std::move(v));
            }
        } else if constexpr (HasFields<T>::value) {
            if (!j.is_object()) throw Error(ErrorCode::Format, key + ": expected an object");
            Reader r{j, key + "."};
            fields(r, out);
        } else {
            out = j.get<T>();
        }
    } catch (const json::exception&) {
        throw Error(ErrorCode::Format, "request JSON: '" + key + "' has the wrong type");
    } catch (const Error& e) {
        if (e.code() == ErrorCode::InvalidArgument)
            throw Error(ErrorCode::Format, "request JSON: '" + key + "': " + e.message());
        throw;
    }
}

template <class T>
T parseRequest(const std::string& text) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception&) {
        throw Error(ErrorCode::Format, "request JSON is not valid JSON");
    }
    T out{};
    if (!j.is_object()) throw Error(ErrorCode::Format, "request JSON must be an object");
    Reader r{j, ""};
    fields(r, out);
    return out;
}

}  // namespace

#define MLENS_REQUEST_JSON_IMPL(T)           \
    std::string toJson(const T& value) {     \
        return toValue(value).dump();        \
    }                                        \
    template <>                              \
    T fromJson<T>(const std::string& text) { \
        return parseRequest<T>(text);        \
    }

MLENS_REQUEST_JSON_IMPL(DatasetSpec)
MLENS_REQUEST_JSON_IMPL(BackboneSpec)
MLENS_REQUEST_JSON_IMPL(MinorityScoreParams)
MLENS_REQUEST_JSON_IMPL(ScoreRequest)
MLENS_REQUEST_JSON_IMPL(ClassesRequest)
MLENS_REQUEST_JSON_IMPL(ClassifierTrainRequest)
MLENS_REQUEST_JSON_IMPL(SampleRequest)
MLENS_REQUEST_JSON_IMPL(EvaluateRequest)
MLENS_REQUEST_JSON_IMPL(CalibrateTRequest)
MLENS_REQUEST_JSON_IMPL(FitHardnessRequest)
MLENS_REQUEST_JSON_IMPL(HardnessRequest)
MLENS_REQUEST_JSON_IMPL(BackboneTrainRequest)
MLENS_REQUEST_JSON_IMPL(SyntheticRequest)
MLENS_REQUEST_JSON_IMPL(DemoRequest)
MLENS_REQUEST_JSON_IMPL(FmnistBenchmarkRequest)
MLENS_REQUEST_JSON_IMPL(VerifyRequest)

}  // namespace mlens
