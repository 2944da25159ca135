#include "geoevent/output/drivers.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogr_feature.h>

#include "geoevent/error.hpp"
#include "output/driver_traits.hpp"
#include "output/gdal_util.hpp"

namespace geoevent::output {

namespace {

const char* const common_drivers =
    "GPKG, GeoJSON, GeoJSONSeq, FlatGeobuf, CSV, KML, \"ESRI Shapefile\" or PostgreSQL";

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool starts_with_nocase(const std::string& s, const std::string& prefix) {
    return !prefix.empty() && s.size() >= prefix.size() &&
           lower(s.substr(0, prefix.size())) == lower(prefix);
}

bool has(GDALDriver* driver, const char* capability) {
    return CPLTestBool(CSLFetchNameValueDef(driver->GetMetadata(), capability, "NO"));
}

bool can_create_layers(GDALDriver* driver) {
    return has(driver, GDAL_DCAP_VECTOR) && has(driver, GDAL_DCAP_CREATE) &&
           has(driver, GDAL_DCAP_CREATE_LAYER);
}

std::string connection_prefix(GDALDriver* driver) {
    const char* prefix = driver->GetMetadataItem(GDAL_DMD_CONNECTION_PREFIX);
    return prefix ? prefix : "";
}

GDALDriver* find_driver(const std::string& name) {
    auto* manager = GetGDALDriverManager();
    for (int i = 0; i < manager->GetDriverCount(); ++i) {
        GDALDriver* d = manager->GetDriver(i);
        if (EQUAL(d->GetDescription(), name.c_str())) return d;
    }
    return nullptr;
}

// A driver whose connection prefix starts the target (PG:, MSSQL:, ...), if any.
GDALDriver* driver_for_prefix(const std::string& target) {
    auto* manager = GetGDALDriverManager();
    for (int i = 0; i < manager->GetDriverCount(); ++i) {
        GDALDriver* d = manager->GetDriver(i);
        if (can_create_layers(d) && starts_with_nocase(target, connection_prefix(d))) return d;
    }
    return nullptr;
}

std::string extension(const std::string& target) {
    std::string base = target.substr(target.find_last_of('/') + 1);
    auto dot = base.find_last_of('.');
    if (dot == std::string::npos || dot == 0) return {};
    return lower(base.substr(dot + 1));
}

// The formats the project documents; `.json` would otherwise be ambiguous (TopoJSON,
// ESRIJSON) and `.geojsonseq` is not declared by GDAL 3.6.
const char* known_extension(const std::string& ext) {
    static const std::pair<const char*, const char*> table[] = {
        {"geojson", "GeoJSON"},   {"json", "GeoJSON"},     {"geojsons", "GeoJSONSeq"},
        {"geojsonl", "GeoJSONSeq"}, {"geojsonseq", "GeoJSONSeq"}, {"gpkg", "GPKG"},
        {"fgb", "FlatGeobuf"},    {"csv", "CSV"},          {"kml", "KML"},
        {"shp", "ESRI Shapefile"},
    };
    for (const auto& [e, driver] : table)
        if (ext == e) return driver;
    return nullptr;
}

std::vector<std::string> drivers_claiming(const std::string& ext) {
    std::vector<std::string> names;
    auto* manager = GetGDALDriverManager();
    for (int i = 0; i < manager->GetDriverCount(); ++i) {
        GDALDriver* d = manager->GetDriver(i);
        const char* exts = d->GetMetadataItem(GDAL_DMD_EXTENSIONS);
        if (exts == nullptr || !can_create_layers(d) || !connection_prefix(d).empty()) continue;
        CPLStringList list(CSLTokenizeString(exts));
        if (list.FindString(ext.c_str()) >= 0) names.emplace_back(d->GetDescription());
    }
    return names;
}

std::string guess_driver(const std::string& target) {
    if (GDALDriver* d = driver_for_prefix(target)) return d->GetDescription();
    std::string ext = extension(target);
    if (ext.empty())
        throw UsageError("cannot tell the output format of '" + target + "' from its name",
                         "give it an extension such as .gpkg or .geojson, or name a driver "
                         "with -f (" + std::string(common_drivers) + ")");
    if (const char* known = known_extension(ext)) return known;
    auto candidates = drivers_claiming(ext);
    if (candidates.size() == 1) return candidates.front();
    std::string list;
    for (const auto& c : candidates) list += (list.empty() ? "" : ", ") + c;
    if (candidates.empty())
        throw UsageError("no writable vector format uses the extension '." + ext + "' ('" +
                             target + "')",
                         "use .gpkg, .geojson, .fgb, .csv, .kml or .shp, or name a driver "
                         "with -f");
    throw UsageError("the extension '." + ext + "' fits several formats: " + list,
                     "name one with -f");
}

}  // namespace

std::string resolve_driver(const std::string& target, const std::string& requested) {
    detail::ensure_gdal_registered();
    std::string name = requested.empty() ? guess_driver(target) : requested;
    GDALDriver* driver = find_driver(name);
    if (driver == nullptr)
        throw UsageError("unknown output driver '" + name + "'",
                         "use an OGR vector driver name such as " + std::string(common_drivers) +
                             "; `ogrinfo --formats` lists all of them");
    name = driver->GetDescription();
    if (!can_create_layers(driver))
        throw UsageError("the " + name + " driver cannot create vector layers",
                         "choose a writable vector format such as " +
                             std::string(common_drivers));
    std::string prefix = connection_prefix(driver);
    if (!prefix.empty() && !starts_with_nocase(target, prefix))
        throw UsageError(name + " targets are connection strings starting with '" + prefix +
                             "', not '" + detail::mask_password(target) + "'",
                         "write e.g. '" + prefix + "dbname=events host=localhost'");
    if (prefix.empty()) {
        if (GDALDriver* other = driver_for_prefix(target))
            throw UsageError("'" + detail::mask_password(target) + "' is a " +
                                 other->GetDescription() + " connection string, not a " + name +
                                 " file",
                             "drop -f or pass -f " + std::string(other->GetDescription()));
    }
    return name;
}

namespace detail {

DriverTraits driver_traits(const std::string& name) {
    ensure_gdal_registered();
    DriverTraits t;
    t.name = name;
    if (GDALDriver* d = find_driver(name)) {
        t.connection_prefix = connection_prefix(d);
        t.single_layer = !has(d, GDAL_DCAP_MULTIPLE_VECTOR_LAYERS);
        const char* types = d->GetMetadataItem(GDAL_DMD_CREATIONFIELDDATATYPES);
        t.field_types = types ? types : "";
    }
    t.update_in_place = name == "GPKG" || name == "SQLite" || name == "ESRI Shapefile";
    t.one_file = name == "GeoJSON" || name == "GeoJSONSeq" || name == "FlatGeobuf" || name == "GPKG" ||
                 name == "SQLite" || name == "KML" || name == "LIBKML" || name == "GPX";
    t.reader = name;
    if (name == "KML") {
        t.reader = find_driver("LIBKML") ? "LIBKML" : "";
        t.reader_fields = {"timestamp", "begin",      "end",      "altitudeMode", "tessellate",
                           "extrude",   "visibility", "drawOrder", "icon",        "snippet"};
    }
    t.wgs84_only = name == "KML" || name == "LIBKML" || name == "GPX" || name == "GeoRSS" ||
                   name == "GeoJSONSeq";  // RFC 8142 sequences are RFC 7946 texts
    return t;
}

namespace {

// Ours first, then the user's, so a user's KEY=VALUE replaces ours.
void add_user_options(CPLStringList& list, const std::vector<std::string>& user) {
    for (const auto& option : user) {
        auto eq = option.find('=');
        if (eq == std::string::npos)
            throw UsageError("creation option '" + option + "' is not KEY=VALUE",
                             "write options like ogr2ogr's -dsco/-lco, e.g. SPATIAL_INDEX=NO");
        list.SetNameValue(option.substr(0, eq).c_str(), option.substr(eq + 1).c_str());
    }
}

}  // namespace

CPLStringList dataset_creation_options(const DriverTraits&, const WriterOptions& options) {
    CPLStringList list;
    add_user_options(list, options.dataset_options);
    return list;
}

CPLStringList layer_creation_options(const DriverTraits& driver, const WriterOptions& options,
                                     GeometryType geometry, bool wgs84) {
    CPLStringList list;
    // RFC 7946 requires lon/lat WGS 84; with another t_srs the 2008 GeoJSON with a "crs"
    // member is the only way to honour the request.
    if (driver.name == "GeoJSON" && wgs84) list.SetNameValue("RFC7946", "YES");
    // GDAL 3.6 builds a GeoPackage's R-tree at close with one R*-tree insertion per
    // feature, more than all the rest of the writing; the writer packs it itself then.
    if (writer_builds_rtree(driver, options, geometry)) list.SetNameValue("SPATIAL_INDEX", "NO");
    if (driver.name == "ESRI Shapefile") {
        list.SetNameValue("ENCODING", "UTF-8");  // place names are rarely Latin-1
        if (geometry != GeometryType::none) list.SetNameValue("SPATIAL_INDEX", "YES");
    }
    if (driver.name == "CSV") {
        // Spreadsheet users want X/Y columns for points; areas need WKT. The .csvt sidecar
        // keeps field types (dates, 64-bit ids) for GDAL and QGIS.
        if (geometry == GeometryType::point) list.SetNameValue("GEOMETRY", "AS_XY");
        else if (geometry != GeometryType::none) list.SetNameValue("GEOMETRY", "AS_WKT");
        list.SetNameValue("CREATE_CSVT", "YES");
    }
    add_user_options(list, options.layer_options);
    return list;
}

bool writer_builds_rtree(const DriverTraits& driver, const WriterOptions& options,
                         GeometryType geometry) {
    if (driver.name != "GPKG" || geometry == GeometryType::none) return false;
    for (const auto& option : options.layer_options)
        if (option.size() >= 14 && EQUALN(option.c_str(), "SPATIAL_INDEX=", 14)) return false;
    return true;
}

bool writer_inserts_rows(const DriverTraits& driver, const WriterOptions& options) {
    return driver.name == "GPKG" && !options.append && options.dataset_options.empty() &&
           options.layer_options.empty() &&
           CPLTestBool(CPLGetConfigOption("GEOEVENT_GPKG_DIRECT", "YES"));
}

OGRFieldType creatable_field_type(const DriverTraits& driver, OGRFieldType wanted) {
    if (driver.field_types.empty()) return wanted;
    CPLStringList types(CSLTokenizeString(driver.field_types.c_str()));
    bool known = types.FindString(OGRFieldDefn::GetFieldTypeName(wanted)) >= 0;
    return known ? wanted : OFTString;
}

}  // namespace detail

}  // namespace geoevent::output
