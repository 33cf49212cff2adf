#include "engine/io/dicom_reader.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/oflog/oflog.h>
#include <openjpeg.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>

#include "engine/api/error.h"

namespace mlens::io {

namespace {

void initialise() {
    static std::once_flag once;
    std::call_once(once, [] {
        OFLog::configure(OFLogger::OFF_LOG_LEVEL);
        dcmEnableUnknownVRConversion.set(
            OFTrue);  // elements stored as UN (e.g. Modality) read as their real VR
        DJDecoderRegistration::registerCodecs();
        DJLSDecoderRegistration::registerCodecs();
        DcmRLEDecoderRegistration::registerCodecs();
    });
}

std::string str(DcmItem* ds, const DcmTagKey& tag) {
    OFString v;
    return ds->findAndGetOFString(tag, v).good() ? std::string(v.c_str()) : std::string();
}

int intOf(DcmItem* ds, const DcmTagKey& tag, int fallback) {
    Sint32 v = 0;
    if (ds->findAndGetSint32(tag, v).good()) return static_cast<int>(v);
    const std::string s = str(ds, tag);
    if (s.empty()) return fallback;
    try {
        return std::stoi(s);
    } catch (const std::exception&) {
        return fallback;
    }
}

int u16(DcmItem* ds, const DcmTagKey& tag, int fallback) {
    Uint16 v = 0;
    return ds->findAndGetUint16(tag, v).good() ? v : fallback;
}

std::vector<double> doubles(DcmItem* ds, const DcmTagKey& tag) {
    std::vector<double> out;
    Float64 v = 0;
    for (unsigned long i = 0; ds->findAndGetFloat64(tag, v, i).good(); ++i)
        out.push_back(v);
    return out;
}

bool finiteAll(const std::vector<double>& v) {
    for (double x : v)
        if (!std::isfinite(x)) return false;
    return true;
}

// PS3.15 Annex E, Basic Application Level Confidentiality Profile (the attributes MinorityLens can
// meet in images): only their names are ever recorded.
const std::pair<DcmTagKey, const char*> kIdentifying[] = {
    {DCM_PatientName, "PatientName"},
    {DCM_PatientID, "PatientID"},
    {DCM_PatientBirthDate, "PatientBirthDate"},
    {DCM_PatientSex, "PatientSex"},
    {DCM_PatientAge, "PatientAge"},
    {DCM_RETIRED_OtherPatientIDs, "OtherPatientIDs"},
    {DCM_InstitutionName, "InstitutionName"},
    {DCM_InstitutionAddress, "InstitutionAddress"},
    {DCM_ReferringPhysicianName, "ReferringPhysicianName"},
    {DCM_PerformingPhysicianName, "PerformingPhysicianName"},
    {DCM_OperatorsName, "OperatorsName"},
    {DCM_StationName, "StationName"},
    {DCM_StudyDate, "StudyDate"},
    {DCM_SeriesDate, "SeriesDate"},
    {DCM_AcquisitionDate, "AcquisitionDate"},
    {DCM_ContentDate, "ContentDate"},
    {DCM_StudyTime, "StudyTime"},
    {DCM_SeriesTime, "SeriesTime"},
    {DCM_AcquisitionTime, "AcquisitionTime"},
    {DCM_ContentTime, "ContentTime"},
    {DCM_AccessionNumber, "AccessionNumber"},
    {DCM_StudyID, "StudyID"},
    {DCM_StudyInstanceUID, "StudyInstanceUID"},
    {DCM_SeriesInstanceUID, "SeriesInstanceUID"},
    {DCM_SOPInstanceUID, "SOPInstanceUID"},
    {DCM_DeviceSerialNumber, "DeviceSerialNumber"},
    {DCM_SeriesDescription, "SeriesDescription"},
    {DCM_StudyDescription, "StudyDescription"},
};

// The first item of a sequence inside (shared or per-frame) functional groups.
DcmItem* groupItem(DcmItem* group, const DcmTagKey& sequence) {
    DcmItem* item = nullptr;
    return group && group->findAndGetSequenceItem(sequence, item, 0).good() ? item : nullptr;
}

DicomInfo infoOf(DcmDataset* ds, const std::string& path) {
    DicomInfo d;
    d.path = path;
    d.sopUid = str(ds, DCM_SOPInstanceUID);
    d.seriesUid = str(ds, DCM_SeriesInstanceUID);
    d.seriesDescription = str(ds, DCM_SeriesDescription);
    d.modality = str(ds, DCM_Modality);
    d.seriesNumber = intOf(ds, DCM_SeriesNumber, 0);
    d.instanceNumber = intOf(ds, DCM_InstanceNumber, 0);
    d.rows = u16(ds, DCM_Rows, 0);
    d.columns = u16(ds, DCM_Columns, 0);
    d.frames = std::max(1, intOf(ds, DCM_NumberOfFrames, 1));
    d.samples = u16(ds, DCM_SamplesPerPixel, 1);
    d.bitsAllocated = u16(ds, DCM_BitsAllocated, 0);
    d.transferSyntax = DcmXfer(ds->getOriginalXfer()).getXferID();
    DcmElement* px = nullptr;
    d.hasPixelData = ds->findAndGetElement(DCM_PixelData, px).good() && px;
    const std::string pi = str(ds, DCM_PhotometricInterpretation);
    d.monochrome1 = pi.find("MONOCHROME1") != std::string::npos;

    // Geometry: the top level, or the functional groups of enhanced multi-frame objects.
    DcmItem* shared = nullptr;
    ds->findAndGetSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, 0);
    DcmItem* firstFrame = nullptr;
    ds->findAndGetSequenceItem(DCM_PerFrameFunctionalGroupsSequence, firstFrame, 0);
    std::vector<double> ipp = doubles(ds, DCM_ImagePositionPatient),
                        iop = doubles(ds, DCM_ImageOrientationPatient),
                        spacing = doubles(ds, DCM_PixelSpacing);
    if (iop.size() != 6) {
        for (DcmItem* g : {shared, firstFrame})
            if (DcmItem* o = groupItem(g, DCM_PlaneOrientationSequence); o && iop.size() != 6)
                iop = doubles(o, DCM_ImageOrientationPatient);
    }
    if (spacing.size() != 2) {
        for (DcmItem* g : {shared, firstFrame})
            if (DcmItem* m = groupItem(g, DCM_PixelMeasuresSequence); m && spacing.size() != 2)
                spacing = doubles(m, DCM_PixelSpacing);
    }
    if (ipp.size() != 3) {
        if (DcmItem* p = groupItem(firstFrame, DCM_PlanePositionSequence))
            ipp = doubles(p, DCM_ImagePositionPatient);
    }
    d.hasPosition = ipp.size() == 3 && finiteAll(ipp);
    d.hasOrientation = iop.size() == 6 && finiteAll(iop);
    if (d.hasPosition) std::copy(ipp.begin(), ipp.end(), d.position.begin());
    if (d.hasOrientation) std::copy(iop.begin(), iop.end(), d.orientation.begin());
    if (spacing.size() == 2 && finiteAll(spacing) && spacing[0] > 0 && spacing[1] > 0)
        d.pixelSpacing = {spacing[0], spacing[1]};
    const std::vector<double> between = doubles(ds, DCM_SpacingBetweenSlices),
                              thickness = doubles(ds, DCM_SliceThickness);
    d.sliceSpacing = !between.empty() && between[0] > 0       ? between[0]
                     : !thickness.empty() && thickness[0] > 0 ? thickness[0]
                                                              : 0;
    d.frameOffsets = doubles(ds, DCM_GridFrameOffsetVector);
    const std::vector<double> centers = doubles(ds, DCM_WindowCenter), widths = doubles(ds, DCM_WindowWidth);
    for (size_t i = 0; i < std::min(centers.size(), widths.size()); ++i)
        if (std::isfinite(centers[i]) && std::isfinite(widths[i]) && widths[i] > 0) {
            OFString name;
            ds->findAndGetOFString(DCM_WindowCenterWidthExplanation, name, static_cast<unsigned long>(i));
            d.windows.push_back({centers[i], widths[i], name.c_str()});
        }
    for (const auto& [tag, name] : kIdentifying)
        if (!str(ds, tag).empty()) d.identifyingFields.push_back(name);
    return d;
}

bool isJpeg2000(E_TransferSyntax x) {
    return x == EXS_JPEG2000LosslessOnly || x == EXS_JPEG2000;
}

// ---- JPEG 2000 through OpenJPEG, from the fragments of one frame ----

struct MemoryStream {
    const uint8_t* data;
    size_t size, pos = 0;
};

OPJ_SIZE_T readFn(void* out, OPJ_SIZE_T n, void* user) {
    auto* m = static_cast<MemoryStream*>(user);
    if (m->pos >= m->size) return static_cast<OPJ_SIZE_T>(-1);
    const size_t k = std::min<size_t>(n, m->size - m->pos);
    std::memcpy(out, m->data + m->pos, k);
    m->pos += k;
    return k;
}
OPJ_OFF_T skipFn(OPJ_OFF_T n, void* user) {
    auto* m = static_cast<MemoryStream*>(user);
    const OPJ_OFF_T k =
        std::clamp<OPJ_OFF_T>(n, -static_cast<OPJ_OFF_T>(m->pos), static_cast<OPJ_OFF_T>(m->size - m->pos));
    m->pos = static_cast<size_t>(static_cast<OPJ_OFF_T>(m->pos) + k);
    return k;
}
OPJ_BOOL seekFn(OPJ_OFF_T n, void* user) {
    auto* m = static_cast<MemoryStream*>(user);
    if (n < 0 || static_cast<size_t>(n) > m->size) return OPJ_FALSE;
    m->pos = static_cast<size_t>(n);
    return OPJ_TRUE;
}
void quiet(const char*, void*) {}

struct J2kImage {
    int width = 0, height = 0, components = 0;
    std::vector<std::vector<int32_t>> planes;
    int precision = 0;
    bool isSigned = false;
};

// The image and tile grid a codestream's SIZ marker declares, checked against the DICOM header
// before OpenJPEG sees it: OpenJPEG allocates per tile while it reads the header, so a 3 KB file
// declaring a 1636 x 327780 image in 100 x 100 tiles took ~1 GB before any check (fuzz_volumes).
void checkJ2kSize(const std::vector<uint8_t>& b, const std::string& path, int width, int height,
                  int components) {
    const size_t end = std::min<size_t>(b.size(), 4096);
    size_t at = 0;
    while (at + 1 < end &&
           !(b[at] == 0xFF && b[at + 1] == 0x4F && at + 3 < end && b[at + 2] == 0xFF && b[at + 3] == 0x51))
        ++at;
    if (at + 4 + 38 > b.size()) return;  // no SIZ where expected: OpenJPEG reports what is wrong
    const auto u32 = [&](size_t k) {
        return (uint64_t{b[k]} << 24) | (uint64_t{b[k + 1]} << 16) | (uint64_t{b[k + 2]} << 8) | b[k + 3];
    };
    const size_t p = at + 4 + 4;  // after the marker, Lsiz and Rsiz
    const uint64_t xs = u32(p), ys = u32(p + 4), x0 = u32(p + 8), y0 = u32(p + 12), xt = u32(p + 16),
                   yt = u32(p + 20), xt0 = u32(p + 24), yt0 = u32(p + 28);
    const unsigned comps = (unsigned{b[p + 32]} << 8) | b[p + 33];
    const uint64_t w = xs > x0 ? xs - x0 : 0, h = ys > y0 ? ys - y0 : 0;
    if (w != static_cast<uint64_t>(width) || h != static_cast<uint64_t>(height) ||
        comps != static_cast<unsigned>(components))
        throw Error(ErrorCode::Format, path + ": the JPEG 2000 image is " + std::to_string(w) + "x" +
                                           std::to_string(h) + "x" + std::to_string(comps) +
                                           ", the header says " + std::to_string(width) + "x" +
                                           std::to_string(height) + "x" + std::to_string(components));
    const uint64_t tiles =
        xt && yt && xs > xt0 && ys > yt0 ? ((xs - xt0 + xt - 1) / xt) * ((ys - yt0 + yt - 1) / yt) : 0;
    if (tiles < 1 || tiles > 65535)  // ISO 15444-1 numbers tiles with 16 bits
        throw Error(ErrorCode::Format,
                    path + ": corrupt JPEG 2000 data (" + std::to_string(tiles) + " tiles)");
}

// `width` x `height` x `components` are what the DICOM header says; a codestream declaring another
// size is refused before OpenJPEG allocates for it (a 3 KB file made it take over 4 GB: found by
// fuzz_volumes).
J2kImage decodeJ2k(const std::vector<uint8_t>& bytes, const std::string& path, int width, int height,
                   int components) {
    // DICOM holds a raw codestream; some writers wrap it in a JP2 file.
    const bool jp2 =
        bytes.size() > 12 && bytes[4] == 'j' && bytes[5] == 'P' && bytes[6] == ' ' && bytes[7] == ' ';
    checkJ2kSize(bytes, path, width, height, components);
    std::unique_ptr<opj_codec_t, void (*)(opj_codec_t*)> codec(
        opj_create_decompress(jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K), opj_destroy_codec);
    opj_set_error_handler(codec.get(), quiet, nullptr);
    opj_set_warning_handler(codec.get(), quiet, nullptr);
    opj_set_info_handler(codec.get(), quiet, nullptr);
    opj_dparameters_t params;
    opj_set_default_decoder_parameters(&params);
    if (!opj_setup_decoder(codec.get(), &params))
        throw Error(ErrorCode::Runtime, path + ": OpenJPEG could not start");
    MemoryStream mem{bytes.data(), bytes.size()};
    std::unique_ptr<opj_stream_t, void (*)(opj_stream_t*)> stream(opj_stream_create(1 << 16, OPJ_TRUE),
                                                                  opj_stream_destroy);
    opj_stream_set_user_data(stream.get(), &mem, nullptr);
    opj_stream_set_user_data_length(stream.get(), bytes.size());
    opj_stream_set_read_function(stream.get(), readFn);
    opj_stream_set_skip_function(stream.get(), skipFn);
    opj_stream_set_seek_function(stream.get(), seekFn);
    opj_image_t* raw = nullptr;
    if (!opj_read_header(stream.get(), codec.get(), &raw))
        throw Error(ErrorCode::Format, path + ": corrupt JPEG 2000 data (header)");
    std::unique_ptr<opj_image_t, void (*)(opj_image_t*)> image(raw, opj_image_destroy);
    const uint64_t w = image->x1 > image->x0 ? image->x1 - image->x0 : 0,
                   h = image->y1 > image->y0 ? image->y1 - image->y0 : 0;
    if (w != static_cast<uint64_t>(width) || h != static_cast<uint64_t>(height) ||
        image->numcomps != static_cast<OPJ_UINT32>(components))
        throw Error(ErrorCode::Format, path + ": the JPEG 2000 image is " + std::to_string(w) + "x" +
                                           std::to_string(h) + "x" + std::to_string(image->numcomps) +
                                           ", the header says " + std::to_string(width) + "x" +
                                           std::to_string(height) + "x" + std::to_string(components));
    if (!opj_decode(codec.get(), stream.get(), image.get()) || !opj_end_decompress(codec.get(), stream.get()))
        throw Error(ErrorCode::Format, path + ": corrupt JPEG 2000 data");
    J2kImage out;
    out.components = static_cast<int>(image->numcomps);
    if (out.components < 1) throw Error(ErrorCode::Format, path + ": JPEG 2000 data without components");
    const opj_image_comp_t& c0 = image->comps[0];
    out.width = static_cast<int>(c0.w);
    out.height = static_cast<int>(c0.h);
    out.precision = static_cast<int>(c0.prec);
    out.isSigned = c0.sgnd != 0;
    for (int c = 0; c < out.components; ++c) {
        const opj_image_comp_t& comp = image->comps[c];
        if (comp.w != c0.w || comp.h != c0.h || !comp.data)
            throw Error(ErrorCode::Unsupported, path + ": subsampled JPEG 2000 components");
        out.planes.emplace_back(comp.data, comp.data + static_cast<size_t>(comp.w) * comp.h);
    }
    return out;
}

// The bytes of frame `frame` of an encapsulated (JPEG 2000) pixel sequence.
std::vector<uint8_t> fragmentsOf(DcmPixelSequence* seq, int frame, int frames, const std::string& path) {
    const unsigned long n = seq->card();
    if (n < 2) throw Error(ErrorCode::Format, path + ": the pixel data holds no fragments");
    std::vector<std::pair<const Uint8*, Uint32>> items;
    for (unsigned long i = 1; i < n; ++i) {
        DcmPixelItem* item = nullptr;
        Uint8* p = nullptr;
        if (seq->getItem(item, i).bad() || !item || item->getUint8Array(p).bad())
            throw Error(ErrorCode::Format, path + ": unreadable fragment");
        items.emplace_back(p, item->getLength());
    }
    std::vector<uint8_t> out;
    auto append = [&](size_t from, size_t to) {
        for (size_t i = from; i < to; ++i)
            if (items[i].first) out.insert(out.end(), items[i].first, items[i].first + items[i].second);
    };
    if (frames == 1)
        append(0, items.size());
    else if (static_cast<int>(items.size()) == frames)
        append(static_cast<size_t>(frame), static_cast<size_t>(frame) + 1);
    else
        throw Error(ErrorCode::Unsupported,
                    path + ": multi-frame JPEG 2000 with several fragments per frame");
    return out;
}

// DCMTK 3.6.7's RLE decoder follows segment offsets without checking them (a hostile header made it
// read far outside the fragment: found by fuzz_volumes), so every RLE fragment's 64-byte header is
// checked first (PS3.5 G.3: 1..15 segments, the first at 64, increasing, inside the fragment).
template <class F>
void forEachFragment(DcmPixelSequence* seq, const std::string& path, F&& check) {
    const unsigned long n = seq->card();
    for (unsigned long i = 1; i < n; ++i) {
        DcmPixelItem* item = nullptr;
        Uint8* p = nullptr;
        if (seq->getItem(item, i).bad() || !item || item->getUint8Array(p).bad())
            throw Error(ErrorCode::Format, path + ": unreadable fragment " + std::to_string(i));
        check(i, static_cast<const uint8_t*>(p), item->getLength());
    }
}

void checkRleHeaders(DcmPixelSequence* seq, const std::string& path) {
    forEachFragment(seq, path, [&](unsigned long i, const uint8_t* p, Uint32 length) {
        auto at = [&](size_t k) {
            return uint32_t{p[4 * k]} | (uint32_t{p[4 * k + 1]} << 8) | (uint32_t{p[4 * k + 2]} << 16) |
                   (uint32_t{p[4 * k + 3]} << 24);
        };
        const bool ok = [&] {
            if (!p || length < 64) return false;
            const uint32_t segments = at(0);
            if (segments < 1 || segments > 15 || at(1) != 64) return false;
            for (uint32_t s = 1; s <= segments; ++s)
                if (at(s) >= length || (s > 1 && at(s) <= at(s - 1))) return false;
            return true;
        }();
        if (!ok)
            throw Error(ErrorCode::Format, path + ": corrupt RLE data (fragment " + std::to_string(i) +
                                               " has a bad segment table)");
    });
}

bool isDcmjpegSyntax(E_TransferSyntax x) {  // 1.2.840.10008.1.2.4.50 to .70: the IJG-based codecs
    const std::string id = DcmXfer(x).getXferID();
    const std::string prefix = "1.2.840.10008.1.2.4.";
    if (id.rfind(prefix, 0) != 0 || id.size() != prefix.size() + 2) return false;
    const int n = std::atoi(id.c_str() + prefix.size());
    return n >= 50 && n <= 70;
}

// DCMTK 3.6.7 walks a JPEG fragment's markers for its bit depth before decoding and does not move
// past a TEM marker (FF01), so one such marker in the header makes it loop forever (found by
// fuzz_volumes). The same walk is done here first, and a fragment that would reach TEM is refused.
void checkJpegMarkers(DcmPixelSequence* seq, const std::string& path) {
    forEachFragment(seq, path, [&](unsigned long i, const uint8_t* p, Uint32 length) {
        if (!p) return;
        for (Uint32 at = 0; at + 4 < length;) {
            const int m = p[at + 1];
            if (p[at] != 0xFF) return;  // not a marker: the walk ends (DCMTK stops here too)
            const bool frame = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
            if (frame) return;
            if (m == 0x01)
                throw Error(ErrorCode::Format,
                            path + ": corrupt JPEG data (a TEM marker in the header of fragment " +
                                std::to_string(i) + ")");
            if ((m >= 0xD0 && m <= 0xD9) || (m > 0x01 && m <= 0xBF))
                at += 2;
            else if (m >= 0xC4 && m != 0xFF)  // DHT, DAC, SOS, DQT ... APPn, COM: a length follows
                at += ((Uint32{p[at + 2]} << 8) | p[at + 3]) + 2;
            else
                return;
        }
    });
}

// ---- pixel interpretation ----

struct Layout {
    int rows, columns, samples, bitsAllocated, bitsStored, pixelRepresentation, planar;
    std::string photometric;
    double slope, intercept;
};

double sampleAt(const uint8_t* frame, size_t i, const Layout& l) {
    switch (l.bitsAllocated) {
        case 1:
            return (frame[i / 8] >> (i % 8)) & 1;
        case 8: {
            const uint8_t v = frame[i];
            return l.pixelRepresentation ? static_cast<double>(static_cast<int8_t>(v)) : v;
        }
        case 16: {
            uint16_t v;
            std::memcpy(&v, frame + 2 * i, 2);
            const int stored = std::clamp(l.bitsStored, 1, 16);
            if (stored < 16) v &= static_cast<uint16_t>((1u << stored) - 1);
            if (!l.pixelRepresentation) return v;
            const int32_t sign = 1 << (stored - 1);
            return static_cast<double>((static_cast<int32_t>(v) ^ sign) -
                                       sign);  // sign-extend from BitsStored
        }
        default: {
            uint32_t v;
            std::memcpy(&v, frame + 4 * i, 4);
            return l.pixelRepresentation ? static_cast<double>(static_cast<int32_t>(v))
                                         : static_cast<double>(v);
        }
    }
}

cv::Mat grayFrame(const uint8_t* frame, const Layout& l) {
    cv::Mat out(l.rows, l.columns, CV_32F);
    const size_t n = static_cast<size_t>(l.rows) * l.columns;
    float* p = out.ptr<float>();
    for (size_t i = 0; i < n; ++i)
        p[i] = static_cast<float>(sampleAt(frame, i, l) * l.slope + l.intercept);
    return out;
}

cv::Mat colourFrame(const uint8_t* frame, const Layout& l, const std::string& path) {
    if (l.bitsAllocated == 1) throw Error(ErrorCode::Unsupported, path + ": colour images of 1 bit");
    const size_t n = static_cast<size_t>(l.rows) * l.columns;
    // 8- and 16-bit colour stays integer; 32-bit colour becomes float (the values as they are).
    cv::Mat rgb(l.rows, l.columns,
                l.bitsAllocated == 8    ? CV_8UC3
                : l.bitsAllocated == 16 ? CV_16UC3
                                        : CV_32FC3);
    const bool ybr = l.photometric.rfind("YBR_FULL", 0) == 0;
    const bool subsampled = l.photometric == "YBR_FULL_422";
    const double maxv = l.bitsAllocated == 8 ? 255.0 : l.bitsAllocated == 16 ? 65535.0 : 4294967295.0;
    const double half = l.bitsAllocated == 8 ? 128.0 : l.bitsAllocated == 16 ? 32768.0 : 2147483648.0;
    for (size_t i = 0; i < n; ++i) {
        double c[3];
        if (subsampled) {  // Y0 Y1 Cb Cr for each pair of pixels
            const size_t pair = i / 2;
            c[0] = sampleAt(frame, pair * 4 + (i % 2), l);
            c[1] = sampleAt(frame, pair * 4 + 2, l);
            c[2] = sampleAt(frame, pair * 4 + 3, l);
        } else {
            for (int s = 0; s < 3; ++s)
                c[s] = sampleAt(frame, l.planar ? s * n + i : i * 3 + s, l);
        }
        if (ybr) {  // PS3.3 C.7.6.3.1.2 YBR_FULL -> RGB
            const double y = c[0], cb = c[1] - half, cr = c[2] - half;
            c[0] = y + 1.402 * cr;
            c[1] = y - 0.344136 * cb - 0.714136 * cr;
            c[2] = y + 1.772 * cb;
        }
        for (int s = 0; s < 3; ++s)
            c[s] = std::clamp(std::round(c[s]), 0.0, maxv);
        if (l.bitsAllocated == 8)
            rgb.at<cv::Vec3b>(static_cast<int>(i / l.columns), static_cast<int>(i % l.columns)) = {
                static_cast<uint8_t>(c[2]), static_cast<uint8_t>(c[1]), static_cast<uint8_t>(c[0])};
        else if (l.bitsAllocated == 16)
            rgb.at<cv::Vec3w>(static_cast<int>(i / l.columns), static_cast<int>(i % l.columns)) = {
                static_cast<uint16_t>(c[2]), static_cast<uint16_t>(c[1]), static_cast<uint16_t>(c[0])};
        else
            rgb.at<cv::Vec3f>(static_cast<int>(i / l.columns), static_cast<int>(i % l.columns)) = {
                static_cast<float>(c[2]), static_cast<float>(c[1]), static_cast<float>(c[0])};
    }
    return rgb;
}

}  // namespace

