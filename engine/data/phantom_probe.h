#pragma once
// An image-analysis probe that judges whether a (real or generated) brain slice looks atrophic or
// lesioned, without any network: CSF-dark area and bright spots inside the head, relative to the
// slice's own tissue intensity. Its thresholds are calibrated on real phantoms with ground truth.
#include <vector>

#include <opencv2/core/mat.hpp>

namespace mlens::data {

struct ProbeFeatures {
    double darkFraction = 0;  // CSF-dark pixels / pixels inside the skull (ventricles + sulci)
    double spotContrast = 0;  // how far the brightest small spot stands above its ring, / tissue (lesions)
};

struct ProbeCalibration {
    double darkThreshold = 0, brightThreshold = 0;
    // on the calibration set
    double atrophySensitivity = 0, atrophySpecificity = 0;
    double lesionSensitivity = 0, lesionSpecificity = 0;
};

ProbeFeatures measureSlice(const cv::Mat& gray8);

// Thresholds that maximise sensitivity + specificity (Youden's J) on labelled slices, among those
// that flag at most 1 - minSpecificity of the negatives: a rare attribute (lesions are 1 %) must not
// be swamped by false positives from the other 99 %.
ProbeCalibration calibrateProbe(const std::vector<ProbeFeatures>& features, const std::vector<bool>& atrophic,
                                const std::vector<bool>& lesioned, double minSpecificity = 0.98);

bool looksAtrophic(const ProbeFeatures& f, const ProbeCalibration& c);
bool looksLesioned(const ProbeFeatures& f, const ProbeCalibration& c);

}  // namespace mlens::data
