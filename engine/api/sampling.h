#pragma once
// Sampling from a guided-diffusion backbone, unguided or with classifier (minority) guidance.
// No torch types: images cross as cv::Mat (8-bit, gray or BGR).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/api/progress.h"

namespace mlens {

struct SamplePreview {
    int64_t firstIndex = 0;        // index of the first sample of the batch
    int step = 0, totalSteps = 0;  // completed steps
    std::vector<cv::Mat> images;   // x0 estimates of the batch, 8-bit
    bool guided = true;            // false: the unguided baseline run (withBaseline)
};

struct SampleRequest {
    // Backbone (UNetModel) and its diffusion process.
    std::string model;
    std::string modelConfig;          // optional constructor-arguments JSON (inferred when empty)
    int imageSize = 0;                // overrides an assumed image size (0 = keep)
    std::string schedule;             // linear | cosine; empty: the checkpoint's (train-backbone) or linear
    int diffusionSteps = 0;           // 0: the checkpoint's or 1000
    std::string respacing = "250";    // "", "250", "10,20,30", "ddim50", ...
    bool sigmaSmall = false;          // fixed-variance models: posterior variance instead of betas
    bool ddim = false;
    double eta = 0.0;
    bool clipDenoised = true;
    int classLabel = -1;              // required for class-conditional backbones

    // Classifier (minority) guidance: w * grad log p(targetClass | x_t [, classLabel]).
    std::string classifier;           // minority classifier (train-classifier output) or EncoderUNetModel checkpoint
    std::string classifierConfig;     // needed only for checkpoints that do not carry their config
    int targetClass = -1;
    double scale = 0.0;
    // Mixture sampler (paper appendix): w * grad log sum_i tau_i p(i | x_t), tau = class thresholds.
    std::vector<double> mixtureWeights;  // non-empty: mixture instead of a target class
    bool withBaseline = false;        // also the unguided samples from the same noise: OUT/baseline, OUT/guided

    int numSamples = 4;
    uint64_t seed = 0;                // sample i draws all its noise from a generator seeded seed + i
    int batchSize = 8;
    std::string replayNoise;          // file with x_T [N,C,H,W] and noises [K,N,C,H,W] (overrides seed)
    std::string device = "auto";

    std::string outDir;               // samples.safetensors, samples.npz, sample_NNNNNN.png; empty: write nothing
    bool writePngs = true;
    bool keepImages = false;          // also return the images in the result (required without outDir)
    int previewEvery = 0;             // progressive x0 previews every N steps (0 = none)
    std::function<void(const SamplePreview&)> onPreview;  // both runs (SamplePreview::guided tells which)
};

struct SampleResult {
    std::string device;
    int64_t numSamples = 0;
    std::string safetensorsPath, npzPath;  // the guided (or only) set
    std::vector<std::string> pngPaths;
    std::vector<cv::Mat> images;      // when keepImages
    std::vector<cv::Mat> baselineImages;  // when keepImages and withBaseline
    std::string baselineDir;          // when withBaseline
    double seconds = 0.0;             // wall time of all sampling loops
    double baselineSeconds = 0.0;     // of the unguided loops, when withBaseline
    std::string parameters;           // the request as JSON (what the PNG text chunks carry)
};

// Throws mlens::Error for bad input and Cancelled when progress asks (files written only on success).
SampleResult runSample(const SampleRequest& request, ProgressSink& progress);

// Interactive sampling: keeps the backbone and classifier loaded between runs with the same
// checkpoints, so a slider change costs only the sampling itself. One run at a time.
class SamplingSession {
public:
    SamplingSession();
    ~SamplingSession();
    SamplingSession(const SamplingSession&) = delete;
    SamplingSession& operator=(const SamplingSession&) = delete;
    SampleResult run(const SampleRequest& request, ProgressSink& progress);

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

// Writes one sample as PNG with its generation parameters (SampleResult::parameters) and its index
// in a text chunk, atomically.
void writeSamplePng(const std::string& path, const cv::Mat& image, const std::string& parameters, int64_t index);
// Writes 8-bit samples (same size and channels) as the ADM evaluation suite's .npz: arr_0 uint8 NHWC
// (RGB), arr_1 the class value of each.
void writeSamplesNpz(const std::string& path, const std::vector<cv::Mat>& images, int64_t classValue);

}  // namespace mlens
