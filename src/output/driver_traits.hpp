#pragma once
// What the writer needs to know about an OGR driver beyond its name, and the creation
// options that make each format come out right by default.
#include <string>
#include <vector>

#include <cpl_string.h>
#include <ogr_core.h>

#include "geoevent/output/dataset_writer.hpp"

namespace geoevent::output::detail {

struct DriverTraits {
    std::string name;
    // Non-empty ("PG:") for databases: written in place inside a transaction.
    std::string connection_prefix;
    // Append by copying the files and opening the copy for update. Other formats are
    // appended by rewriting: GeoJSON, FlatGeobuf or KML cannot add to an existing file,
    // and rewriting with our schema also fixes types the format does not keep.
    bool update_in_place = false;
    // The format is WGS 84 lon/lat by definition; the driver would silently undo t_srs.
    bool wgs84_only = false;
    // One layer per file (GeoJSON, Shapefile, CSV, FlatGeobuf): its layer is found by
    // position, since it is named after the file.
    bool single_layer = false;
    // The dataset is the target file alone, never with sidecars: overwriting it needs no
    // list of the old dataset's files, which GDAL would get by opening (for GeoJSON:
    // parsing) all of it.
    bool one_file = false;
    std::string field_types;  // GDAL's DMD_CREATIONFIELDDATATYPES; empty if not declared
    // Reads an existing file back when appending by rewrite. Usually the driver itself,
    // but GDAL's KML driver writes ExtendedData that only LIBKML reads back; empty when
    // no registered driver can (then appending is refused rather than losing attributes).
    std::string reader;
    // Fields that reader makes up by itself (LIBKML: tessellate, extrude, ...): not data,
    // so not copied into the rewritten file.
    std::vector<std::string> reader_fields;
};

DriverTraits driver_traits(const std::string& name);

CPLStringList dataset_creation_options(const DriverTraits& driver, const WriterOptions& options);
// `wgs84`: the layer is in WGS 84 lon/lat, so GeoJSON can be RFC 7946.
CPLStringList layer_creation_options(const DriverTraits& driver, const WriterOptions& options,
                                     GeometryType geometry, bool wgs84);

// Whether the writer builds a new layer's spatial index itself (gpkg_rtree.hpp) instead
// of GDAL: GPKG layers with a geometry, unless the user chose SPATIAL_INDEX.
bool writer_builds_rtree(const DriverTraits& driver, const WriterOptions& options,
                         GeometryType geometry);

// Whether the writer inserts a new layer's rows through SQLite itself (gpkg_direct.hpp)
// instead of OGR: a new GPKG file (not --append, whose layers may be GDAL's older
// variants), with no creation options of the user's, which could change what GDAL would
// write (ADD_GPKG_OGR_CONTENTS, DATETIME_FORMAT, a TRUNCATE_FIELDS width...). The
// configuration option GEOEVENT_GPKG_DIRECT=NO (or the environment variable) keeps OGR.
bool writer_inserts_rows(const DriverTraits& driver, const WriterOptions& options);

// The type to create for a field: the requested one, or String when the driver declares
// the types it can create and that one is not among them (dates in KML, 64-bit integers
// in KML, date-times in Shapefile). The writer then puts ISO 8601 text in it, which every
// reader understands, instead of letting the driver truncate or reformat the value.
OGRFieldType creatable_field_type(const DriverTraits& driver, OGRFieldType wanted);

}  // namespace geoevent::output::detail
