#pragma once
// Sampling from a guided-diffusion backbone, unguided or with classifier (minority) guidance.
// No torch types: images cross as cv::Mat.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/api/progress.h"
#include "engine/api/sharding.h"
#include "engine/api/specs.h"

namespace mlens {

struct SamplePreview {
    int64_t firstIndex = 0;        // index of the first sample of the batch
    int step = 0, totalSteps = 0;  // completed steps
    std::vector<cv::Mat> images;   // x0 estimates of the batch, 8-bit
    bool guided = true;            // false: the unguided baseline run (withBaseline)
};

// Classifier (minority) guidance: scale * grad log p(targetClass | x_t [, classLabel]), or the mixture
// sampler (paper appendix): scale * grad log sum_i tau_i p(i | x_t) with tau = mixtureWeights.
struct GuidanceSpec {
    std::string classifier;  // minority classifier (train-classifier output) or EncoderUNetModel checkpoint
    std::string classifierConfig;  // needed only for checkpoints that do not carry their config
    int targetClass = -1;          // required with a classifier unless mixtureWeights are given
    double scale = 0.0;
    std::vector<double> mixtureWeights;  // non-empty: the mixture sampler instead of a target class

    // Sehwag et al.'s low-density sampler instead of a classifier (minority/sehwag.h): alpha *
    // normalize(grad L_g1) towards hardness under a fit-hardness model, of the sample's class label
    // (class-conditional backbones, or classLabel given) or else of its best class at each step, and
    // beta * normalize(grad L_g2) towards "real" by a discriminator: a two-class train-classifier
    // output (its softmax) or a fit-hardness model of one (eq. 6). alpha = beta = 0: the baseline.
    std::string sehwag;  // fit-hardness model
    double alpha = 0, beta = 0, tau = 1;
    std::string discriminator, discriminatorConfig;
};

struct SampleRequest {
    BackboneSpec backbone;
    std::string respacing = "250";  // "", "250", "10,20,30", "ddim50", ...
    Sampler sampler = Sampler::Ancestral;
    double eta = 0.0;  // DDIM
    bool clipDenoised = true;
    int classLabel = -1;  // required for class-conditional backbones
    GuidanceSpec guidance;
    bool withBaseline = false;  // also the unguided samples from the same noise: OUT/baseline, OUT/guided

    int numSamples = 4;
    uint64_t seed = 0;  // sample i draws all its noise from a generator seeded seed + i
    int batchSize = 8;
    std::string replayNoise;  // file with x_T [N,C,H,W] and noises [K,N,C,H,W] (overrides seed)
    std::string device = "auto";

    std::string outDir;  // samples.safetensors, samples.npz, sample_NNNNNN.png; empty: write nothing
    bool writePngs = true;
    int previewEvery = 0;  // progressive x0 previews after step 1 and every N-th step (0 = none)
    std::function<void(const SamplePreview&)> onPreview;  // both runs (SamplePreview::guided tells which)

