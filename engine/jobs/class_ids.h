#pragma once
// The class id a class-conditional backbone gets for a dataset label: shared by every job that
// feeds labels to one (score, calibrate-t).
#include <exception>
#include <string>

#include "engine/api/dataset.h"

namespace mlens {

// Integer folder / CSV labels ("0", "1", ...) are the backbone's class ids; other names use their sorted
// order.
inline int backboneClassId(const DatasetListing& listing, int label) {
    const std::string& name = listing.labelNames.at(static_cast<size_t>(label));
    try {
        size_t used = 0;
        const int v = std::stoi(name, &used);
        if (used == name.size()) return v;
    } catch (const std::exception&) {
    }
    return label;
}

}  // namespace mlens
