#pragma once
// IDX files (LeCun's MNIST format, as torchvision's MNIST / FashionMNIST ship them), plain or
// gzip-compressed: a big-endian header (0, 0, type, ndims, then ndims uint32 dimensions) and the
// values in C order. Only unsigned bytes (type 0x08), the type every image and label file of that
// family uses. Torch-free; memory is bounded by what the file really holds.
#include <cstdint>
#include <string>
#include <vector>

namespace mlens::io {

struct IdxArray {
    std::vector<int64_t> dims;  // e.g. [60000, 28, 28] for images, [60000] for labels
    std::vector<uint8_t> data;  // product(dims) bytes, C order (empty when only the header was read)
};

// Reads the header only (decompressing a few bytes). Throws Error(Format / Unsupported / Io).
IdxArray readIdxHeader(const std::string& path);
// Reads the whole array. The payload must hold exactly what the header declares (a truncated file
// is refused); `maxBytes` caps the declared size. Throws Error(Format / Unsupported / Io).
IdxArray readIdx(const std::string& path, uint64_t maxBytes = uint64_t{1} << 32);
// Parses an IDX image from bytes in memory (plain or gzip); for the fuzzer and tests.
IdxArray parseIdx(const uint8_t* bytes, size_t size, uint64_t maxBytes = uint64_t{1} << 32);

// True for the names torchvision uses: "*-images-idx3-ubyte" and "*-labels-idx1-ubyte", optionally ".gz".
bool isIdxImagesName(const std::string& fileName);
// "train-images-idx3-ubyte.gz" -> "train-labels-idx1-ubyte.gz" (same folder); empty when the name
// does not follow the convention.
std::string idxLabelsNameFor(const std::string& imagesFileName);

}  // namespace mlens::io
