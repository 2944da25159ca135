// t_srs: the expected coordinates come from PROJ's C API directly (not through OGR), and
// from a value true by definition: UTM zone 37N puts (39°E, 0°N) at (500000, 0).
#include <catch2/catch.hpp>

#include <proj.h>

#include "output/output_support.hpp"

using namespace geoevent::test;

namespace {

struct XY {
    double x, y;
};

XY proj_forward(const char* crs, double lon, double lat) {
    PJ_CONTEXT* ctx = proj_context_create();
    PJ* raw = proj_create_crs_to_crs(ctx, "EPSG:4326", crs, nullptr);
    REQUIRE(raw);
    PJ* pj = proj_normalize_for_visualization(ctx, raw);  // lon/lat input order
    REQUIRE(pj);
    PJ_COORD out = proj_trans(pj, PJ_FWD, proj_coord(lon, lat, 0, 0));
    proj_destroy(pj);
    proj_destroy(raw);
    proj_context_destroy(ctx);
    return {out.xy.x, out.xy.y};
}

std::vector<XY> read_points(const std::string& path, const std::string& driver,
                            std::string* authority_code = nullptr) {
    std::vector<XY> points;
    auto ds = open_for_reading(path, driver);
    REQUIRE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    if (authority_code && layer->GetSpatialRef()) {
        OGRSpatialReference srs(*layer->GetSpatialRef());
        srs.AutoIdentifyEPSG();
        const char* code = srs.GetAuthorityCode(nullptr);
        *authority_code = code ? code : "";
    }
    for (auto& f : layer) {
        auto* p = dynamic_cast<OGRPoint*>(f->GetGeometryRef());
        REQUIRE(p);
        points.push_back({p->getX(), p->getY()});
    }
    return points;
}

}  // namespace

TEST_CASE("the PROJ reference itself puts the zone's central meridian at 500 km", "[output]") {
    XY origin = proj_forward("EPSG:32637", 39.0, 0.0);
    CHECK(origin.x == Approx(500000.0).margin(1e-6));
    CHECK(origin.y == Approx(0.0).margin(1e-6));
}

TEST_CASE("t_srs EPSG:32637 writes UTM 37N coordinates within a metre", "[output]") {
    auto features = sample_events();
    features.push_back(event("ev-004", 1, 4, 0.5, {2024, 1, 1}, {{2024, 1, 1}, 0, 0, 0},
                             "on the central meridian at the equator", 39.0, 0.0));
    WriterOptions options;
    options.t_srs = "EPSG:32637";
    for (const char* file : {"utm.gpkg", "utm.fgb", "utm.geojson", "utm.shp", "utm.csv"}) {
        DYNAMIC_SECTION(file) {
            TempDir dir;
            std::string path = dir / file;
            auto writer = DatasetWriter::open(path, options);
            auto layer = writer.layer(events_def());
            for (const auto& f : features) writer.write(layer, f);
            writer.close();

            std::string code;
            auto points = read_points(path, writer.driver(), &code);
            REQUIRE(points.size() == features.size());
            if (std::string(file) != "utm.csv") CHECK(code == "32637");  // CSV keeps no CRS
            for (std::size_t i = 0; i < features.size(); ++i) {
                const auto& ll = std::get<LonLat>(features[i].geometry);
                XY want = proj_forward("EPSG:32637", ll.lon, ll.lat);
                INFO(file << " point " << i);
                CHECK(points[i].x == Approx(want.x).margin(1.0));
                CHECK(points[i].y == Approx(want.y).margin(1.0));
            }
            CHECK(points.back().x == Approx(500000.0).margin(1.0));
            CHECK(points.back().y == Approx(0.0).margin(1.0));
            // Sanity: Abou Kamal is ~680 km east in zone 37, ~3.8e6 m north.
            CHECK(points[0].x == Approx(677'000).margin(5'000));
            CHECK(points[0].y == Approx(3'814'000).margin(5'000));
        }
    }
}

TEST_CASE("t_srs accepts PROJ strings, and a point the CRS cannot hold is skipped",
          "[output]") {
    TempDir dir;
    WriterOptions options;
    // An orthographic view centred on Syria: the far side of the globe has no coordinates.
    const char* ortho = "+proj=ortho +lat_0=35 +lon_0=40 +datum=WGS84 +units=m +no_defs";
    options.t_srs = ortho;
    auto writer = DatasetWriter::open(dir / "ortho.gpkg", options);
    auto layer = writer.layer(events_def());
    auto features = sample_events();
    CHECK(writer.write(layer, features[0]));
    features[1].geometry = LonLat{-140.0, -35.0};  // the antipode
    CHECK_FALSE(writer.write(layer, features[1]));
    features[2].geometry = LonLat{40.0, 95.0};  // not on the globe at all
    CHECK_FALSE(writer.write(layer, features[2]));
    writer.close();
    CHECK(writer.counts().written == 1);
    CHECK(writer.counts().skipped_invalid == 2);
    REQUIRE(writer.warnings().size() >= 2);
    CHECK_THAT(writer.warnings()[writer.warnings().size() - 2], Catch::Contains("ev-002"));
    CHECK_THAT(writer.warnings().back(), Catch::Contains("ev-003"));

    auto points = read_points(dir / "ortho.gpkg", "GPKG");
    XY want = proj_forward(ortho, 40.9184, 34.4529);
    REQUIRE(points.size() == 1);
    CHECK(points[0].x == Approx(want.x).margin(1.0));
    CHECK(points[0].y == Approx(want.y).margin(1.0));
}

TEST_CASE("KML and GeoJSONSeq refuse a t_srs other than WGS 84 instead of ignoring it",
          "[output]") {
    TempDir dir;
    for (const char* file : {"x.kml", "x.geojsonl"}) {
        WriterOptions options;
        options.t_srs = "EPSG:32637";
        CHECK_THROWS_AS(DatasetWriter::open(dir / file, options), geoevent::UsageError);
        options.t_srs = "EPSG:4326";
        CHECK_NOTHROW(DatasetWriter::open(dir / file, options));
    }
    CHECK(entries(dir.path()).empty());
}
