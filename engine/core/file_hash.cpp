#include "engine/core/file_hash.h"

#include <openssl/evp.h>

#include <memory>

#include "engine/api/error.h"
#include "engine/io/byte_buffer.h"

namespace mlens {

namespace {

std::string digest(const void* data, size_t size) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), data, size) != 1 || EVP_DigestFinal_ex(ctx.get(), md, &len) != 1)
        throw Error(ErrorCode::Runtime, "SHA-256 failed");
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < len; ++i) {
        out += hex[md[i] >> 4];
        out += hex[md[i] & 15];
    }
    return out;
}

}  // namespace

std::string sha256File(const std::string& path) {
    const auto bytes = io::mapFile(path);
    return digest(bytes->data(), bytes->size());
}

std::string sha256Hex(const std::string& data) {
    return digest(data.data(), data.size());
}

}  // namespace mlens
