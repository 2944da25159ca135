// A new GeoPackage layer's rows are inserted through SQLite (gpkg_direct.hpp) rather than
// OGR: the file must be the one OGR would have written — every stored value (geometry
// blobs, dates, NULLs, reals), gpkg_contents' extent and last_change, the feature count,
// the triggers — for every field type, geometry kind and CRS, and read back the same.
#include <catch2/catch.hpp>

#include <cstring>

#include <cpl_conv.h>
#include <cpl_vsi.h>

#include "output/driver_traits.hpp"
#include "output/gpkg_blob.hpp"
#include "output/output_support.hpp"
#include "test_config.hpp"

using namespace geoevent::test;
using namespace geoevent::output::detail;

namespace {

// Sets a GDAL configuration option for the scope of a test, then restores it.
class ConfigOption {
public:
    ConfigOption(const char* key, const char* value)
        : m_key(key), m_old(CPLGetConfigOption(key, "")), m_had(CPLGetConfigOption(key, nullptr) != nullptr) {
        CPLSetConfigOption(key, value);
    }
    ~ConfigOption() { CPLSetConfigOption(m_key.c_str(), m_had ? m_old.c_str() : nullptr); }

private:
    std::string m_key, m_old;
    bool m_had;
};

// Writes through the OGR path (`direct` false) or the direct one, with a fixed
// last_change so that the two files can be compared row for row.
void write_with(bool direct, const std::string& path, const std::vector<Feature>& features,
                const LayerDef& def, WriterOptions options = {}) {
    ConfigOption mode("GEOEVENT_GPKG_DIRECT", direct ? "YES" : "NO");
    ConfigOption date("OGR_CURRENT_DATE", "2017-11-09T12:00:00.000Z");
    REQUIRE(writer_inserts_rows(driver_traits("GPKG"), options) == direct);
    write_all(path, features, options, def);
}

// Every stored value of a layer's table, as SQLite's quote() shows it: the type as well
// as the value (0.5 is not '0.5', X'4750...' is the exact blob).
std::vector<std::string> stored(const std::string& path, const LayerDef& def) {
    std::string columns = "quote(fid)";
    if (def.geometry != GeometryType::none) columns += ", quote(geom)";
    for (const auto& f : def.fields) columns += ", quote(\"" + f.name + "\")";
    return sql_rows(path, "SELECT " + columns + " FROM \"" + def.name + "\" ORDER BY fid");
}

// What OGR reads back, field by field, feature by feature.
std::vector<std::string> read_back(const std::string& path, const std::string& layer_name) {
    auto ds = open_for_reading(path, "GPKG");
    REQUIRE(ds);
    OGRLayer* layer = ds->GetLayerByName(layer_name.c_str());
    REQUIRE(layer != nullptr);
    std::vector<std::string> out;
    for (auto& f : *layer) {
        std::string row = std::to_string(f->GetFID());
        for (int i = 0; i < f->GetFieldCount(); ++i) {
            row += "|";
            row += OGRFieldDefn::GetFieldTypeName(f->GetFieldDefnRef(i)->GetType());
            row += "=";
            row += f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "<null>";
        }
        if (const OGRGeometry* g = f->GetGeometryRef()) row += "|" + g->exportToWkt();
        out.push_back(row);
    }
    OGREnvelope e;
    if (layer->GetGeomType() != wkbNone && layer->GetExtent(&e, FALSE) == OGRERR_NONE)
        out.push_back("extent " + std::to_string(e.MinX) + " " + std::to_string(e.MinY) + " " +
                      std::to_string(e.MaxX) + " " + std::to_string(e.MaxY));
    out.push_back("count " + std::to_string(layer->GetFeatureCount(FALSE)));
    return out;
}

// The GeoPackage's own bookkeeping, which GDAL writes at close and the direct path
// must write the same way.
std::vector<std::string> metadata(const std::string& path) {
    std::vector<std::string> all;
    for (const char* sql : {
             "SELECT * FROM gpkg_contents ORDER BY table_name",
             "SELECT * FROM gpkg_ogr_contents ORDER BY table_name",
             "SELECT * FROM gpkg_geometry_columns ORDER BY table_name",
             "SELECT table_name, column_name, extension_name, scope FROM gpkg_extensions "
             "ORDER BY table_name, extension_name",
             "SELECT * FROM sqlite_sequence ORDER BY name",
             "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex%' "
             "ORDER BY type, name",
         }) {
        all.push_back(std::string("-- ") + sql);
        for (auto& r : sql_rows(path, sql)) all.push_back(r);
    }
    return all;
}

void check_same_files(const std::string& ogr, const std::string& direct, const LayerDef& def) {
    CHECK(stored(direct, def) == stored(ogr, def));
    CHECK(read_back(direct, def.name) == read_back(ogr, def.name));
    CHECK(metadata(direct) == metadata(ogr));
    CHECK(sql_rows(direct, "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
    if (def.geometry != GeometryType::none) {
        std::string rtree = "rtree_" + def.name + "_geom";
        CHECK(sql_rows(direct, "SELECT rtreecheck('" + rtree + "')") == std::vector<std::string>{"ok"});
        std::string boxes = "SELECT * FROM " + rtree + " ORDER BY id";
        CHECK(sql_rows(direct, boxes) == sql_rows(ogr, boxes));
    }
}

// Every field type, a NULL in each, non-ASCII text, an integer in a real field, a leap
// second, year 1 and 9999, a string with an embedded NUL (OGR keeps up to it).
std::vector<Feature> tricky_events() {
    auto features = sample_events();
    features.push_back({{std::string("ev-null"), Value{}, Value{}, Value{}, Value{}, Value{}, Value{}}, LonLat{0, 0}});
    features.push_back(event("ev-edges", -2'147'483'647, INT64_MIN + 1, 1e-300, {1, 1, 1}, {{9999, 12, 31}, 23, 59, 60},
                             "Ālbū Kamāl — 'quote' \"double\" ; \\ % _", -180, -90));
    features.push_back({{std::string("ev-int-real"), std::int64_t(7), std::int64_t(8), std::int64_t(9'007'199'254'740'993),
                         Date{2017, 11, 9}, DateTime{{2017, 11, 9}, 1, 2, 3}, std::string("nul\0after", 9)},
                        LonLat{180, 90}});
    features.push_back({{std::string("ev-no-geometry"), std::int64_t(1), std::int64_t(2), 0.5, Date{2017, 2, 28},
                         Value{}, std::string("")},
                        {}});
    features.push_back(event("ev-off-globe", 1, 1, 1, {2017, 1, 1}, {{2017, 1, 1}, 0, 0, 0}, "x", 200, 0));  // skipped
    return features;
}

}  // namespace

TEST_CASE("GeoPackage blobs are GDAL's: point without envelope, polygon with one", "[output]") {
    std::string blob;
    gpkg_point_blob(blob, 4326, 40.9185, 34.4523);
    OGRPoint point(40.9185, 34.4523);
    std::string generic;
    gpkg_geometry_blob(generic, 4326, point);
    CHECK(blob == generic);
    REQUIRE(blob.size() == 29);
    CHECK(blob.substr(0, 4) == std::string("GP\0\x01", 4));  // version 0, little endian, no envelope
    CHECK(blob.substr(4, 4) == std::string("\xe6\x10\0\0", 4));  // srs_id 4326

    OGRGeometry* raw = nullptr;
    OGRGeometryFactory::createFromWkt("POLYGON ((40 34, 41 34, 41 35.5, 40 34))", nullptr, &raw);
    std::unique_ptr<OGRGeometry> polygon(raw);
    gpkg_geometry_blob(blob, 3857, *polygon);
    CHECK(blob[3] == '\x03');  // little endian, XY envelope
    double envelope[4];
    std::memcpy(envelope, blob.data() + 8, sizeof envelope);
    CHECK(envelope[0] == 40);   // min x
    CHECK(envelope[1] == 41);   // max x
    CHECK(envelope[2] == 34);   // min y
    CHECK(envelope[3] == 35.5); // max y
    CHECK(blob.size() == 8 + 32 + polygon->WkbSize());

    OGRPolygon empty;
    gpkg_geometry_blob(blob, 4326, empty);
    CHECK(blob[3] == '\x11');  // little endian, empty, no envelope
}

TEST_CASE("direct insert writes the GeoPackage OGR writes: every field type, NULLs, text", "[output]") {
    TempDir dir;
    auto features = tricky_events();
    std::string ogr = dir / "ogr.gpkg", direct = dir / "direct.gpkg";
    write_with(false, ogr, features, events_def());
    write_with(true, direct, features, events_def());
    check_same_files(ogr, direct, events_def());
    CHECK(sql_rows(direct, "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'events'") ==
          std::vector<std::string>{std::to_string(features.size() - 1)});
    CHECK(sql_rows(direct, "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'events'") ==
          std::vector<std::string>{"-180|-90|180|90"});
    CHECK(sql_rows(direct, "SELECT quote(last_change) FROM gpkg_contents WHERE table_name = 'events'") ==
          std::vector<std::string>{"'2017-11-09T12:00:00.000Z'"});
    CHECK(sql_rows(direct, "SELECT quote(event_date), quote(reported_at) FROM events WHERE event_id = 'ev-edges'") ==
          std::vector<std::string>{"'0001-01-01'|'9999-12-31T23:59:60.000Z'"});
}

TEST_CASE("direct insert: polygons, multipolygons, empty and reprojected geometries", "[output]") {
    TempDir dir;
    LayerDef areas{"areas", {{"name", FieldType::string}, {"share", FieldType::real}}, GeometryType::multi_polygon, ""};
    std::vector<Feature> features = {
        {{std::string("square"), 0.5}, Wkt{"POLYGON ((40 34, 41 34, 41 35, 40 35, 40 34))"}},
        {{std::string("two"), 1.0},
         Wkt{"MULTIPOLYGON (((38 33, 39 33, 39 34, 38 33)), ((42 36, 43 36, 43 37.25, 42 36)))"}},
        {{std::string("with hole"), Value{}},
         Wkt{"POLYGON ((30 30, 35 30, 35 35, 30 35, 30 30), (31 31, 32 31, 32 32, 31 31))"}},
        {{std::string("3d flattened"), 2.0}, Wkt{"POLYGON Z ((1 1 5, 2 1 5, 2 2 5, 1 1 5))"}},
        {{std::string("empty"), 3.0}, Wkt{"POLYGON EMPTY"}},
        {{std::string("no geometry"), 4.0}, {}},
        {{std::string("a point"), 5.0}, Wkt{"POINT (1 2)"}},  // skipped: not an area
    };
    SECTION("WGS 84") {
        std::string ogr = dir / "ogr.gpkg", direct = dir / "direct.gpkg";
        write_with(false, ogr, features, areas);
        write_with(true, direct, features, areas);
        check_same_files(ogr, direct, areas);
        CHECK(sql_rows(direct, "SELECT count(*) FROM rtree_areas_geom") == std::vector<std::string>{"4"});
    }
    SECTION("reprojected to Web Mercator, points too") {
        WriterOptions mercator;
        mercator.t_srs = "EPSG:3857";
        std::string ogr = dir / "ogr3857.gpkg", direct = dir / "direct3857.gpkg";
        write_with(false, ogr, features, areas, mercator);
        write_with(true, direct, features, areas, mercator);
        check_same_files(ogr, direct, areas);
        CHECK(sql_rows(direct, "SELECT srs_id FROM gpkg_geometry_columns") == std::vector<std::string>{"3857"});

        auto events = tricky_events();  // poles and the antimeridian included
        write_with(false, dir / "ogr-ev.gpkg", events, events_def(), mercator);
        write_with(true, dir / "direct-ev.gpkg", events, events_def(), mercator);
        check_same_files(dir / "ogr-ev.gpkg", dir / "direct-ev.gpkg", events_def());
    }
}

TEST_CASE("direct insert: two layers, one without geometry, and an empty one", "[output]") {
    TempDir dir;
    LayerDef sources{"sources", {{"source_id", FieldType::string}, {"date", FieldType::date}}, GeometryType::none,
                     "source_id"};
    LayerDef empty = events_def("nothing");
    auto write_three = [&](bool direct, const std::string& path) {
        ConfigOption mode("GEOEVENT_GPKG_DIRECT", direct ? "YES" : "NO");
        ConfigOption date("OGR_CURRENT_DATE", "2017-11-09T12:00:00.000Z");
        auto writer = DatasetWriter::open(path);
        auto events = writer.layer(events_def());
        auto src = writer.layer(sources);
        writer.layer(empty);
        int n = 0;
        for (const auto& f : sample_events()) {
            writer.write(events, f);  // interleaved with the other layer's rows
            writer.write(src, Feature{{"article-" + std::to_string(n++), Date{2017, 11, n}}, {}});
        }
        writer.write(src, Feature{{std::string("article-0"), Date{2017, 1, 1}}, {}});  // a duplicate
        writer.close();
        CHECK(writer.counts().skipped_duplicates == 1);
    };
    std::string ogr = dir / "ogr.gpkg", direct = dir / "direct.gpkg";
    write_three(false, ogr);
    write_three(true, direct);
    check_same_files(ogr, direct, events_def());
    check_same_files(ogr, direct, sources);
    check_same_files(ogr, direct, empty);
    CHECK(sql_rows(direct, "SELECT table_name, feature_count FROM gpkg_ogr_contents ORDER BY table_name") ==
          std::vector<std::string>{"events|3", "nothing|<null>", "sources|3"});
}

TEST_CASE("a directly written GeoPackage takes appends through OGR and keeps count", "[output]") {
    TempDir dir;
    std::string path = dir / "events.gpkg";
    auto features = sample_events();
    write_with(true, path, {features[0], features[1]}, events_def());
    WriterOptions append;
    append.append = true;
    write_all(path, features, append);  // OGR path: features[2] is new, the others known
    CHECK(column(path, "GPKG", "event_id") == std::vector<std::string>{"ev-001", "ev-002", "ev-003"});
    // The restored triggers counted the appended row; the R-tree took it too.
    CHECK(sql_rows(path, "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'events'") ==
          std::vector<std::string>{"3"});
    CHECK(sql_rows(path, "SELECT count(*) FROM rtree_events_geom") == std::vector<std::string>{"3"});
    CHECK(sql_rows(path, "SELECT rtreecheck('rtree_events_geom')") == std::vector<std::string>{"ok"});
}

TEST_CASE("direct insert of 31 000 real GeoNames places equals the OGR path's file", "[output]") {
    TempDir dir;
    std::vector<Feature> features;
    for (const auto& row : read_place_rows(embedded_places)) {
        std::int64_t id = std::strtoll(row.geonameid.c_str(), nullptr, 10);
        features.push_back(event("gn-" + row.geonameid, id % 1000, id, row.lat,
                                 {2017, int(1 + id % 12), int(1 + id % 28)}, {{2017, 11, 9}, int(id % 24), 0, 0},
                                 row.name, row.lon, row.lat));
    }
    REQUIRE(features.size() > 30000);
    std::string ogr = dir / "ogr.gpkg", direct = dir / "direct.gpkg";
    write_with(false, ogr, features, events_def());
    write_with(true, direct, features, events_def());
    check_same_files(ogr, direct, events_def());
    // A spatial filter answers from the packed index the same as from GDAL's scan.
    auto ds = open_for_reading(direct, "GPKG");
    OGRLayer* layer = ds->GetLayerByName("events");
    layer->SetSpatialFilterRect(40, 34, 41, 35);
    CHECK(layer->GetFeatureCount() ==
          std::stoll(sql_rows(direct, "SELECT count(*) FROM events WHERE ST_MinX(geom) BETWEEN 40 AND 41 AND "
                                  "ST_MinY(geom) BETWEEN 34 AND 35")[0]));
}

TEST_CASE("a directly written GeoPackage not closed leaves nothing behind", "[output]") {
    TempDir dir;
    std::string path = dir / "events.gpkg";
    {
        ConfigOption mode("GEOEVENT_GPKG_DIRECT", "YES");
        auto writer = DatasetWriter::open(path);
        auto layer = writer.layer(events_def());
        for (const auto& f : sample_events()) writer.write(layer, f);
        // destroyed without close(): an exception, a cancelled run
    }
    CHECK(entries(dir.path()).empty());
}
