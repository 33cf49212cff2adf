#include "engine/io/zip_archive.h"

#include <zip.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "engine/api/error.h"
#include "engine/api/text.h"

namespace mlens::io {

namespace {

std::string zipErrorText(zip_error_t* err) {
    std::string s = zip_error_strerror(err);
    zip_error_fini(err);
    return s;
}

}  // namespace

ZipArchive::ZipArchive(std::shared_ptr<const ByteBuffer> bytes) : m_bytes(std::move(bytes)) {
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(m_bytes->data(), m_bytes->size(), 0, &err);
    if (!src) throw Error(ErrorCode::Format, "zip: " + zipErrorText(&err));
    m_zip = zip_open_from_source(src, ZIP_RDONLY, &err);
    if (!m_zip) {
        zip_source_free(src);
        throw Error(ErrorCode::Format, "not a readable zip archive (" + zipErrorText(&err) + ")");
    }
    zip_error_fini(&err);
    const zip_int64_t n = zip_get_num_entries(m_zip, 0);
    m_names.reserve(static_cast<size_t>(std::max<zip_int64_t>(n, 0)));
    for (zip_int64_t i = 0; i < n; ++i) {
        const char* name = zip_get_name(m_zip, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
        m_names.emplace_back(name ? name : "");
        zip_stat_t st;
        zip_stat_init(&st);
        const zip_uint64_t need = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD;
        if (zip_stat_index(m_zip, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW, &st) != 0 ||
            (st.valid & need) != need) {
            zip_discard(m_zip);
            throw Error(ErrorCode::Format, "zip entry " + std::to_string(i) + " has an unreadable header");
        }
        const std::string& entry = m_names.back();
        auto bad = [&](const std::string& why) {
            zip_discard(m_zip);
            throw Error(ErrorCode::Format, "zip entry '" + escapeControl(entry) + "' " + why);
        };
        const bool stored = st.comp_method == ZIP_CM_STORE;
        if (!stored) m_compressed.push_back(entry);
        if (st.comp_size > m_bytes->size()) bad("claims more bytes than the archive holds");
        constexpr uint64_t kMaxDeflateRatio = 1032;  // zlib's theoretical limit
        if ((stored && st.size != st.comp_size) ||
            (!stored && st.size > st.comp_size * kMaxDeflateRatio + 64))
            bad("declares " + std::to_string(st.size) + " bytes, more than its " +
                std::to_string(st.comp_size) + " stored bytes can hold");
        m_index[entry] = static_cast<uint64_t>(i);
    }
}

ZipArchive::~ZipArchive() {
    if (m_zip) zip_discard(m_zip);
}

int64_t ZipArchive::indexOf(const std::string& name) const {
    const auto it = m_index.find(name);
    return it == m_index.end() ? -1 : static_cast<int64_t>(it->second);
}

void ZipArchive::requireStored(const std::string& why) const {
    if (!m_compressed.empty())
        throw Error(ErrorCode::Format,
                    "zip entry '" + escapeControl(m_compressed.front()) + "' is compressed; " + why);
}

bool ZipArchive::contains(const std::string& name) const {
    return indexOf(name) >= 0;
}

uint64_t ZipArchive::entrySize(const std::string& name) const {
    const int64_t i = indexOf(name);
    if (i < 0) throw Error(ErrorCode::NotFound, "zip entry '" + name + "' is missing");
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(m_zip, static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        throw Error(ErrorCode::Format, "zip entry '" + name + "' is unreadable");
    return st.size;
}

void ZipArchive::read(const std::string& name, void* dst, uint64_t size) const {
    const int64_t i = indexOf(name);
    if (i < 0) throw Error(ErrorCode::NotFound, "zip entry '" + name + "' is missing");
    zip_file_t* f = zip_fopen_index(m_zip, static_cast<zip_uint64_t>(i), 0);
    if (!f)
        throw Error(ErrorCode::Format,
                    "zip entry '" + name + "' cannot be opened (" + zip_strerror(m_zip) + ")");
    auto* out = static_cast<uint8_t*>(dst);
    uint64_t done = 0;
    zip_int64_t got = 0;
    while (done < size) {
        got = zip_fread(f, out + done, size - done);
        if (got <= 0) break;
        done += static_cast<uint64_t>(got);
    }
    // libzip checks the CRC-32 when the entry is read to its end: one more read must return 0.
    uint8_t extra;
    if (done == size) got = zip_fread(f, &extra, 1);
    const std::string why = got < 0 ? zip_file_strerror(f) : std::string();
    zip_fclose(f);
    if (got < 0)
        throw Error(ErrorCode::Format, "zip entry '" + escapeControl(name) + "' is corrupt (" + why + ")");
    if (got > 0)
        throw Error(ErrorCode::Format, "zip entry '" + escapeControl(name) + "' holds more than " +
                                           std::to_string(size) + " bytes");
    if (done != size)
        throw Error(ErrorCode::Format, "zip entry '" + name + "' is truncated or corrupt (" +
                                           std::to_string(done) + " of " + std::to_string(size) + " bytes)");
}

std::vector<uint8_t> ZipArchive::readAll(const std::string& name, uint64_t maxSize) const {
    const uint64_t size = entrySize(name);
    if (size > maxSize) throw Error(ErrorCode::Format, "zip entry '" + name + "' is implausibly large");
    std::vector<uint8_t> out(size);
    read(name, out.data(), size);
    return out;
}

void writeZip(const std::string& path, const std::vector<ZipEntry>& entries) {
    // libzip itself writes to a temporary file and renames it on zip_close; we add our own
    // temporary name so that a crash before zip_close never leaves a file under `path`.
    const std::string tmp = path + ".partial";
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    int errorp = 0;
    zip_t* za = zip_open(tmp.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &errorp);
    if (!za) {
        zip_error_t err;
        zip_error_init_with_code(&err, errorp);
        throw Error(ErrorCode::Io, "cannot create " + path + ": " + zipErrorText(&err));
    }
    auto failWith = [&](const std::string& why) {
        zip_discard(za);
        std::filesystem::remove(tmp, ec);
        throw Error(ErrorCode::Io, "cannot write " + path + ": " + why);
    };
    for (const auto& e : entries) {
        zip_source_t* src = zip_source_buffer(za, e.data, e.size, 0);
        if (!src) failWith(zip_strerror(za));
        const zip_int64_t idx = zip_file_add(za, e.name.c_str(), src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
        if (idx < 0) {
            zip_source_free(src);
            failWith(zip_strerror(za));
        }
        zip_set_file_compression(za, static_cast<zip_uint64_t>(idx), ZIP_CM_STORE, 0);
        // a fixed date (1980-01-01 noon UTC, valid DOS time in every zone): the same arrays give the
        // same bytes, so a merged sample set equals an unsharded one and outputs can be compared by hash
        zip_file_set_mtime(za, static_cast<zip_uint64_t>(idx), 315576000, 0);
    }
    if (zip_close(za) != 0) failWith(zip_strerror(za));
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        throw Error(ErrorCode::Io, "cannot move " + tmp + " to " + path);
    }
}

}  // namespace mlens::io