bool looksLikeDicom(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".dcm" || ext == ".dicom") return true;
    std::ifstream in(path, std::ios::binary);
    char magic[132] = {};
    return in.read(magic, 132) && std::memcmp(magic + 128, "DICM", 4) == 0;
}

DicomInfo readDicomInfo(const std::string& path) {
    initialise();
    DcmFileFormat ff;
    // Values longer than 4 KiB (the pixel data) stay on disk: reading the header costs little.
    const OFCondition c = ff.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, 4096, ERM_autoDetect);
    if (c.bad())
        throw Error(ErrorCode::Format, path + ": not a readable DICOM file (" + std::string(c.text()) + ")");
    return infoOf(ff.getDataset(), path);
}

std::vector<cv::Mat> readDicomFrames(const std::string& path, const VolumeLimits& limits) {
    initialise();
    std::error_code ec;
    const uint64_t fileSize = std::filesystem::file_size(path, ec);
    if (ec) throw Error(ErrorCode::Io, "cannot read " + path + ": " + ec.message());
    DcmFileFormat ff;
    // Nothing long is loaded before the sizes are checked: the pixel data is read on demand.
    OFCondition c = ff.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, 4096, ERM_autoDetect);
    if (c.bad())
        throw Error(ErrorCode::Format, path + ": not a readable DICOM file (" + std::string(c.text()) + ")");
    DcmDataset* ds = ff.getDataset();
    const DicomInfo info = infoOf(ds, path);
    if (!info.hasPixelData) throw Error(ErrorCode::Format, path + ": no pixel data");
    Layout l{info.rows,
             info.columns,
             info.samples,
             info.bitsAllocated,
             u16(ds, DCM_BitsStored, info.bitsAllocated),
             u16(ds, DCM_PixelRepresentation, 0),
             u16(ds, DCM_PlanarConfiguration, 0),
             str(ds, DCM_PhotometricInterpretation),
             1.0,
             0.0};
    if (l.rows < 1 || l.columns < 1)
        throw Error(ErrorCode::Format, path + ": the image has no rows or columns");
    if (l.samples != 1 && l.samples != 3)
        throw Error(ErrorCode::Unsupported, path + ": " + std::to_string(l.samples) + " samples per pixel");
    if (l.bitsAllocated != 1 && l.bitsAllocated != 8 && l.bitsAllocated != 16 && l.bitsAllocated != 32)
        throw Error(ErrorCode::Unsupported,
                    path + ": " + std::to_string(l.bitsAllocated) + " bits allocated");
    const int64_t voxels = static_cast<int64_t>(l.rows) * l.columns * info.frames;
    const uint64_t decoded =
        static_cast<uint64_t>(voxels) * static_cast<uint64_t>(l.samples) * std::max(1, l.bitsAllocated / 8);
    if (voxels > limits.maxVoxels || decoded > fileSize * 1100 + (uint64_t{16} << 20))
        throw Error(ErrorCode::InvalidArgument,
                    path + ": " + std::to_string(info.columns) + "x" + std::to_string(info.rows) + "x" +
                        std::to_string(info.frames) + " pixels exceed the limits for a file of " +
                        std::to_string(fileSize) + " bytes");
    const std::vector<double> slope = doubles(ds, DCM_RescaleSlope),
                              intercept = doubles(ds, DCM_RescaleIntercept);
    if (!slope.empty() && std::isfinite(slope[0]) && slope[0] != 0) l.slope = slope[0];
    if (!intercept.empty() && std::isfinite(intercept[0])) l.intercept = intercept[0];
    const std::vector<double> dose = doubles(ds, DCM_DoseGridScaling);
    if (info.modality == "RTDOSE" && !dose.empty() && std::isfinite(dose[0]) && dose[0] != 0)
        l.slope = dose[0];

    DcmElement* element = nullptr;
    ds->findAndGetElement(DCM_PixelData, element);
    auto* pixels = dynamic_cast<DcmPixelData*>(element);
    if (!pixels) throw Error(ErrorCode::Format, path + ": no pixel data");
    const E_TransferSyntax xfer = ds->getOriginalXfer();
    std::vector<cv::Mat> frames;
    if (isJpeg2000(xfer)) {
        if (l.samples == 3 && l.bitsAllocated == 8)
            l.photometric = "RGB";  // OpenJPEG applies the inverse colour transform
        DcmPixelSequence* seq = nullptr;
        if (pixels->getEncapsulatedRepresentation(xfer, nullptr, seq).bad() || !seq)
            throw Error(ErrorCode::Format, path + ": the JPEG 2000 pixel data cannot be read (truncated?)");
        for (int f = 0; f < info.frames; ++f) {
            const J2kImage j =
                decodeJ2k(fragmentsOf(seq, f, info.frames, path), path, l.columns, l.rows, l.samples);
            if (j.width != l.columns || j.height != l.rows || j.components != l.samples)
                throw Error(ErrorCode::Format, path + ": the JPEG 2000 image is " + std::to_string(j.width) +
                                                   "x" + std::to_string(j.height) + ", the header says " +
                                                   std::to_string(l.columns) + "x" + std::to_string(l.rows));
            // Back to the stored layout, then the same interpretation as every other syntax. Where the
            // codestream and the header disagree on signedness or precision, the codestream is right
            // (as GDCM and pydicom's J2K corrections decide).
            Layout fl = l;
            fl.planar = 0;
            if (l.samples == 1) {
                fl.pixelRepresentation = j.isSigned ? 1 : 0;
                if (j.precision > 0 && j.precision <= l.bitsAllocated) fl.bitsStored = j.precision;
            }
            const int bytes = std::max(1, l.bitsAllocated / 8);
            std::vector<uint8_t> buf(static_cast<size_t>(l.rows) * l.columns * l.samples * bytes);
            for (size_t i = 0; i < static_cast<size_t>(l.rows) * l.columns; ++i)
                for (int s = 0; s < l.samples; ++s) {
                    const int32_t v = j.planes[static_cast<size_t>(s)][i];
                    const size_t at = (i * l.samples + s) * bytes;
                    if (bytes == 1)
                        buf[at] = static_cast<uint8_t>(v);
                    else if (bytes == 2) {
                        const uint16_t w = static_cast<uint16_t>(v);
                        std::memcpy(buf.data() + at, &w, 2);
                    } else
                        std::memcpy(buf.data() + at, &v, 4);
                }
            frames.push_back(l.samples == 1 ? grayFrame(buf.data(), fl) : colourFrame(buf.data(), fl, path));
        }
        return frames;
    }
    if (xfer == EXS_RLELossless) {
        DcmPixelSequence* seq = nullptr;
        if (pixels->getEncapsulatedRepresentation(xfer, nullptr, seq).bad() || !seq)
            throw Error(ErrorCode::Format, path + ": the RLE pixel data cannot be read (truncated?)");
        checkRleHeaders(seq, path);
    }
    if (isDcmjpegSyntax(xfer)) {
        DcmPixelSequence* seq = nullptr;
        if (pixels->getEncapsulatedRepresentation(xfer, nullptr, seq).bad() || !seq)
            throw Error(ErrorCode::Format, path + ": the JPEG pixel data cannot be read (truncated?)");
        checkJpegMarkers(seq, path);
    }
    Uint32 frameSize = 0;
    if (pixels->getUncompressedFrameSize(ds, frameSize).bad() || frameSize == 0)
        throw Error(ErrorCode::Format, path + ": the size of a frame cannot be determined");
    const bool encapsulated = DcmXfer(xfer).isEncapsulated();
    uint64_t expected = l.bitsAllocated == 1
                            ? (static_cast<uint64_t>(l.rows) * l.columns + 7) / 8
                            : static_cast<uint64_t>(l.rows) * l.columns * l.samples * (l.bitsAllocated / 8);
    if (l.photometric == "YBR_FULL_422" && !encapsulated) expected = expected * 2 / 3;  // stored subsampled
    if (!encapsulated) {
        const uint64_t stored = pixels->getLength(xfer);
        const uint64_t need = l.bitsAllocated == 1 ? (static_cast<uint64_t>(voxels) + 7) / 8
                                                   : expected * static_cast<uint64_t>(info.frames);
        if (stored < need)
            throw Error(ErrorCode::Format, path + ": truncated pixel data (" + std::to_string(stored) +
                                               " of " + std::to_string(need) + " bytes)");
    }
    const bool bigEndian32 = l.bitsAllocated == 32 && DcmXfer(xfer).getByteOrder() == EBO_BigEndian;
    const bool native422 = l.photometric == "YBR_FULL_422" && !encapsulated;
    Uint8* raw = nullptr;
    if (native422 && pixels->getUint8Array(raw).bad())
        throw Error(ErrorCode::Format, path + ": the pixel data cannot be read");
    std::vector<uint8_t> buffer(((std::max<size_t>(frameSize, expected) + 1) & ~size_t{1}) + 8);
    Uint32 startFragment = 0;
    for (int f = 0; f < info.frames; ++f) {
        Layout fl = l;
        const uint8_t* frame = buffer.data();
        if (native422) {  // DCMTK sizes frames as if they were not subsampled: read them as stored
            frame = raw + static_cast<size_t>(f) * expected;
        } else {
            OFString colourModel;
            c = pixels->getUncompressedFrame(ds, static_cast<Uint32>(f), startFragment, buffer.data(),
                                             static_cast<Uint32>(buffer.size() - 8), colourModel);
            if (c.bad()) {
                if (encapsulated && std::string(c.text()).find("odec") != std::string::npos)
                    throw Error(ErrorCode::Unsupported, path + ": the transfer syntax " +
                                                            std::string(DcmXfer(xfer).getXferName()) +
                                                            " cannot be decoded");
                throw Error(ErrorCode::Format, path + ": frame " + std::to_string(f) +
                                                   " cannot be decoded (" + std::string(c.text()) + ")");
            }
            if (!colourModel.empty()) fl.photometric = colourModel.c_str();
            if (bigEndian32)  // DCMTK swaps OW data in 16-bit words; a 32-bit value also needs its halves
                              // swapped
                for (size_t i = 0; i + 4 <= frameSize; i += 4) {
                    std::swap(buffer[i], buffer[i + 2]);
                    std::swap(buffer[i + 1], buffer[i + 3]);
                }
        }
        frames.push_back(l.samples == 1 ? grayFrame(frame, fl) : colourFrame(frame, fl, path));
    }
    return frames;
}

