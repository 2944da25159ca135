#include "output/geometry.hpp"

#include <cmath>

#include "geoevent/error.hpp"

namespace geoevent::output::detail {

OGRwkbGeometryType ogr_geometry_type(GeometryType type) noexcept {
    switch (type) {
    case GeometryType::none: return wkbNone;
    case GeometryType::point: return wkbPoint;
    case GeometryType::polygon: return wkbPolygon;
    case GeometryType::multi_polygon: return wkbMultiPolygon;
    }
    return wkbUnknown;
}

std::string lon_lat_problem(const LonLat& p) {
    if (!std::isfinite(p.lon) || !std::isfinite(p.lat) || std::abs(p.lon) > 180 ||
        std::abs(p.lat) > 90)
        return "longitude/latitude (" + std::to_string(p.lon) + ", " + std::to_string(p.lat) +
               ") is not on the globe";
    return {};
}

namespace {

BuiltGeometry problem(std::string why) { return {nullptr, std::move(why)}; }

BuiltGeometry from_lon_lat(const LonLat& p) {
    std::string why = lon_lat_problem(p);
    if (!why.empty()) return problem(std::move(why));
    return {std::make_unique<OGRPoint>(p.lon, p.lat), {}};
}

BuiltGeometry from_wkt(const Wkt& wkt, GeometryType layer_type) {
    OGRGeometry* raw = nullptr;
    OGRErr err = OGRGeometryFactory::createFromWkt(wkt.text.c_str(), nullptr, &raw);
    std::unique_ptr<OGRGeometry> g(raw);
    if (err != OGRERR_NONE || !g) return problem("unreadable WKT '" + wkt.text.substr(0, 40) + "'");
    g->flattenTo2D();  // a Z from the source would make the layer's 2D type lie
    auto type = wkbFlatten(g->getGeometryType());
    bool fits = (layer_type == GeometryType::point && type == wkbPoint) ||
                (layer_type == GeometryType::polygon && type == wkbPolygon) ||
                (layer_type == GeometryType::multi_polygon &&
                 (type == wkbPolygon || type == wkbMultiPolygon));
    if (!fits)
        return problem(std::string("a ") + OGRGeometryTypeToName(type) + " in a " +
                       to_string(layer_type) + " layer");
    if (layer_type == GeometryType::multi_polygon && type == wkbPolygon)
        g.reset(OGRGeometryFactory::forceToMultiPolygon(g.release()));
    return {std::move(g), {}};
}

}  // namespace

BuiltGeometry build_geometry(const Geometry& geometry, GeometryType layer_type,
                             OGRCoordinateTransformation* transform, const std::string& layer) {
    if (std::holds_alternative<std::monostate>(geometry)) return {};
    if (layer_type == GeometryType::none)
        throw UsageError("layer '" + layer + "' was declared without geometry but a feature "
                         "has one");
    BuiltGeometry built;
    if (const auto* p = std::get_if<LonLat>(&geometry)) {
        if (layer_type != GeometryType::point)
            throw UsageError("layer '" + layer + "' holds " + to_string(layer_type) +
                             "s; a longitude/latitude point cannot go into it");
        built = from_lon_lat(*p);
    } else {
        built = from_wkt(std::get<Wkt>(geometry), layer_type);
    }
    if (built.geometry && transform && built.geometry->transform(transform) != OGRERR_NONE)
        return problem("outside the area the output CRS can represent");
    return built;
}

}  // namespace geoevent::output::detail
