#include "engine/io/npy.h"

#include <cstring>
#include <regex>

#include "engine/api/error.h"
#include "engine/core/atomic_file.h"
#include "engine/io/byte_buffer.h"
#include "engine/io/zip_archive.h"

namespace mlens::io {

namespace {

const char* descr(DType dtype) {
    switch (dtype) {
        case DType::Float32:
            return "<f4";
        case DType::Float64:
            return "<f8";
        case DType::Float16:
            return "<f2";
        case DType::Int64:
            return "<i8";
        case DType::Int32:
            return "<i4";
        case DType::Int16:
            return "<i2";
        case DType::Int8:
            return "|i1";
        case DType::UInt8:
            return "|u1";
        case DType::Bool:
            return "|b1";
        case DType::BFloat16:
            break;
    }
    throw Error(ErrorCode::Unsupported, "bfloat16 has no NumPy dtype");
}

bool fromDescr(const std::string& d, DType* out) {
    static const std::pair<const char*, DType> table[] = {
        {"<f4", DType::Float32}, {"<f8", DType::Float64}, {"<f2", DType::Float16}, {"<i8", DType::Int64},
        {"<i4", DType::Int32},   {"<i2", DType::Int16},   {"|i1", DType::Int8},    {"|u1", DType::UInt8},
        {"|b1", DType::Bool},    {"<u1", DType::UInt8},   {"<i1", DType::Int8},    {"|u8", DType::UInt8}};
    for (const auto& [s, t] : table)
        if (d == s) {
            *out = t;
            return true;
        }
    return false;
}

std::string npyBytes(const NpyArray& a) {
    std::string out = npyHeader(a.dtype, a.shape);
    out.append(reinterpret_cast<const char*>(a.data.data()), a.data.size());
    return out;
}

}  // namespace

std::string npyHeader(DType dtype, const std::vector<int64_t>& shape) {
    std::string dict = "{'descr': '" + std::string(descr(dtype)) + "', 'fortran_order': False, 'shape': (";
    for (size_t i = 0; i < shape.size(); ++i)
        dict += std::to_string(shape[i]) + (shape.size() == 1 ? "," : (i + 1 < shape.size() ? ", " : ""));
    dict += "), }";
    // magic(6) + version(2) + length(2) + dict + padding + '\n', total a multiple of 64
    const size_t unpadded = 10 + dict.size() + 1;
    dict.append((64 - unpadded % 64) % 64, ' ');
    dict += '\n';
    std::string out("\x93NUMPY\x01\x00", 8);
    out += static_cast<char>(dict.size() & 0xFF);
    out += static_cast<char>((dict.size() >> 8) & 0xFF);
    return out + dict;
}

void writeNpy(const std::string& path, const NpyArray& array) {
    writeFileAtomically(path, npyBytes(array));
}

void writeNpz(const std::string& path, const std::vector<NpyArray>& arrays) {
    std::vector<std::string> blobs;
    blobs.reserve(arrays.size());
    for (const auto& a : arrays)
        blobs.push_back(npyBytes(a));
    std::vector<ZipEntry> entries;
    for (size_t i = 0; i < arrays.size(); ++i)
        entries.push_back({arrays[i].name + ".npy", blobs[i].data(), blobs[i].size()});
    writeZip(path, entries);
}

NpyArray parseNpy(const uint8_t* data, size_t size, const std::string& label) {
    auto bad = [&](const std::string& why) { throw Error(ErrorCode::Format, label + ": " + why); };
    if (size < 10 || std::memcmp(data, "\x93NUMPY", 6) != 0) bad("not a .npy array");
    const int major = data[6];
    size_t headerLen = 0, start = 0;
    if (major == 1) {
        headerLen = data[8] | (static_cast<size_t>(data[9]) << 8);
        start = 10;
    } else if (major == 2 || major == 3) {
        if (size < 12) bad("truncated header");
        headerLen = data[8] | (static_cast<size_t>(data[9]) << 8) | (static_cast<size_t>(data[10]) << 16) |
                    (static_cast<size_t>(data[11]) << 24);
        start = 12;
    } else {
        bad("unknown .npy version");
    }
    if (headerLen > size - start) bad("truncated header");
    // numpy's own limit (max_header_size, numpy >= 1.24); and every repetition below is bounded, so
    // that std::regex, which recurses once per character matched, cannot overflow the stack.
    constexpr size_t kMaxHeader = 10000;
    if (headerLen > kMaxHeader)
        bad("header of " + std::to_string(headerLen) + " bytes, more than numpy's limit of 10000");
    const std::string header(reinterpret_cast<const char*>(data + start), headerLen);
    std::smatch m;
    static const std::regex descr("'descr':\\s{0,16}'([^']{1,64})'"),
        fortran("'fortran_order':\\s{0,16}True"), shape("'shape':\\s{0,16}\\(([^)]{0,256})\\)");
    if (!std::regex_search(header, m, descr)) bad("header without descr");
    NpyArray a;
    if (!fromDescr(m[1], &a.dtype))
        throw Error(ErrorCode::Unsupported, label + ": unsupported dtype " + m[1].str());
    if (std::regex_search(header, m, fortran))
        throw Error(ErrorCode::Unsupported, label + ": Fortran-ordered arrays are not supported");
    if (!std::regex_search(header, m, shape)) bad("header without shape");
    const std::string dims = m[1];
    static const std::regex number("\\d+");
    std::sregex_iterator it(dims.begin(), dims.end(), number), end;
    int64_t numel = 1;
    for (; it != end; ++it) {
        const std::string digits = it->str();
        if (digits.size() > 15) bad("array too large");
        const int64_t d = std::stoll(digits);  // at most 15 digits: cannot overflow
        if (d != 0 && numel > (int64_t{1} << 50) / d) bad("array too large");
        a.shape.push_back(d);
        numel *= d;
    }
    const uint64_t bytes = static_cast<uint64_t>(numel) * static_cast<uint64_t>(elementSize(a.dtype));
    const size_t dataStart = start + headerLen;
    if (bytes > size - dataStart) bad("data is truncated");
    a.data.assign(data + dataStart, data + dataStart + bytes);
    return a;
}

NpyArray readNpy(const std::string& path) {
    const auto buf = mapFile(path);
    return parseNpy(buf->data(), buf->size(), path);
}

std::vector<NpyArray> readNpz(const std::string& path) {
    auto buf = mapFile(path);
    ZipArchive zip(buf);
    std::vector<NpyArray> out;
    for (const auto& name : zip.names()) {
        if (name.size() < 4 || name.compare(name.size() - 4, 4, ".npy") != 0) continue;
        const auto bytes = zip.readAll(name, uint64_t{1} << 36);
        NpyArray a = parseNpy(bytes.data(), bytes.size(), path + ":" + name);
        a.name = name.substr(0, name.size() - 4);
        out.push_back(std::move(a));
    }
    return out;
}

}  // namespace mlens::io