std::vector<std::vector<size_t>> groupSeries(const std::vector<DicomInfo>& files) {
    std::map<std::string, std::vector<size_t>> groups;
    std::map<std::string, int>
        seen;  // SOP instance UID -> copies so far (the same image twice is two objects)
    for (size_t i = 0; i < files.size(); ++i) {
        const DicomInfo& d = files[i];
        const int copy = d.sopUid.empty() ? 0 : seen[d.sopUid]++;
        std::string key = std::to_string(copy) + "|" + d.seriesUid + "|" + std::to_string(d.rows) + "x" +
                          std::to_string(d.columns) + "|" + std::to_string(d.samples);
        if (d.hasOrientation)
            for (double v : d.orientation)
                key += "|" + std::to_string(std::lround(v * 1000));
        if (d.frames > 1 || d.samples != 1 || d.seriesUid.empty() || !d.hasOrientation)
            key += "|" + d.path;  // multi-frame, colour and unplaced files stand alone
        groups[key].push_back(i);
    }
    std::vector<std::vector<size_t>> out;
    for (auto& [key, members] : groups) {
        const DicomInfo& f = files[members.front()];
        double normal[3] = {0, 0, 0};
        if (f.hasOrientation) {
            const auto& o = f.orientation;
            normal[0] = o[1] * o[5] - o[2] * o[4];
            normal[1] = o[2] * o[3] - o[0] * o[5];
            normal[2] = o[0] * o[4] - o[1] * o[3];
        }
        auto along = [&](size_t i) {
            const auto& p = files[i].position;
            return p[0] * normal[0] + p[1] * normal[1] + p[2] * normal[2];
        };
        std::stable_sort(members.begin(), members.end(), [&](size_t a, size_t b) {
            const DicomInfo &da = files[a], &db = files[b];
            if (da.hasPosition && db.hasPosition && f.hasOrientation && along(a) != along(b))
                return along(a) < along(b);
            if (da.instanceNumber != db.instanceNumber) return da.instanceNumber < db.instanceNumber;
            return da.path < db.path;
        });
        out.push_back(std::move(members));
    }
    return out;
}

