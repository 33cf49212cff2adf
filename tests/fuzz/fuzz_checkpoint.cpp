// libFuzzer entry point: any bytes given to the checkpoint reader either parse (and every tensor's
// storage can be read within its bounds) or end in mlens::Error. Sanitizers report everything else.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/api/error.h"
#include "engine/io/checkpoint.h"
#include "engine/io/npy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const auto c = mlens::io::Checkpoint::fromBuffer(
            mlens::io::bufferFromVector(std::vector<uint8_t>(data, data + size)), "fuzz");
        std::vector<uint8_t> scratch;
        for (const auto& t : c.tensors()) {
            const auto& s = *t.record->storage;
            const uint64_t bytes =
                static_cast<uint64_t>(s.numel) * static_cast<uint64_t>(mlens::io::elementSize(s.dtype));
            if (bytes > (uint64_t{1} << 26))
                continue;  // a real storage that large is fine, but not in a fuzz loop
            scratch.resize(bytes);
            c.readStorage(s, scratch.data());
        }
    } catch (const mlens::Error&) {
    }
    try {
        mlens::io::parseNpy(data, size, "fuzz");
    } catch (const mlens::Error&) {
    }
    return 0;
}
