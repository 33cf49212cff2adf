#include "engine/io/jpeg_check.h"

#include <csetjmp>
#include <cstdio>  // jpeglib.h needs FILE
#include <string>

#include <jpeglib.h>

namespace mlens::io {

namespace {

struct Checker {
    jpeg_error_mgr mgr;  // first, so that a j_common_ptr's err is a Checker*
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    bool fatal;
    bool verbatim;  // message is the whole reason
};

void onError(j_common_ptr info) {
    auto* c = reinterpret_cast<Checker*>(info->err);
    (*info->err->format_message)(info, c->message);
    c->fatal = true;
    std::longjmp(c->jump, 1);
}

void onMessage(j_common_ptr info, int level) {
    if (level >= 0) return;  // trace output
    auto* c = reinterpret_cast<Checker*>(info->err);
    if (info->err->num_warnings++ == 0) (*info->err->format_message)(info, c->message);
}

// Only trivially destructible objects live between setjmp and longjmp.
bool decode(const uint8_t* data, size_t size, uint64_t maxPixels, Checker& c) {
    jpeg_decompress_struct info;
    info.err = jpeg_std_error(&c.mgr);
    c.mgr.error_exit = onError;
    c.mgr.emit_message = onMessage;
    c.message[0] = '\0';
    if (setjmp(c.jump)) {
        jpeg_destroy_decompress(&info);
        return false;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, static_cast<unsigned long>(size));
    jpeg_read_header(&info, TRUE);
    const uint64_t pixels = uint64_t{info.image_width} * info.image_height;
    if (pixels > maxPixels || info.num_components > 4) {
        if (pixels > maxPixels)
            std::snprintf(c.message, sizeof c.message,
                          "declares %llu pixels, more than the limit of %llu (a decompression bomb?; "
                          "MLENS_MAX_IMAGE_PIXELS raises it)",
                          static_cast<unsigned long long>(pixels),
                          static_cast<unsigned long long>(maxPixels));
        else
            std::snprintf(c.message, sizeof c.message, "unsupported JPEG (%d components)",
                          info.num_components);
        c.verbatim = true;
        jpeg_destroy_decompress(&info);
        return false;
    }
    if (c.mgr.num_warnings > 0) {  // a damaged header: stop before allocating
        jpeg_destroy_decompress(&info);
        return false;
    }
    jpeg_read_coefficients(&info);
    jpeg_finish_decompress(&info);
    const bool clean = c.mgr.num_warnings == 0;
    jpeg_destroy_decompress(&info);
    return clean;
}

}  // namespace

std::string jpegDataProblem(const uint8_t* data, size_t size, uint64_t maxPixels) {
    Checker c{};
    if (decode(data, size, maxPixels, c)) return {};
    std::string why = c.message;
    if (c.verbatim) return why;
    const std::string prefix = "Corrupt JPEG data: ";  // libjpeg's own words for most warnings
    if (why.rfind(prefix, 0) == 0) why = why.substr(prefix.size());
    return std::string(c.fatal ? "cannot be decoded (" : "corrupt JPEG data (") + why + ")";
}

}  // namespace mlens::io
