#pragma once
// From a Feature's geometry (lon/lat or WKT) to an OGR geometry in the layer's CRS.
#include <memory>
#include <string>

#include <ogr_geometry.h>

#include "geoevent/output/feature.hpp"
#include "geoevent/output/schema.hpp"

namespace geoevent::output::detail {

OGRwkbGeometryType ogr_geometry_type(GeometryType type) noexcept;

// Either a geometry (null for a feature without one) or the reason the feature's data
// cannot be written: unreadable WKT, a coordinate off the globe or outside what the
// output CRS can represent. Those are counted and skipped, not thrown, like any bad
// record; a geometry of the wrong kind for the layer (a point in a layer declared
// without geometry) is a programming error and throws UsageError.
struct BuiltGeometry {
    std::unique_ptr<OGRGeometry> geometry;
    std::string problem;
};

// Why a longitude/latitude point cannot be written, or empty (build_geometry's check,
// for writers that encode points without building an OGRPoint).
std::string lon_lat_problem(const LonLat& p);

BuiltGeometry build_geometry(const Geometry& geometry, GeometryType layer_type,
                             OGRCoordinateTransformation* transform, const std::string& layer);

}  // namespace geoevent::output::detail
