// Appending is copy-on-write and idempotent: the same events appended twice add nothing,
// in every format, whether the format can be updated in place (GPKG, Shapefile) or must
// be rewritten (GeoJSON, FlatGeobuf, CSV, KML).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "output/output_support.hpp"
#include "test_config.hpp"

using namespace geoevent::test;

namespace {

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

WriterOptions appending() {
    WriterOptions o;
    o.append = true;
    return o;
}

WriteCounts append_all(const std::string& path, const std::vector<Feature>& features,
                       WriterOptions options = appending()) {
    auto writer = DatasetWriter::open(path, options);
    auto layer = writer.layer(events_def());
    for (const auto& f : features) writer.write(layer, f);
    writer.close();
    return writer.counts();
}

}  // namespace

TEST_CASE("appending the same events twice adds nothing, in every format", "[output]") {
    struct Case {
        const char* file;
        const char* reader;
    };
    for (auto c : {Case{"events.gpkg", "GPKG"}, Case{"events.shp", "ESRI Shapefile"},
                   Case{"events.geojson", "GeoJSON"}, Case{"events.geojsons", "GeoJSONSeq"},
                   Case{"events.fgb", "FlatGeobuf"}, Case{"events.csv", "CSV"},
                   Case{"events.kml", "LIBKML"}}) {
        DYNAMIC_SECTION(c.file) {
            TempDir dir;
            std::string path = dir / c.file;
            auto all = sample_events();

            // --append on a missing target simply creates it: cron jobs need no first-run case.
            auto first = append_all(path, {all[0], all[1]});
            CHECK(first.written == 2);

            auto second = append_all(path, all);
            CHECK(second.written == 1);
            CHECK(second.skipped_duplicates == 2);

            auto third = append_all(path, all);
            CHECK(third.written == 0);
            CHECK(third.skipped_duplicates == 3);

            CHECK(sorted(column(path, c.reader, "event_id")) ==
                  std::vector<std::string>{"ev-001", "ev-002", "ev-003"});
            // The copied features keep their values, the new one has its own.
            CHECK(sorted(column(path, c.reader, "source_id")) ==
                  std::vector<std::string>{"-7", "123456789012345", "5000000000001"});
            CHECK_FALSE(any_temp_file(dir.path()));
        }
    }
}

TEST_CASE("a duplicate within one run is written once", "[output]") {
    TempDir dir;
    auto all = sample_events();
    auto writer = DatasetWriter::open(dir / "events.gpkg");
    auto layer = writer.layer(events_def());
    CHECK(writer.write(layer, all[0]));
    CHECK_FALSE(writer.write(layer, all[0]));
    writer.close();
    CHECK(writer.counts().written == 1);
    CHECK(writer.counts().skipped_duplicates == 1);
}

TEST_CASE("appending to a file written by someone else keeps their features and fields",
          "[output]") {
    TempDir dir;
    std::string path = dir / "events.geojson";
    std::filesystem::copy_file(std::string(data_dir) + "/output/foreign_events.geojson", path);

    auto counts = append_all(path, sample_events());
    CHECK(counts.written == 2);  // ev-001 was already there
    CHECK(counts.skipped_duplicates == 1);
    CHECK(sorted(column(path, "GeoJSON", "event_id")) ==
          std::vector<std::string>{"ev-001", "ev-002", "ev-003", "ev-100"});
    auto notes = column(path, "GeoJSON", "analyst_note");
    CHECK(std::count(notes.begin(), notes.end(), "added by hand") == 1);
    CHECK(std::count(notes.begin(), notes.end(), "checked against two sources") == 1);
}

TEST_CASE("appending adds fields the existing layer lacks", "[output]") {
    TempDir dir;
    std::string path = dir / "events.gpkg";
    LayerDef narrow{"events", {{"event_id", FieldType::string}}, GeometryType::point, "event_id"};
    {
        auto writer = DatasetWriter::open(path);
        auto layer = writer.layer(narrow);
        Feature f{{std::string("ev-100")}, LonLat{38.2684, 34.5505}};
        writer.write(layer, f);
        writer.close();
    }
    append_all(path, sample_events());
    CHECK(sorted(column(path, "GPKG", "place")) ==
          std::vector<std::string>{"", "Abou Kamal — البوكمال", "Deir ez-Zor — دير الزور",
                                   "Raqqa — الرقة"});
}

TEST_CASE("an existing layer keeps its CRS when appended to", "[output]") {
    TempDir dir;
    std::string path = dir / "events.gpkg";
    WriterOptions utm;
    utm.t_srs = "EPSG:32637";
    write_all(path, {sample_events()[0]}, utm);

    // Without t_srs the new features are reprojected into the layer's UTM zone...
    append_all(path, {sample_events()[1]});
    auto ds = open_for_reading(path, "GPKG");
    REQUIRE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    layer->SetAttributeFilter("event_id = 'ev-002'");
    OGRFeatureUniquePtr f(layer->GetNextFeature());
    REQUIRE(f);
    CHECK(f->GetGeometryRef()->toPoint()->getX() > 100'000);  // metres, not degrees
    ds.reset();

    // ...and a different t_srs is refused rather than mixing two CRSs in one layer.
    WriterOptions mercator = appending();
    mercator.t_srs = "EPSG:3857";
    auto writer = DatasetWriter::open(path, mercator);
    CHECK_THROWS_AS(writer.layer(events_def()), geoevent::UsageError);
}

TEST_CASE("appending to a file that is not of the format fails without touching it",
          "[output]") {
    TempDir dir;
    std::string path = dir / "events.gpkg";
    std::ofstream(path) << "not a geopackage\n";
    CHECK_THROWS_AS(append_all(path, sample_events()), geoevent::GdalError);
    CHECK(slurp(path) == "not a geopackage\n");
    CHECK_FALSE(any_temp_file(dir.path()));
}

TEST_CASE("a target changed by another program during an append is not overwritten",
          "[output]") {
    TempDir dir;
    std::string path = dir / "events.geojson";
    write_all(path, {sample_events()[0]});

    auto writer = DatasetWriter::open(path, appending());
    auto layer = writer.layer(events_def());
    writer.write(layer, sample_events()[1]);
    std::ofstream(path, std::ios::app) << "\n";  // another appender got there first
    std::string theirs = slurp(path);
    CHECK_THROWS_AS(writer.close(), geoevent::GdalError);
    CHECK(slurp(path) == theirs);
    CHECK_FALSE(any_temp_file(dir.path()));
}
