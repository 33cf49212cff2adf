#pragma once
// Every choice a request can make, as enum class with one name table each: name() gives the spelling
// used on the command line, in JSON and in saved files; parse() reads it back (one clear error for
// anything else); values() lists them in order (GUI combos are filled from it). Strings exist only
// at those edges.
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "engine/api/error.h"

namespace mlens {

enum class Schedule { Linear, Cosine };
enum class Distance { LpipsVgg, LpipsAlex, L2, L1, Ssim };
enum class Transfer { None, T2H, H2T, Full };  // OC_LT target transfer (Zhang et al.)
enum class SyntheticKind { Brain, Shapes };
enum class Sampler { Ancestral, Ddim };
enum class LabelSource { None, Subfolders, Csv, Idx };
enum class Fit { Crop, Pad };                   // how an image reaches the model's size
enum class WindowMode { Auto, Fixed, Dicom };   // intensity window of 16-bit and physical-valued images
enum class Plane { Axial, Coronal, Sagittal };  // slices of a volume
enum class Convention { Radiological, Neurological };
enum class SliceFormat { Npy, Png };
// What a classifier learns: a workspace's ordinal minority classes, or the dataset's own labels.
enum class ClassifierTarget { MinorityClasses, DatasetLabels };
// How a class covariance is shrunk towards a scaled identity (metrics/class_gaussians.h).
enum class Shrinkage { Oas, LedoitWolf, Fixed };

template <class E>
struct ChoiceTable;

#define MLENS_CHOICES(E, WHAT, ...)                                           \
    template <>                                                               \
    struct ChoiceTable<E> {                                                   \
        static constexpr const char* what = WHAT;                             \
        static constexpr std::pair<E, const char*> entries[] = {__VA_ARGS__}; \
    };

MLENS_CHOICES(Schedule, "the noise schedule", {Schedule::Linear, "linear"}, {Schedule::Cosine, "cosine"})
MLENS_CHOICES(Distance, "the distance", {Distance::LpipsVgg, "lpips-vgg"},
              {Distance::LpipsAlex, "lpips-alex"}, {Distance::L2, "l2"}, {Distance::L1, "l1"},
              {Distance::Ssim, "ssim"})
MLENS_CHOICES(Transfer, "the target transfer", {Transfer::None, "none"}, {Transfer::T2H, "t2h"},
              {Transfer::H2T, "h2t"}, {Transfer::Full, "full"})
MLENS_CHOICES(SyntheticKind, "the synthetic kind", {SyntheticKind::Brain, "brain"},
              {SyntheticKind::Shapes, "shapes"})
MLENS_CHOICES(Sampler, "the sampler", {Sampler::Ancestral, "ancestral"}, {Sampler::Ddim, "ddim"})
MLENS_CHOICES(LabelSource, "the label source", {LabelSource::None, "none"},
              {LabelSource::Subfolders, "subfolders"}, {LabelSource::Csv, "csv"}, {LabelSource::Idx, "idx"})
MLENS_CHOICES(Fit, "the fit", {Fit::Crop, "crop"}, {Fit::Pad, "pad"})
MLENS_CHOICES(WindowMode, "the window", {WindowMode::Auto, "auto"}, {WindowMode::Fixed, "fixed"},
              {WindowMode::Dicom, "dicom"})
MLENS_CHOICES(Plane, "the plane", {Plane::Axial, "axial"}, {Plane::Coronal, "coronal"},
              {Plane::Sagittal, "sagittal"})
MLENS_CHOICES(SliceFormat, "the slice format", {SliceFormat::Npy, "npy"}, {SliceFormat::Png, "png"})
MLENS_CHOICES(Convention, "the display convention", {Convention::Radiological, "radiological"},
              {Convention::Neurological, "neurological"})
MLENS_CHOICES(ClassifierTarget, "the classifier target",
              {ClassifierTarget::MinorityClasses, "minority-classes"},
              {ClassifierTarget::DatasetLabels, "dataset-labels"})
MLENS_CHOICES(Shrinkage, "the shrinkage", {Shrinkage::Oas, "oas"}, {Shrinkage::LedoitWolf, "ledoit-wolf"},
              {Shrinkage::Fixed, "fixed"})
#undef MLENS_CHOICES

template <class E>
const char* name(E value) {
    for (const auto& [v, n] : ChoiceTable<E>::entries)
        if (v == value) return n;
    return "?";
}

template <class E>
std::vector<E> values() {
    std::vector<E> out;
    for (const auto& [v, n] : ChoiceTable<E>::entries)
        out.push_back(v);
    return out;
}

// "a, b or c"
template <class E>
std::string choiceList() {
    std::string s;
    const size_t n = std::size(ChoiceTable<E>::entries);
    for (size_t i = 0; i < n; ++i)
        s += std::string(i == 0 ? "" : i + 1 == n ? " or " : ", ") + ChoiceTable<E>::entries[i].second;
    return s;
}

// Throws Error(InvalidArgument): "the noise schedule must be linear or cosine (got 'x')".
template <class E>
E parse(const std::string& text) {
    for (const auto& [v, n] : ChoiceTable<E>::entries)
        if (text == n) return v;
    throw Error(ErrorCode::InvalidArgument,
                std::string(ChoiceTable<E>::what) + " must be " + choiceList<E>() + " (got '" + text + "')");
}

}  // namespace mlens
