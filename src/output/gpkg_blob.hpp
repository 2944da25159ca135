#pragma once
// GeoPackage geometry blobs ("GeoPackageBinary", GeoPackage 1.2 clause 2.1.3), encoded as
// GDAL 3.6 encodes them, so that rows inserted without OGR read back byte for byte like
// rows OGR inserted:
//
//   'G' 'P'  version 0  flags  srs_id (int32)  [envelope]  ISO WKB
//
// flags: bit 0 byte order (1 = little endian, also for the srs_id and envelope), bits 1-3
// the envelope kind (0 none, 1 = min x, max x, min y, max y), bit 4 empty geometry. Like
// GDAL, points and empty geometries get no envelope, everything else an XY one, and the
// byte order is the machine's.
#include <cstdint>
#include <string>

class OGRGeometry;

namespace geoevent::output::detail {

// Replaces `out` with the blob of the 2-D point (x, y).
void gpkg_point_blob(std::string& out, std::int32_t srs_id, double x, double y);

// Replaces `out` with the blob of any 2-D geometry.
void gpkg_geometry_blob(std::string& out, std::int32_t srs_id, const OGRGeometry& geometry);

}  // namespace geoevent::output::detail
