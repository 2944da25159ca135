#pragma once
// A QGIS project (.qgs) that opens the written layers with their styles, so a map is one
// double-click away. Plain XML: no QGIS needed to write it.
#include <string>
#include <vector>

#include "geoevent/output/schema.hpp"

namespace geoevent::output {

// One layer as QGIS opens it; DatasetWriter::qgis_layers() describes what it wrote.
struct ProjectLayer {
    std::string name;       // in the layer tree
    std::string title;
    std::string provider;   // "ogr" or "postgres"
    // The dataset file (absolute) for "ogr", made relative to the project when written;
    // empty for databases.
    std::string file;
    // Appended to `file` for "ogr" ("|layername=events"); the whole URI for "postgres".
    std::string source;
    GeometryType geometry = GeometryType::point;
    std::string crs_authid;  // "EPSG:4326"; may be empty
    std::string crs_wkt;
    bool geographic = true;  // the CRS is in degrees, not metres
    // Bounds in the layer's CRS (min x, min y, max x, max y); all 0 when unknown or empty.
    double extent[4] = {0, 0, 0, 0};
    // The layer's style as QML: attributes of <maplayer> and its child elements. Empty
    // when the layer has none.
    std::string style_attributes;
    std::string style_body;
};

// "Each feature of `from` points at the feature of `to` whose `to_field` equals its
// `from_field`" (events.source_id -> sources.source_id): QGIS then shows an event's
// article in the event's form. Layers are named as in ProjectLayer::name.
struct ProjectRelation {
    std::string from, from_field, to, to_field;
};

// Writes the project with `layers` listed top first (the first is drawn last, on top),
// in the CRS of the first spatial layer. Paths are relative to the project, so the
// project and data can be moved together. Written to a temporary file and renamed, so an
// existing project is only replaced once the new one is complete; `overwrite` false
// refuses (UsageError) to replace one. Throws geoevent::Error on I/O failure.
// A relation naming a layer that is not in `layers` is left out (a GeoJSON output has no
// sources table).
void write_qgis_project(const std::string& path, const std::vector<ProjectLayer>& layers,
                        bool overwrite, const std::vector<ProjectRelation>& relations = {});

// The project path used when --qgis-project names none: the output with .qgs for its
// extension ("out/events.gpkg" -> "out/events.qgs"). UsageError for a database target,
// which has no "next to".
std::string default_project_path(const std::string& target);

}  // namespace geoevent::output