Volume dicomSeriesVolume(const std::vector<DicomInfo>& series, const VolumeLimits& limits) {
    if (series.empty()) throw Error(ErrorCode::InvalidArgument, "an empty DICOM series");
    const DicomInfo& first = series.front();
    if (first.samples != 1)
        throw Error(ErrorCode::Unsupported, first.path + ": colour images are not volumes");
    std::vector<cv::Mat> slices;
    std::vector<std::array<double, 3>> positions;
    const auto& o = first.hasOrientation ? first.orientation : std::array<double, 6>{1, 0, 0, 0, 1, 0};
    const double normal[3] = {o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5],
                              o[0] * o[4] - o[1] * o[3]};
    for (const DicomInfo& d : series) {
        std::vector<cv::Mat> frames = readDicomFrames(d.path, limits);
        for (size_t k = 0; k < frames.size(); ++k) {
            if (frames[k].rows != first.rows || frames[k].cols != first.columns || frames[k].type() != CV_32F)
                throw Error(ErrorCode::Format, d.path + ": a slice of another size or kind in the series");
            std::array<double, 3> p = d.position;
            const double offset = k < d.frameOffsets.size()
                                      ? d.frameOffsets[k] - (d.frameOffsets.empty() ? 0 : d.frameOffsets[0])
                                      : static_cast<double>(k) * (d.sliceSpacing > 0 ? d.sliceSpacing : 1.0);
            for (int a = 0; a < 3; ++a)
                p[static_cast<size_t>(a)] += offset * normal[a];
            positions.push_back(p);
            slices.push_back(std::move(frames[k]));
        }
        if (static_cast<int64_t>(slices.size()) * first.rows * first.columns > limits.maxVoxels)
            throw Error(ErrorCode::InvalidArgument, first.path + ": the series exceeds the voxel limit");
    }
    const int64_t nx = first.columns, ny = first.rows, nz = static_cast<int64_t>(slices.size());
    std::vector<float> data(static_cast<size_t>(nx * ny * nz));
    for (int64_t k = 0; k < nz; ++k)
        std::memcpy(data.data() + k * nx * ny, slices[static_cast<size_t>(k)].ptr<float>(),
                    sizeof(float) * nx * ny);
    // voxel (column i, row j, slice k) -> LPS = IPP + i dc Xr + j dr Yc + k step; RAS negates x and y.
    double step[3] = {normal[0], normal[1], normal[2]};
    if (nz > 1) {
        for (int a = 0; a < 3; ++a)
            step[a] = (positions.back()[static_cast<size_t>(a)] - positions.front()[static_cast<size_t>(a)]) /
                      static_cast<double>(nz - 1);
        if (std::abs(step[0]) + std::abs(step[1]) + std::abs(step[2]) < 1e-9)
            for (int a = 0; a < 3; ++a)
                step[a] = normal[a] * (first.sliceSpacing > 0 ? first.sliceSpacing : 1.0);
    } else {
        for (int a = 0; a < 3; ++a)
            step[a] = normal[a] * (first.sliceSpacing > 0 ? first.sliceSpacing : 1.0);
    }
    const double dc = first.pixelSpacing[1], dr = first.pixelSpacing[0];
    Affine a{};
    const double flip[3] = {-1, -1, 1};
    for (int r = 0; r < 3; ++r) {
        a[static_cast<size_t>(r)][0] = flip[r] * o[static_cast<size_t>(r)] * dc;
        a[static_cast<size_t>(r)][1] = flip[r] * o[static_cast<size_t>(3 + r)] * dr;
        a[static_cast<size_t>(r)][2] = flip[r] * step[r];
        a[static_cast<size_t>(r)][3] = flip[r] * positions.front()[static_cast<size_t>(r)];
    }
    a[3][3] = 1;
    Volume v = canonicalVolume(std::move(data), {nx, ny, nz}, a);
    v.presets = first.windows;
    v.invertDisplay = first.monochrome1;
    v.identifyingFields = first.identifyingFields;
    return v;
}

}  // namespace mlens::io
