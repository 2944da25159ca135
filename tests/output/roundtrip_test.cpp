// Every documented file format: write three events, read them back with OGR and compare
// field by field. Where a format cannot keep a type, the expectation says so explicitly.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>

#include "geoevent/output/drivers.hpp"
#include "output/output_support.hpp"

using namespace geoevent::test;

namespace {

struct FormatCase {
    const char* file;
    const char* driver;
    // Field name as the format stores it -> OGR type read back, where not the declared one.
    std::map<std::string, OGRFieldType> lossy;
    std::map<std::string, std::string> renamed;  // Shapefile: 10-character names
    const char* reader = nullptr;  // if not the driver itself
};

const std::vector<FormatCase>& format_cases() {
    static const std::vector<FormatCase> cases = {
        {"events.geojson", "GeoJSON", {}, {}},
        {"events.json", "GeoJSON", {}, {}},
        {"events.geojsons", "GeoJSONSeq", {}, {}},
        {"events.geojsonl", "GeoJSONSeq", {}, {}},
        {"events.gpkg", "GPKG", {}, {}},
        // FlatGeobuf has only a date-time column type.
        {"events.fgb", "FlatGeobuf", {{"event_date", OFTDateTime}}, {}},
        {"events.csv", "CSV", {}, {}},
        // KML's schema types are int, float and string: the rest is ISO 8601 / decimal text.
        // GDAL's KML driver cannot read ExtendedData back; LIBKML (what QGIS uses) can.
        {"events.kml",
         "KML",
         {{"source_id", OFTString}, {"event_date", OFTString}, {"reported_at", OFTString}},
         {},
         "LIBKML"},
        // dBase: no date-time type (ISO 8601 text instead), 10-character names, and an
        // integer column wide enough for INT32_MAX reads back as Integer64.
        {"events.shp",
         "ESRI Shapefile",
         {{"casualties", OFTInteger64}, {"reported_a", OFTString}},
         {{"reported_at", "reported_a"}}},
    };
    return cases;
}

OGRFieldType declared_type(FieldType t) {
    switch (t) {
    case FieldType::string: return OFTString;
    case FieldType::integer: return OFTInteger;
    case FieldType::integer64: return OFTInteger64;
    case FieldType::real: return OFTReal;
    case FieldType::date: return OFTDate;
    case FieldType::date_time: return OFTDateTime;
    }
    return OFTString;
}

std::string as_text(const Value& v) {
    if (auto* s = std::get_if<std::string>(&v)) return *s;
    if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (auto* d = std::get_if<Date>(&v)) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d->year, d->month, d->day);
        return buf;
    }
    if (auto* t = std::get_if<DateTime>(&v)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", t->date.year,
                      t->date.month, t->date.day, t->hour, t->minute, t->second);
        return buf;
    }
    return "?";
}

void check_value(OGRFeature& f, int index, OGRFieldType type, const Value& expected) {
    switch (type) {
    case OFTString: CHECK(std::string(f.GetFieldAsString(index)) == as_text(expected)); break;
    case OFTInteger:
    case OFTInteger64:
        CHECK(f.GetFieldAsInteger64(index) == std::get<std::int64_t>(expected));
        break;
    case OFTReal: CHECK(f.GetFieldAsDouble(index) == Approx(std::get<double>(expected))); break;
    case OFTDate:
    case OFTDateTime: {
        int y = 0, m = 0, d = 0, h = 0, mi = 0, tz = 0;
        float s = 0;
        REQUIRE(f.GetFieldAsDateTime(index, &y, &m, &d, &h, &mi, &s, &tz));
        DateTime want{};
        if (auto* date = std::get_if<Date>(&expected)) want.date = *date;
        else want = std::get<DateTime>(expected);
        CHECK(Date{y, m, d} == want.date);
        CHECK(h == want.hour);
        CHECK(mi == want.minute);
        CHECK(static_cast<int>(s) == want.second);
        if (std::holds_alternative<DateTime>(expected)) CHECK(tz == 100);  // UTC
        break;
    }
    default: FAIL("unexpected field type " << OGRFieldDefn::GetFieldTypeName(type));
    }
}

}  // namespace

