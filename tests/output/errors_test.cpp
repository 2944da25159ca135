// Bad options and impossible targets: the right exception, a message that says what and
// a hint that says what to do, and nothing written.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <fstream>

#include "geoevent/output/drivers.hpp"
#include "output/output_support.hpp"

using namespace geoevent::test;

namespace {

WriterOptions with_driver(const std::string& driver) {
    WriterOptions o;
    o.driver = driver;
    return o;
}

template <typename E>
E thrown(const std::function<void()>& f) {
    try {
        f();
    } catch (const E& e) {
        return e;
    }
    FAIL("expected exception not thrown");
    throw;  // unreachable
}

}  // namespace

TEST_CASE("drivers come from the extension, a PG: prefix or -f", "[output]") {
    CHECK(resolve_driver("a/b/events.GeoJSON") == "GeoJSON");
    CHECK(resolve_driver("events.json") == "GeoJSON");
    CHECK(resolve_driver("events.geojsonl") == "GeoJSONSeq");
    CHECK(resolve_driver("events.geojsons") == "GeoJSONSeq");
    CHECK(resolve_driver("events.gpkg") == "GPKG");
    CHECK(resolve_driver("events.fgb") == "FlatGeobuf");
    CHECK(resolve_driver("events.csv") == "CSV");
    CHECK(resolve_driver("events.kml") == "KML");
    CHECK(resolve_driver("events.shp") == "ESRI Shapefile");
    CHECK(resolve_driver("events.gml") == "GML");  // any writable driver claiming it
    CHECK(resolve_driver("PG:dbname=events") == "PostgreSQL");
    CHECK(resolve_driver("events.dat", "gpkg") == "GPKG");  // case-insensitive -f
}

TEST_CASE("an unknown driver is a usage error with a hint", "[output]") {
    TempDir dir;
    auto e = thrown<geoevent::UsageError>(
        [&] { DatasetWriter::open(dir / "events.gpkg", with_driver("NoSuchDriver")); });
    CHECK_THAT(e.what(), Catch::Contains("NoSuchDriver"));
    CHECK_THAT(e.hint(), Catch::Contains("ogrinfo --formats"));
    CHECK(entries(dir.path()).empty());
}

TEST_CASE("a driver that cannot create vector layers is a usage error", "[output]") {
    TempDir dir;
    for (const char* driver : {"TopoJSON", "ESRIJSON", "GTiff"}) {
        auto e = thrown<geoevent::UsageError>(
            [&] { DatasetWriter::open(dir / "events.out", with_driver(driver)); });
        CHECK_THAT(e.what(), Catch::Contains(driver) && Catch::Contains("cannot create"));
    }
    CHECK(entries(dir.path()).empty());
}

TEST_CASE("a target whose format cannot be guessed is a usage error", "[output]") {
    TempDir dir;
    for (const char* name : {"events", "events.xyz"}) {
        auto e = thrown<geoevent::UsageError>([&] { DatasetWriter::open(dir / name); });
        CHECK_THAT(e.hint(), Catch::Contains("-f"));
    }
}

TEST_CASE("an unknown CRS is a usage error naming it", "[output]") {
    TempDir dir;
    for (const char* crs : {"EPSG:999999", "not a crs"}) {
        WriterOptions options;
        options.t_srs = crs;
        auto e = thrown<geoevent::UsageError>(
            [&] { DatasetWriter::open(dir / "events.gpkg", options); });
        CHECK_THAT(e.what(), Catch::Contains(crs));
        CHECK_THAT(e.hint(), Catch::Contains("EPSG:"));
    }
    CHECK(entries(dir.path()).empty());
}

TEST_CASE("an unwritable location is a GDAL error naming the directory", "[output]") {
    TempDir dir;
    SECTION("missing directory") {
        auto e = thrown<geoevent::GdalError>(
            [&] { DatasetWriter::open(dir / "missing/events.gpkg"); });
        CHECK_THAT(e.what(), Catch::Contains("GPKG") && Catch::Contains(dir / "missing"));
        CHECK_THAT(e.hint(), Catch::Contains("create the directory"));
    }
    SECTION("a file where the directory should be") {
        std::ofstream(dir / "file") << "x";
        auto e =
            thrown<geoevent::GdalError>([&] { DatasetWriter::open(dir / "file/events.gpkg"); });
        CHECK_THAT(e.what(), Catch::Contains(dir / "file"));
    }
    SECTION("a read-only directory") {
        if (::geteuid() == 0) {
            WARN("running as root: permissions do not stop writes, not tested");
            return;
        }
        std::filesystem::create_directory(dir / "ro");
        std::filesystem::permissions(dir / "ro", std::filesystem::perms::owner_read |
                                                     std::filesystem::perms::owner_exec);
        auto e = thrown<geoevent::GdalError>([&] { DatasetWriter::open(dir / "ro/events.gpkg"); });
        CHECK_THAT(e.hint(), Catch::Contains("writable"));
        std::filesystem::permissions(dir / "ro", std::filesystem::perms::owner_all);
    }
}

