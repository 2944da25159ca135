#pragma once
// Which OGR driver writes a target. Kept apart from DatasetWriter so the CLI can reject a
// bad `-f` or extension while parsing, before any article is read.
#include <string>

namespace geoevent::output {

// `requested` is a GDAL driver short name ("GPKG", "ESRI Shapefile"), matched without
// regard to case; empty picks the driver from the target: a `PG:` prefix, else the file
// extension (.geojson/.json, .geojsons/.geojsonl, .gpkg, .fgb, .csv, .kml, .shp, and any
// other extension exactly one writable OGR driver claims). Throws UsageError with a hint
// when the driver is unknown, cannot create vector layers, or cannot be guessed.
std::string resolve_driver(const std::string& target, const std::string& requested = {});

}  // namespace geoevent::output