TEST_CASE("every file format round-trips three events field by field", "[output]") {
    const auto def = events_def();
    const auto features = sample_events();
    for (const auto& c : format_cases()) {
        DYNAMIC_SECTION(c.file) {
            TempDir dir;
            std::string path = dir / c.file;
            auto writer = DatasetWriter::open(path);
            CHECK(writer.driver() == c.driver);
            auto layer = writer.layer(def);
            for (const auto& f : features) CHECK(writer.write(layer, f));
            writer.close();
            CHECK(writer.counts().written == 3);
            CHECK_FALSE(any_temp_file(dir.path()));

            auto ds = open_for_reading(path, c.reader ? c.reader : c.driver);
            REQUIRE(ds);
            REQUIRE(ds->GetLayerCount() == 1);
            OGRLayer* read = ds->GetLayer(0);
            REQUIRE(read->GetFeatureCount() == 3);
            OGRFeatureDefn* defn = read->GetLayerDefn();

            std::size_t n = 0;
            for (auto& f : read) {
                INFO(c.file << " feature " << n);
                const Feature& want = features.at(n++);
                for (std::size_t i = 0; i < def.fields.size(); ++i) {
                    std::string name = def.fields[i].name;
                    if (auto r = c.renamed.find(name); r != c.renamed.end()) name = r->second;
                    INFO("field " << name);
                    int index = defn->GetFieldIndex(name.c_str());
                    REQUIRE(index >= 0);
                    auto lossy = c.lossy.find(name);
                    OGRFieldType type = lossy == c.lossy.end()
                                            ? declared_type(def.fields[i].type)
                                            : lossy->second;
                    CHECK(defn->GetFieldDefn(index)->GetType() == type);
                    check_value(*f, index, type, want.values[i]);
                }
                auto* point = dynamic_cast<OGRPoint*>(f->GetGeometryRef());
                REQUIRE(point);
                const auto& where = std::get<LonLat>(want.geometry);
                CHECK(point->getX() == Approx(where.lon).margin(1e-7));
                CHECK(point->getY() == Approx(where.lat).margin(1e-7));
            }
        }
    }
}

TEST_CASE("GeoJSON is RFC 7946 in lon/lat, and carries a crs member only with t_srs",
          "[output]") {
    TempDir dir;
    auto slurp = [](const std::string& p) {
        std::ifstream in(p);
        return std::string{std::istreambuf_iterator<char>(in), {}};
    };
    write_all(dir / "plain.geojson", sample_events());
    CHECK(slurp(dir / "plain.geojson").find("\"crs\"") == std::string::npos);

    WriterOptions utm;
    utm.t_srs = "EPSG:32637";
    write_all(dir / "utm.geojson", sample_events(), utm);
    CHECK(slurp(dir / "utm.geojson").find("32637") != std::string::npos);
}

TEST_CASE("polygons and multipolygons are written, polygons promoted in multipolygon layers",
          "[output]") {
    LayerDef areas{"areas", {{"area_id", FieldType::integer64}}, GeometryType::multi_polygon,
                   "area_id"};
    const std::string square = "POLYGON ((40 34,41 34,41 35,40 35,40 34))";
    const std::string two =
        "MULTIPOLYGON (((38 35,39 35,39 36,38 35)),((42 33,43 33,43 34,42 33)))";
    for (std::string file :
         {"areas.gpkg", "areas.geojson", "areas.fgb", "areas.csv", "areas.shp"}) {
        DYNAMIC_SECTION(file) {
            TempDir dir;
            auto writer = DatasetWriter::open(dir / file);
            auto layer = writer.layer(areas);
            Feature one{{std::int64_t(1)}, Wkt{square}};
            Feature multi{{std::int64_t(2)}, Wkt{two}};
            Feature broken{{std::int64_t(3)}, Wkt{"POLYGON ((40 34,"}};
            CHECK(writer.write(layer, one));
            CHECK(writer.write(layer, multi));
            CHECK_FALSE(writer.write(layer, broken));
            writer.close();
            CHECK(writer.counts().skipped_invalid == 1);
            REQUIRE(writer.warnings().size() == 1);
            CHECK_THAT(writer.warnings()[0], Catch::Contains("'3'") && Catch::Contains("WKT"));

            auto ds = open_for_reading(dir / file, writer.driver());
            REQUIRE(ds);
            OGRLayer* read = ds->GetLayer(0);
            REQUIRE(read->GetFeatureCount() == 2);
            double areas_read[2] = {0, 0};
            int n = 0;
            for (auto& f : read) {
                OGRGeometry* g = f->GetGeometryRef();
                REQUIRE(g);
                auto type = wkbFlatten(g->getGeometryType());
                // Shapefile and GeoJSON store a one-part multipolygon as a polygon.
                if (n == 0 && (file == "areas.shp" || file == "areas.geojson"))
                    CHECK(type == wkbPolygon);
                else
                    CHECK(type == wkbMultiPolygon);
                areas_read[n++] = type == wkbPolygon ? g->toPolygon()->get_Area()
                                                     : g->toMultiPolygon()->get_Area();
            }
            CHECK(areas_read[0] == Approx(1.0));
            CHECK(areas_read[1] == Approx(1.0));
        }
    }
}

