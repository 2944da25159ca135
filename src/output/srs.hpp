#pragma once
// Coordinate reference systems: features arrive in WGS 84 lon/lat; the output may be in
// any CRS PROJ knows.
#include <memory>
#include <string>

#include <ogr_spatialref.h>

namespace geoevent::output::detail {

struct TransformDeleter {
    void operator()(OGRCoordinateTransformation* ct) const noexcept {
        OGRCoordinateTransformation::DestroyCT(ct);
    }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

// EPSG:4326 with x = longitude, the order of LonLat and of WKT from the overlay.
OGRSpatialReference wgs84_lon_lat();

// Throws UsageError naming `text` when GDAL/PROJ do not know it. Axis order is set to
// x/y (easting/northing, lon/lat) whatever the CRS definition says.
OGRSpatialReference parse_crs(const std::string& text);

// Equal up to axis order: a GPKG's EPSG:32637 and a user's "EPSG:32637" are the same.
bool same_crs(const OGRSpatialReference& a, const OGRSpatialReference& b);

// Null when no transformation is needed; UsageError when PROJ has no operation.
TransformPtr make_transform(const OGRSpatialReference& from, const OGRSpatialReference& to);

// "WGS 84 / UTM zone 37N (EPSG:32637)" for messages.
std::string crs_label(const OGRSpatialReference& srs);

}  // namespace geoevent::output::detail