    // Shard K of N samples only the batches b (samples b*batchSize ...) with b % N == K, one file
    // per batch under OUT/shards/ with its own status file OUT/shards/sample-K-of-N.json, and writes
    // no samples.npz or PNGs: the same command without a shard (or with mergeOnly) assembles them as
    // an unsharded run writes them, sampling nothing a shard sampled. Needs outDir; no replayNoise.
    Shard shard;
    bool mergeOnly = false;  // only assemble; a missing batch fails naming the shards that owe it
};

// One generated set: 8-bit images (what the PNGs and the .npz hold) and the float samples.
struct SampleSet {
    std::vector<cv::Mat> images;  // CV_8UC1 or CV_8UC3 (BGR)
    std::vector<cv::Mat> x0;      // CV_32FC1 / CV_32FC3 (RGB order) in [-1, 1]: samples.safetensors
    int64_t classValue = -1;      // arr_1 of the .npz: target class or class label, -1 for none
    std::string parameters;       // the resolved request as JSON (PNG text chunks, safetensors metadata)
    bool empty() const { return images.empty(); }
};

struct SampleResult {
    std::string device;
    int64_t numSamples = 0;
    SampleSet guided;                      // the guided (or only) set
    SampleSet baseline;                    // withBaseline
    std::string safetensorsPath, npzPath;  // of the guided (or only) set, when outDir was given
    std::vector<std::string> pngPaths;
    std::string baselineDir;       // when withBaseline and outDir
    double seconds = 0.0;          // wall time of all sampling loops
    double baselineSeconds = 0.0;  // of the unguided loops, when withBaseline
    bool baselineReused = false;   // a SamplingSession answered the baseline from its last run
    int64_t batchesSampled = 0;    // batch runs (baseline and guided count apart) sampled here
    int64_t batchesReused = 0;     // taken from the shards' files
    std::string shardStatusPath;   // a shard's OUT/shards/sample-K-of-N.json (no set is returned)
};

// The respacing guided-diffusion uses for `steps` sampling steps: "ddimN" for DDIM, "N" otherwise.
std::string respacingFor(Sampler sampler, int steps);

// Throws mlens::Error for bad input and Cancelled when progress asks (files written only on success).
SampleResult runSample(const SampleRequest& request, ProgressSink& progress);

// Writes a result as the sample job does: OUT/{samples.safetensors, samples.npz, sample_NNNNNN.png},
// or OUT/baseline and OUT/guided when it holds a baseline. Every file is written atomically (a
// failure never leaves a half-written file). Throws Error(Io) naming the folder.
struct SampleFiles {
    std::string safetensors, npz, baselineDir;
    std::vector<std::string> pngs;
};
SampleFiles writeSampleSet(const SampleResult& result, const std::string& outDir, bool writePngs = true);

// Reads back what writeSampleSet wrote to OUT (OUT/guided + OUT/baseline, or OUT alone): the 8-bit
// images, the class value and the parameters (from samples.safetensors, when present); numSamples
// set, x0 left empty. Throws Error(NotFound) when OUT holds no samples.npz, Error(Format) for a
// damaged one.
SampleResult readSampleSet(const std::string& outDir);

// `sample --from-png`: regenerates one image from the parameters its PNG records (writeSampleSet's
// text chunk). The checkpoints must still hash to the recorded SHA-256s; the image's whole batch is
// resampled (its seeds and batch composition as recorded, so the arithmetic is the same) and the
// image compared with the PNG's pixels. Sample sets made from recorded noise (replay_noise) are
// refused. Throws Error(Format) for a PNG without parameters, Error(InvalidArgument) for a changed
// or missing checkpoint, like runSample otherwise.
struct ReproduceRequest {
    std::string png;
    std::string outDir;  // the regenerated image goes to OUT/<the PNG's name>; empty: write nothing
    std::string device;  // "" = the device the PNG records
};
struct ReproduceResult {
    SampleRequest request;  // the run that regenerated the image's batch
    int64_t index = 0;      // the image's index in its set
    std::string set;        // "guided" or "baseline"
    cv::Mat original, regenerated;
    int64_t differingValues = 0;  // pixel channel values that differ
    int maxDifference = 0;        // in 8-bit levels
    std::string recordedCommit;   // the MinorityLens commit that made the PNG ("" when not recorded)
    std::string device;           // where it ran now
    std::string path;             // the written PNG, when outDir was given
    bool identical() const { return differingValues == 0; }
};
ReproduceResult reproduceSamplePng(const ReproduceRequest& request, ProgressSink& progress);

// Interactive sampling: keeps the backbone and classifier loaded between runs with the same
// checkpoints, and the last baseline (withBaseline) with everything it depends on (backbone, device,
// respacing, sampler, eta, clipping, class label, count, seed, batch size; not the guidance), so a
// change of target class or scale costs only the guided run. One run at a time.
class SamplingSession {
public:
    SamplingSession();
    ~SamplingSession();
    SamplingSession(const SamplingSession&) = delete;
    SamplingSession& operator=(const SamplingSession&) = delete;
    SampleResult run(const SampleRequest& request, ProgressSink& progress);
    // Loads the request's models (kept for the next run) and returns the classifier's number of
    // classes, 0 without a classifier. Throws Error like run.
    int classifierClasses(const SampleRequest& request);

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

}  // namespace mlens
