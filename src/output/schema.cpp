#include "geoevent/output/schema.hpp"

namespace geoevent::output {

const char* to_string(FieldType type) noexcept {
    switch (type) {
    case FieldType::string: return "string";
    case FieldType::integer: return "integer";
    case FieldType::integer64: return "integer64";
    case FieldType::real: return "real";
    case FieldType::date: return "date";
    case FieldType::date_time: return "date-time";
    }
    return "?";
}

const char* to_string(GeometryType type) noexcept {
    switch (type) {
    case GeometryType::none: return "none";
    case GeometryType::point: return "point";
    case GeometryType::polygon: return "polygon";
    case GeometryType::multi_polygon: return "multipolygon";
    }
    return "?";
}

}  // namespace geoevent::output
