// Reading a written sample set back (readSampleSet): the .npz images, and the parameters from the
// safetensors metadata. Torch-free.
#include <cstring>
#include <filesystem>

#include <opencv2/imgproc.hpp>

#include "engine/api/error.h"
#include "engine/api/sampling.h"
#include "engine/io/checkpoint.h"
#include "engine/io/npy.h"

namespace fs = std::filesystem;

namespace mlens {

namespace {

SampleSet readSet(const fs::path& dir) {
    const fs::path npz = dir / "samples.npz";
    SampleSet set;
    const std::vector<io::NpyArray> arrays =
        withContext("reading " + npz.string(), [&] { return io::readNpz(npz.string()); });
    const io::NpyArray* images = nullptr;
    const io::NpyArray* classes = nullptr;
    for (const auto& a : arrays) {
        if (a.name == "arr_0") images = &a;
        if (a.name == "arr_1") classes = &a;
    }
    if (!images || images->dtype != io::DType::UInt8 || images->shape.size() != 4 ||
        (images->shape[3] != 1 && images->shape[3] != 3))
        throw Error(ErrorCode::Format, npz.string() + ": arr_0 is not uint8 [N, H, W, 1 or 3] images");
    const int64_t n = images->shape[0], h = images->shape[1], w = images->shape[2], c = images->shape[3];
    if (static_cast<int64_t>(images->data.size()) != n * h * w * c)
        throw Error(ErrorCode::Format, npz.string() + ": arr_0 holds fewer bytes than its shape");
    for (int64_t i = 0; i < n; ++i) {
        const cv::Mat rgb(static_cast<int>(h), static_cast<int>(w), c == 3 ? CV_8UC3 : CV_8UC1,
                          const_cast<uint8_t*>(images->data.data() + i * h * w * c));
        cv::Mat img;
        if (c == 3)
            cv::cvtColor(rgb, img, cv::COLOR_RGB2BGR);  // the .npz holds RGB, as numpy users expect
        else
            img = rgb.clone();
        set.images.push_back(img);
    }
    if (classes && classes->dtype == io::DType::Int64 && classes->data.size() >= sizeof(int64_t))
        std::memcpy(&set.classValue, classes->data.data(), sizeof(int64_t));
    const fs::path st = dir / "samples.safetensors";
    std::error_code ec;
    if (fs::exists(st, ec)) {
        const io::Checkpoint ckpt = io::Checkpoint::open(st.string());
        if (auto it = ckpt.metadata().find("minoritylens"); it != ckpt.metadata().end())
            set.parameters = it->second;
    }
    return set;
}

}  // namespace

SampleResult readSampleSet(const std::string& outDir) {
    const fs::path out(outDir);
    std::error_code ec;
    SampleResult r;
    if (fs::exists(out / "guided" / "samples.npz", ec)) {
        r.guided = readSet(out / "guided");
        if (fs::exists(out / "baseline" / "samples.npz", ec)) {
            r.baseline = readSet(out / "baseline");
            r.baselineDir = (out / "baseline").string();
        }
        r.npzPath = (out / "guided" / "samples.npz").string();
    } else if (fs::exists(out / "samples.npz", ec)) {
        r.guided = readSet(out);
        r.npzPath = (out / "samples.npz").string();
    } else {
        throw Error(ErrorCode::NotFound, outDir + " holds no samples.npz");
    }
    r.numSamples = static_cast<int64_t>(r.guided.images.size());
    return r;
}

}  // namespace mlens