TEST_CASE("a target that is a directory, or a driver that would make one, is refused",
          "[output]") {
    TempDir dir;
    std::filesystem::create_directory(dir / "events.gpkg");
    CHECK_THROWS_AS(DatasetWriter::open(dir / "events.gpkg"), geoevent::UsageError);
    auto e = thrown<geoevent::UsageError>(
        [&] { DatasetWriter::open(dir / "events.dat", with_driver("ESRI Shapefile")); });
    CHECK_THAT(e.hint(), Catch::Contains(".shp"));
    CHECK(entries(dir.path()) == std::vector<std::string>{"events.gpkg"});
}

TEST_CASE("a bad PG: connection is a GDAL error that hides the password", "[output]") {
    // A socket directory that does not exist: fails at once, without any server.
    std::string target = "PG:host=/nonexistent-geoevent-socket dbname=x password=secret";
    auto e = thrown<geoevent::GdalError>([&] { DatasetWriter::open(target); });
    std::string what = e.what();
    CHECK_THAT(what, Catch::Contains("PostgreSQL") && Catch::Contains("cannot connect"));
    CHECK(what.find("secret") == std::string::npos);
    CHECK_THAT(what, Catch::Contains("password=***"));
    CHECK_FALSE(e.hint().empty());

    CHECK_THROWS_AS(DatasetWriter::open(target, with_driver("GPKG")), geoevent::UsageError);
    CHECK_THROWS_AS(DatasetWriter::open("events.gpkg", with_driver("PostgreSQL")),
                    geoevent::UsageError);
}

TEST_CASE("values that do not fit their fields are usage errors naming the field",
          "[output]") {
    TempDir dir;
    auto writer = DatasetWriter::open(dir / "events.gpkg");
    auto layer = writer.layer(events_def());
    auto bad = [&](std::size_t field, Value v) {
        auto f = sample_events()[0];
        f.values[field] = std::move(v);
        return thrown<geoevent::UsageError>([&] { writer.write(layer, f); });
    };
    CHECK_THAT(bad(1, std::int64_t(1) << 40).what(),
               Catch::Contains("casualties") && Catch::Contains("integer64"));
    CHECK_THAT(bad(4, Date{2023, 2, 29}).what(), Catch::Contains("event_date"));
    CHECK_THAT(bad(4, std::string("2024-03-05")).what(), Catch::Contains("a string"));
    CHECK_THAT(bad(5, DateTime{{2024, 3, 5}, 24, 0, 0}).what(), Catch::Contains("reported_at"));
    CHECK_THAT(bad(3, std::numeric_limits<double>::quiet_NaN()).what(),
               Catch::Contains("confidence"));
    CHECK_THAT(bad(0, std::monostate{}).what(), Catch::Contains("unique field 'event_id'"));
    Feature short_feature{{std::string("ev-9")}, LonLat{40, 35}};
    CHECK_THROWS_AS(writer.write(layer, short_feature), geoevent::UsageError);

    // A refused value is the caller's mistake about one record; the rest still goes out.
    writer.write(layer, sample_events()[1]);
    writer.close();
    CHECK(column(dir / "events.gpkg", "GPKG", "event_id") == std::vector<std::string>{"ev-002"});
}

TEST_CASE("bad layer definitions and creation options are usage errors", "[output]") {
    TempDir dir;
    auto writer = DatasetWriter::open(dir / "events.gpkg");
    auto def = events_def();
    def.unique_field = "nope";
    CHECK_THROWS_AS(writer.layer(def), geoevent::UsageError);
    def.unique_field = "confidence";  // a real number is no identifier
    CHECK_THROWS_AS(writer.layer(def), geoevent::UsageError);
    def = events_def();
    def.fields.push_back({"Place", FieldType::string});  // OGR names ignore case
    CHECK_THROWS_AS(writer.layer(def), geoevent::UsageError);
    CHECK_THROWS_AS(writer.layer(LayerDef{}), geoevent::UsageError);
    writer.layer(events_def());
    CHECK_THROWS_AS(writer.layer(events_def()), geoevent::UsageError);  // twice

    WriterOptions options;
    options.layer_options = {"SPATIAL_INDEX"};
    CHECK_THROWS_AS(DatasetWriter::open(dir / "other.gpkg", options), geoevent::UsageError);
    options.layer_options.clear();
    options.batch_size = 0;
    CHECK_THROWS_AS(DatasetWriter::open(dir / "other.gpkg", options), geoevent::UsageError);
}

TEST_CASE("a layer handle only works with the writer that made it", "[output]") {
    TempDir dir;
    auto a = DatasetWriter::open(dir / "a.gpkg");
    auto b = DatasetWriter::open(dir / "b.gpkg");
    auto layer_a = a.layer(events_def());
    b.layer(events_def());
    CHECK_THROWS_AS(b.write(layer_a, sample_events()[0]), geoevent::UsageError);
    CHECK(b.counts(layer_a).written == 0);
}
