// A failed or interrupted run never leaves a half-written target and never clobbers an
// existing file.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "output/output_support.hpp"

using namespace geoevent::test;
namespace fs = std::filesystem;

namespace {

Feature wrong_type() {
    auto f = sample_events()[0];
    f.values[1] = std::string("three");  // casualties is an integer field
    return f;
}

}  // namespace

TEST_CASE("an existing target is refused without --overwrite or --append", "[output]") {
    TempDir dir;
    std::string path = dir / "events.gpkg";
    std::ofstream(path) << "precious";
    try {
        DatasetWriter::open(path);
        FAIL("no exception");
    } catch (const geoevent::UsageError& e) {
        CHECK_THAT(e.what(), Catch::Contains(path) && Catch::Contains("exists"));
        CHECK_THAT(e.hint(), Catch::Contains("--overwrite") && Catch::Contains("--append"));
    }
    CHECK(slurp(path) == "precious");
    CHECK(entries(dir.path()) == std::vector<std::string>{"events.gpkg"});
}

TEST_CASE("overwrite and append together are refused", "[output]") {
    TempDir dir;
    WriterOptions options;
    options.overwrite = options.append = true;
    CHECK_THROWS_AS(DatasetWriter::open(dir / "events.gpkg", options), geoevent::UsageError);
}

TEST_CASE("overwrite replaces the target only when close() succeeds", "[output]") {
    for (const char* file : {"events.gpkg", "events.geojson", "events.shp", "events.csv"}) {
        DYNAMIC_SECTION(file) {
            TempDir dir;
            std::string path = dir / file;
            write_all(path, {sample_events()[0]});
            std::string old = slurp(path);
            WriterOptions options;
            options.overwrite = true;

            SECTION("the old file stays until close()") {
                auto writer = DatasetWriter::open(path, options);
                auto layer = writer.layer(events_def());
                writer.write(layer, sample_events()[1]);
                writer.write(layer, sample_events()[2]);
                CHECK(slurp(path) == old);
                writer.close();
                CHECK(column(path, writer.driver(), "event_id") ==
                      std::vector<std::string>{"ev-002", "ev-003"});
            }
            SECTION("a write that throws midway leaves the old file and no temporary") {
                {
                    auto writer = DatasetWriter::open(path, options);
                    auto layer = writer.layer(events_def());
                    writer.write(layer, sample_events()[1]);
                    CHECK_THROWS_AS(writer.write(layer, wrong_type()), geoevent::UsageError);
                }  // the caller gives up: destroyed without close()
                CHECK(slurp(path) == old);
            }
            CHECK_FALSE(any_temp_file(dir.path()));
        }
    }
}

TEST_CASE("a run that throws midway leaves neither target nor temporary file", "[output]") {
    for (const char* file : {"events.gpkg", "events.geojson", "events.shp", "events.fgb",
                             "events.csv", "events.kml"}) {
        DYNAMIC_SECTION(file) {
            TempDir dir;
            try {
                auto writer = DatasetWriter::open(dir / file);
                auto layer = writer.layer(events_def());
                writer.write(layer, sample_events()[0]);
                writer.write(layer, wrong_type());
                writer.close();
                FAIL("no exception");
            } catch (const geoevent::UsageError& e) {
                CHECK_THAT(e.what(), Catch::Contains("casualties"));
            }
            CHECK(entries(dir.path()).empty());
        }
    }
}

TEST_CASE("a GDAL failure stops the run, names the dataset and layer, and writes nothing",
          "[output]") {
    TempDir dir;
    std::string path = dir / "events.geojson";
    auto writer = DatasetWriter::open(path);
    auto layer = writer.layer(events_def());
    writer.write(layer, sample_events()[0]);
    try {
        writer.layer(events_def("second"));  // GeoJSON holds one layer
        FAIL("no exception");
    } catch (const geoevent::GdalError& e) {
        std::string what = e.what();
        CHECK_THAT(what, Catch::Contains("GeoJSON dataset '" + path + "'") &&
                             Catch::Contains("layer 'second'") &&
                             Catch::Contains("cannot create the layer: "));
        CHECK(what.size() > what.find("layer: ") + 8);  // GDAL's own message follows
        CHECK_FALSE(e.hint().empty());
    }
    CHECK_THROWS_AS(writer.write(layer, sample_events()[1]), geoevent::GdalError);
    CHECK_THROWS_AS(writer.close(), geoevent::GdalError);
    CHECK(entries(dir.path()).empty());
}

TEST_CASE("a target that appears while writing is not clobbered", "[output]") {
    TempDir dir;
    std::string path = dir / "events.gpkg";
    auto writer = DatasetWriter::open(path);
    auto layer = writer.layer(events_def());
    writer.write(layer, sample_events()[0]);
    std::ofstream(path) << "someone else's";
    CHECK_THROWS_AS(writer.close(), geoevent::UsageError);
    CHECK(slurp(path) == "someone else's");
    CHECK_FALSE(any_temp_file(dir.path()));
}

TEST_CASE("a killed run leaves the target untouched", "[output]") {
    TempDir dir;
    std::string path = dir / "events.gpkg";
    write_all(path, {sample_events()[0]});
    std::string old = slurp(path);

    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        WriterOptions options;
        options.overwrite = true;
        auto writer = DatasetWriter::open(path, options);
        auto layer = writer.layer(events_def());
        for (const auto& f : sample_events()) writer.write(layer, f);
        ::_exit(0);  // like SIGKILL: no destructor, no close()
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(slurp(path) == old);
    // The staging directory stays behind (hidden, named after the dead pid); the next run
    // works regardless.
    write_all(path, sample_events(), [] {
        WriterOptions o;
        o.overwrite = true;
        return o;
    }());
    CHECK(column(path, "GPKG", "event_id").size() == 3);
}

TEST_CASE("replacing a Shapefile removes sidecars the new one does not have", "[output]") {
    TempDir dir;
    std::string path = dir / "events.shp";
    write_all(path, sample_events());  // with a .qix spatial index
    REQUIRE(fs::exists(dir / "events.qix"));
    WriterOptions options;
    options.overwrite = true;
    options.layer_options = {"SPATIAL_INDEX=NO"};
    write_all(path, sample_events(), options);
    CHECK_FALSE(fs::exists(dir / "events.qix"));
    CHECK(fs::exists(dir / "events.dbf"));
    CHECK(column(path, "ESRI Shapefile", "event_id").size() == 3);
}

TEST_CASE("a writer can be moved", "[output]") {
    TempDir dir;
    auto a = DatasetWriter::open(dir / "events.gpkg");
    auto layer = a.layer(events_def());
    DatasetWriter b = std::move(a);
    b.write(layer, sample_events()[0]);
    b.close();
    CHECK(b.counts().written == 1);
    CHECK(fs::exists(dir / "events.gpkg"));
}