TEST_CASE("a layer without geometry is a plain table", "[output]") {
    LayerDef sources{"sources", {{"name", FieldType::string}, {"articles", FieldType::integer}},
                     GeometryType::none, "name"};
    for (const char* file : {"sources.gpkg", "sources.csv", "sources.geojson"}) {
        DYNAMIC_SECTION(file) {
            TempDir dir;
            auto writer = DatasetWriter::open(dir / file);
            auto layer = writer.layer(sources);
            writer.write(layer, {{std::string("SANA"), std::int64_t(12)}, {}});
            writer.write(layer, {{std::string("Enab Baladi — عنب بلدي"), std::int64_t(3)}, {}});
            Feature located{{std::string("x"), std::int64_t(1)}, LonLat{40, 35}};
            CHECK_THROWS_AS(writer.write(layer, located), geoevent::UsageError);
            writer.close();
            CHECK(column(dir / file, writer.driver(), "name") ==
                  std::vector<std::string>{"SANA", "Enab Baladi — عنب بلدي"});
        }
    }
}

TEST_CASE("a GeoPackage holds several layers and null values", "[output]") {
    TempDir dir;
    std::string path = dir / "all.gpkg";
    WriterOptions options;
    options.batch_size = 2;  // several transactions
    auto writer = DatasetWriter::open(path, options);
    auto events = writer.layer(events_def("events"));
    auto other = writer.layer(events_def("events_rejected"));
    for (const auto& f : sample_events()) writer.write(events, f);
    Feature nulls{{std::string("ev-009"), {}, {}, {}, {}, {}, {}}, {}};
    writer.write(other, nulls);
    writer.close();
    CHECK(writer.counts(events).written == 3);
    CHECK(writer.counts(other).written == 1);

    auto ds = open_for_reading(path, "GPKG");
    REQUIRE(ds);
    REQUIRE(ds->GetLayerCount() == 2);
    OGRLayer* read = ds->GetLayerByName("events_rejected");
    REQUIRE(read);
    OGRFeatureUniquePtr f(read->GetNextFeature());
    REQUIRE(f);
    CHECK(std::string(f->GetFieldAsString("event_id")) == "ev-009");
    for (const char* field : {"casualties", "source_id", "confidence", "event_date", "place"})
        CHECK(f->IsFieldNull(f->GetFieldIndex(field)));
    CHECK(f->GetGeometryRef() == nullptr);
    CHECK(ds->GetLayerByName("events")->GetFeatureCount() == 3);
}

TEST_CASE("any other OGR driver that creates layers works, sidecar files included",
          "[output]") {
    struct Case {
        const char* file;
        const char* driver;  // empty: from the extension
        std::vector<std::string> files;
    };
    for (const auto& c : {Case{"events.sqlite", "", {"events.sqlite"}},
                          Case{"events.gml", "", {"events.gml", "events.xsd"}},
                          Case{"events.tab", "MapInfo File",
                               {"events.dat", "events.id", "events.map", "events.tab"}}}) {
        DYNAMIC_SECTION(c.file) {
            TempDir dir;
            WriterOptions options;
            options.driver = c.driver;
            write_all(dir / c.file, sample_events(), options);
            auto files = entries(dir.path());
            std::sort(files.begin(), files.end());
            CHECK(files == c.files);
            std::string driver = *c.driver ? c.driver : resolve_driver(c.file);
            auto ids = column(dir / c.file, driver, "event_id");
            CHECK(ids == std::vector<std::string>{"ev-001", "ev-002", "ev-003"});
        }
    }
}
