#include "engine/training/labelled_set.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>

#include "engine/api/error.h"
#include "engine/core/csv.h"

namespace fs = std::filesystem;

namespace mlens::training {

LabelledSet minorityClassSet(const std::string& workspace, const DatasetSpec& spec, bool classConditional) {
    const fs::path csvPath = fs::path(workspace) / "classes.csv";
    std::vector<std::string> header;
    const auto rows = readCsvFile(csvPath.string(), &header);
    const auto col = [&](const char* name) {
        return static_cast<size_t>(std::find(header.begin(), header.end(), name) - header.begin());
    };
    const size_t pathCol = col("path"), classCol = col("class"), labelCol = col("label");
    if (pathCol >= header.size() || classCol >= header.size())
        throw Error(ErrorCode::Format,
                    csvPath.string() + " is not a MinorityLens classes file (run classes first)");
    if (classConditional && labelCol >= header.size())
        throw Error(ErrorCode::InvalidArgument,
                    "a class-conditional classifier needs classes computed per label");
    LabelledSet s;
    s.reader = std::make_shared<DatasetReader>(scanDataset(spec));
    std::map<std::string, size_t> byName;
    const auto& items = s.reader->listing().items;
    for (size_t i = 0; i < items.size(); ++i)
        byName.emplace(items[i].relativePath, i);
    std::map<std::string, int64_t> labelIds;
    std::vector<std::string> rawLabels;
    for (const auto& r : rows) {
        auto it = byName.find(r.at(pathCol));
        if (it == byName.end())
            throw Error(ErrorCode::NotFound, r.at(pathCol) + " (in classes.csv) is no longer in the dataset");
        s.items.push_back(it->second);
        s.classes.push_back(std::stoll(r.at(classCol)));
        s.numClasses = std::max<int>(s.numClasses, static_cast<int>(s.classes.back()) + 1);
        if (classConditional) {
            rawLabels.push_back(r.at(labelCol));
            labelIds.emplace(rawLabels.back(), 0);
        }
    }
    int64_t next = 0;
    for (auto& [name, id] : labelIds) {
        id = next++;
        s.labelNames.push_back(name);
    }
    for (const auto& l : rawLabels)
        s.labels.push_back(labelIds.at(l));
    if (s.items.empty()) throw Error(ErrorCode::InvalidArgument, "classes.csv lists no images");
    if (s.numClasses < 2)
        throw Error(ErrorCode::InvalidArgument,
                    "at least two minority classes are needed to train a classifier");
    return s;
}

LabelledSet datasetLabelSet(const DatasetSpec& spec) {
    if (spec.labels == LabelSource::None)
        throw Error(ErrorCode::InvalidArgument, "training on the dataset's labels needs labels");
    LabelledSet s;
    s.reader = std::make_shared<DatasetReader>(scanDataset(spec));
    const DatasetListing& listing = s.reader->listing();
    s.classNames = listing.labelNames;
    s.numClasses = static_cast<int>(listing.labelNames.size());
    for (size_t i = 0; i < listing.items.size(); ++i) {
        if (listing.items[i].label < 0) continue;
        s.items.push_back(i);
        s.classes.push_back(listing.items[i].label);
    }
    if (s.items.empty()) throw Error(ErrorCode::InvalidArgument, "no labelled images in " + spec.path);
    if (s.numClasses < 2)
        throw Error(ErrorCode::InvalidArgument, "at least two labels are needed to train a classifier");
    return s;
}

void stratifiedSplit(const std::vector<int64_t>& classes, int numClasses, double fraction, uint64_t seed,
                     std::vector<int64_t>* train, std::vector<int64_t>* val) {
    std::vector<std::vector<int64_t>> byClass(static_cast<size_t>(numClasses));
    for (size_t i = 0; i < classes.size(); ++i)
        byClass[static_cast<size_t>(classes[i])].push_back(static_cast<int64_t>(i));
    std::mt19937_64 rng(seed ^ 0x5eed5eedULL);
    for (auto& items : byClass) {
        std::shuffle(items.begin(), items.end(), rng);
        size_t nVal = static_cast<size_t>(std::llround(fraction * static_cast<double>(items.size())));
        if (fraction > 0 && nVal == 0 && items.size() >= 2) nVal = 1;
        val->insert(val->end(), items.begin(), items.begin() + static_cast<std::ptrdiff_t>(nVal));
        train->insert(train->end(), items.begin() + static_cast<std::ptrdiff_t>(nVal), items.end());
    }
    std::sort(train->begin(), train->end());
    std::sort(val->begin(), val->end());
}

}  // namespace mlens::training
