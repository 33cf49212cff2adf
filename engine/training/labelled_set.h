#pragma once
// What a classifier trains on: dataset items with a class each (the workspace's ordinal minority
// classes, or the dataset's own labels) and, for class-conditional classifiers, a label each.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/api/dataset.h"

namespace mlens::training {

struct LabelledSet {
    std::shared_ptr<DatasetReader> reader;
    std::vector<size_t> items;     // listing indices
    std::vector<int64_t> classes;  // target per item
    std::vector<int64_t> labels;   // class-conditional: the dataset label per item
    int numClasses = 0;
    std::vector<std::string> classNames;  // DatasetLabels: the label names, in class order
    std::vector<std::string> labelNames;  // class-conditional: in label order
};

// The ordinal classes of WS/classes.csv over the dataset `spec` (whose listing names the items).
LabelledSet minorityClassSet(const std::string& workspace, const DatasetSpec& spec, bool classConditional);
// Every labelled item of `spec`, its label as the class.
LabelledSet datasetLabelSet(const DatasetSpec& spec);

// Stratified split: in every class, round(fraction * n) positions (at least one when n >= 2) go to
// validation. Positions index LabelledSet::items.
void stratifiedSplit(const std::vector<int64_t>& classes, int numClasses, double fraction, uint64_t seed,
                     std::vector<int64_t>* train, std::vector<int64_t>* val);

}  // namespace mlens::training
