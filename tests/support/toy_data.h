#pragma once
// Small image datasets written by the tests themselves.
#include <string>

namespace mlens::test {

// Writes `count` PNG images of size x size (RGB or gray) to `dir`, deterministic in `seed`: flat
// backgrounds with a disc; every `rareEvery`-th image (if > 0) is a noisy outlier instead.
// `subfolders` spreads them over class folders c0/, c1/.
void writeToyDataset(const std::string& dir, int count, int size, int channels, unsigned seed,
                     int rareEvery = 0, bool subfolders = false);

}  // namespace mlens::test
