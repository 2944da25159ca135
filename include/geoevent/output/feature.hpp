#pragma once
// One record to write: values in the order of LayerDef::fields plus a geometry in
// WGS 84 longitude/latitude (the writer reprojects if asked).
#include <compare>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace geoevent::output {

struct Date {
    int year = 0;
    int month = 0;  // 1-12
    int day = 0;    // 1-31
    friend auto operator<=>(const Date&, const Date&) = default;
};

// Always UTC: events are compared across sources, local times would not be.
struct DateTime {
    Date date;
    int hour = 0;
    int minute = 0;
    int second = 0;
    friend auto operator<=>(const DateTime&, const DateTime&) = default;
};

// std::monostate is a null field. Integers are int64 whatever the field width; the
// writer refuses a value that does not fit an `integer` field rather than truncate it.
using Value = std::variant<std::monostate, std::string, std::int64_t, double, Date, DateTime>;

struct LonLat {
    double lon = 0;
    double lat = 0;
};

// Polygons and multipolygons arrive as WKT (from the overlay or control maps), in
// lon/lat order like LonLat.
struct Wkt {
    std::string text;
};

using Geometry = std::variant<std::monostate, LonLat, Wkt>;

struct Feature {
    std::vector<Value> values;  // one per LayerDef::fields, same order
    Geometry geometry;
};

}  // namespace geoevent::output
