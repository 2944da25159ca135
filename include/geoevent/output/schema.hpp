#pragma once
// The shape of an output layer, as plain values: the event stage describes its layers
// without knowing anything about GDAL or the output format.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "geoevent/output/style.hpp"

namespace geoevent::output {

enum class FieldType : std::uint8_t { string, integer, integer64, real, date, date_time };
const char* to_string(FieldType type) noexcept;

struct FieldDef {
    std::string name;
    FieldType type = FieldType::string;
};

// `multi_polygon` layers also accept single polygons (promoted on write) because most
// formats declare one geometry type per layer and areas mix both.
enum class GeometryType : std::uint8_t { none, point, polygon, multi_polygon };
const char* to_string(GeometryType type) noexcept;

struct LayerDef {
    std::string name;
    std::vector<FieldDef> fields;
    GeometryType geometry = GeometryType::point;
    // A string or integer field identifying a feature across runs (e.g. "event_id").
    // A feature whose value is already in the layer is skipped, so appending the same
    // events twice adds nothing. Empty: every feature is written.
    std::string unique_field;
    // The layer's default style in QGIS: stored in the dataset where QGIS looks for one
    // (GeoPackage and PostgreSQL `layer_styles`), else written as a `.qml` file next to a
    // file output (QGIS loads <name>.qml with <name>.geojson). None: no style.
    std::optional<LayerStyle> style;
};

}  // namespace geoevent::output
