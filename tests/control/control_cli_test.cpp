// End to end: `geoevent extract` on the Boukamal article, then `geoevent control` on its
// output, read back with plain OGR.
#include <catch2/catch.hpp>

#include <map>
#include <memory>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "cli/cli_runner.hpp"
#include "gazetteer/temp_dir.hpp"
#include "test_config.hpp"

using geoevent::test::run_cli;

namespace {

struct Close {
    void operator()(GDALDataset* ds) const noexcept { GDALClose(ds); }
};
using Dataset = std::unique_ptr<GDALDataset, Close>;

Dataset open(const std::string& path) {
    GDALAllRegister();
    return Dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
}

// By geonameid: `location` is GeoNames' spelling (Ālbū Kamāl, Rāwah, Al Qā’im).
std::map<long long, std::string> current_controllers(GDALDataset& ds) {
    std::map<long long, std::string> out;
    OGRLayer* layer = ds.GetLayerByName("control");
    REQUIRE(layer != nullptr);
    for (auto& f : *layer)
        if (f->GetFieldAsInteger("current") == 1) out[f->GetFieldAsInteger64("geonameid")] = f->GetFieldAsString("controller");
    return out;
}

}  // namespace

TEST_CASE("extract then control: who holds Abu Kamal, Rawah and Al Qa'im on 2017-11-10", "[control]") {
    geoevent::test::TempDir dir;
    std::string events = dir / "x.gpkg", control = dir / "c.gpkg";
    auto x = run_cli({"extract", std::string(geoevent::test::source_dir) + "/examples/boukamal.fr.txt", "-o", events,
                      "--quiet"});
    INFO(x.err);
    REQUIRE(x.code == 0);
    auto c = run_cli({"control", events, "--as-of", "2017-11-10", "-o", control});
    INFO(c.err);
    REQUIRE(c.code == 0);

    auto ds = open(control);
    REQUIRE(ds);
    auto held = current_controllers(*ds);
    CHECK(held[174448] == "Syrian government forces");  // Abu Kamal
    CHECK(held[92004] == "Islamic State");              // Rawah
    CHECK(held[92138] == "Iraqi government forces");    // Al Qa'im

    OGRLayer* control_layer = ds->GetLayerByName("control");
    auto* defn = control_layer->GetLayerDefn();
    CHECK(defn->GetFieldDefn(defn->GetFieldIndex("valid_from"))->GetType() == OFTDate);
    CHECK(defn->GetFieldDefn(defn->GetFieldIndex("valid_to"))->GetType() == OFTDate);
    for (auto& f : *control_layer) CHECK_FALSE(f->IsFieldSetAndNotNull(f->GetFieldIndex("valid_to")));

    OGRLayer* areas = ds->GetLayerByName("control_areas");
    REQUIRE(areas != nullptr);
    std::map<std::string, long long> places;
    for (auto& f : *areas) {
        CHECK(wkbFlatten(f->GetGeometryRef()->getGeometryType()) == wkbMultiPolygon);
        CHECK(std::string(f->GetFieldAsString("as_of")) == "2017/11/10");
        places[f->GetFieldAsString("controller")] = f->GetFieldAsInteger64("places");
    }
    CHECK(places == std::map<std::string, long long>{
                        {"Iraqi government forces", 1}, {"Islamic State", 1}, {"Syrian government forces", 1}});
}

TEST_CASE("before the events nothing is controlled, and --no-areas writes points only", "[control]") {
    geoevent::test::TempDir dir;
    std::string events = dir / "x.gpkg", control = dir / "c.gpkg";
    REQUIRE(run_cli({"extract", std::string(geoevent::test::source_dir) + "/examples/boukamal.fr.txt", "-o", events,
                     "--quiet"}).code == 0);
    auto c = run_cli({"control", events, "--as-of", "2017-11-08", "--no-areas", "-o", control, "--quiet"});
    INFO(c.err);
    REQUIRE(c.code == 0);
    auto ds = open(control);
    REQUIRE(ds);
    CHECK(ds->GetLayerByName("control_areas") == nullptr);
    auto held = current_controllers(*ds);
    CHECK(held.empty());
}

TEST_CASE("a bad --as-of or a missing events dataset is a clear error", "[control]") {
    geoevent::test::TempDir dir;
    auto bad_date = run_cli({"control", "x.gpkg", "--as-of", "2017-13-01", "-o", dir / "c.gpkg"});
    CHECK(bad_date.code == 2);
    CHECK(bad_date.err.find("hint:") != std::string::npos);
    auto missing = run_cli({"control", dir / "none.gpkg", "-o", dir / "c.gpkg"});
    CHECK(missing.code == 1);
    CHECK(missing.err.find("none.gpkg") != std::string::npos);
}

TEST_CASE("overlapping runs count each event once, and a one-layer format gets its areas beside it", "[control]") {
    geoevent::test::TempDir dir;
    std::string article = std::string(geoevent::test::source_dir) + "/examples/boukamal.fr.txt";
    REQUIRE(run_cli({"extract", article, "-o", dir / "x.gpkg", "--quiet"}).code == 0);
    REQUIRE(run_cli({"extract", article, "-o", dir / "x.geojson", "--quiet"}).code == 0);
    auto c = run_cli({"control", dir / "x.gpkg", dir / "x.geojson", "--as-of", "2017-11-10", "-o", dir / "c.geojson"});
    INFO(c.err);
    REQUIRE(c.code == 0);
    CHECK(c.err.find(" 3 events") != std::string::npos);
    auto points = open(dir / "c.geojson");
    REQUIRE(points);
    CHECK(current_controllers(*points).size() == 3);
    auto areas = open(dir / "c_areas.geojson");
    REQUIRE(areas);
    CHECK(areas->GetLayer(0)->GetFeatureCount() == 3);
}
