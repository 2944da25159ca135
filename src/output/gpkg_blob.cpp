#include "output/gpkg_blob.hpp"

#include <bit>
#include <cstring>

#include <ogr_geometry.h>

namespace geoevent::output::detail {

namespace {

constexpr bool little_endian = std::endian::native == std::endian::little;
constexpr unsigned char flag_little = little_endian ? 0x01 : 0x00;
constexpr unsigned char flag_xy_envelope = 0x02;
constexpr unsigned char flag_empty = 0x10;
constexpr std::size_t header_bytes = 8;

template <class T>
void put(std::string& out, std::size_t at, T value) {
    std::memcpy(out.data() + at, &value, sizeof value);
}

void header(std::string& out, unsigned char flags, std::int32_t srs_id) {
    out[0] = 'G';
    out[1] = 'P';
    out[2] = 0;  // version 1 of the format is stored as 0
    out[3] = static_cast<char>(flags);
    put(out, 4, srs_id);
}

}  // namespace

void gpkg_point_blob(std::string& out, std::int32_t srs_id, double x, double y) {
    out.resize(header_bytes + 21);
    header(out, flag_little, srs_id);
    out[header_bytes] = little_endian ? 1 : 0;  // WKB byte order, as the header's
    put(out, header_bytes + 1, std::uint32_t{1});  // wkbPoint
    put(out, header_bytes + 5, x);
    put(out, header_bytes + 13, y);
}

void gpkg_geometry_blob(std::string& out, std::int32_t srs_id, const OGRGeometry& geometry) {
    bool empty = geometry.IsEmpty();
    bool point = wkbFlatten(geometry.getGeometryType()) == wkbPoint;
    bool envelope = !empty && !point;
    std::size_t wkb_at = header_bytes + (envelope ? 32 : 0);
    out.resize(wkb_at + geometry.WkbSize());
    unsigned char flags = flag_little;
    if (envelope) flags |= flag_xy_envelope;
    if (empty) flags |= flag_empty;
    header(out, flags, srs_id);
    if (envelope) {
        OGREnvelope e;
        geometry.getEnvelope(&e);
        put(out, header_bytes, e.MinX);
        put(out, header_bytes + 8, e.MaxX);
        put(out, header_bytes + 16, e.MinY);
        put(out, header_bytes + 24, e.MaxY);
    }
    geometry.exportToWkb(little_endian ? wkbNDR : wkbXDR,
                         reinterpret_cast<unsigned char*>(out.data() + wkb_at), wkbVariantIso);
}

}  // namespace geoevent::output::detail
