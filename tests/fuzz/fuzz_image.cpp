// libFuzzer entry point for the image decoder: any bytes either decode to an 8/16-bit image of 1, 3
// or 4 channels within the pixel limit, or come back with a reason. Never a crash, never a throw.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "engine/io/image_decode.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::vector<uint8_t> bytes(data, data + size);
    const mlens::io::DecodedImage d = mlens::io::decodeImageBytes(bytes);
    if (d.ok()) {
        if (d.image.empty() || d.error.size()) std::abort();
        if (static_cast<uint64_t>(d.image.total()) > mlens::io::maxImagePixels()) std::abort();
        const int depth = d.image.depth(), channels = d.image.channels();
        if ((depth != CV_8U && depth != CV_16U) || (channels != 1 && channels != 3 && channels != 4))
            std::abort();
    } else if (!d.image.empty()) {
        std::abort();
    }
    return 0;
}
