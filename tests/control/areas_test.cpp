// Control areas against the bundled Natural Earth boundaries: the invariants a front-line
// map must keep, checked with GEOS independently of how the areas were built.
#include <catch2/catch.hpp>

#include <geos_c.h>

#include <map>

#include "geoevent/control/areas.hpp"
#include "test_config.hpp"

using namespace geoevent;

namespace {

const std::vector<control::CountryBoundary>& boundaries() {
    static const auto b = control::load_boundaries(std::string(test::source_dir) + "/gazetteer/boundaries/countries.geojson");
    return b;
}

// Owns a context and every geometry made through it.
struct Geos {
    GEOSContextHandle_t ctx = GEOS_init_r();
    std::vector<GEOSGeometry*> owned;
    ~Geos() {
        for (auto* g : owned) GEOSGeom_destroy_r(ctx, g);
        GEOS_finish_r(ctx);
    }
    GEOSGeometry* keep(GEOSGeometry* g) {
        REQUIRE(g != nullptr);
        owned.push_back(g);
        return g;
    }
    GEOSGeometry* wkt(const std::string& text) {
        GEOSWKTReader* r = GEOSWKTReader_create_r(ctx);
        GEOSGeometry* g = GEOSWKTReader_read_r(ctx, r, text.c_str());
        GEOSWKTReader_destroy_r(ctx, r);
        return keep(g);
    }
    GEOSGeometry* country(const std::string& iso2) {
        for (const auto& b : boundaries())
            if (b.iso2 == iso2) {
                GEOSWKBReader* r = GEOSWKBReader_create_r(ctx);
                GEOSGeometry* g = GEOSWKBReader_read_r(ctx, r, reinterpret_cast<const unsigned char*>(b.wkb.data()),
                                                       b.wkb.size());
                GEOSWKBReader_destroy_r(ctx, r);
                return keep(g);
            }
        FAIL("no boundary for " << iso2);
        return nullptr;
    }
    GEOSGeometry* point(double x, double y) { return keep(GEOSGeom_createPointFromXY_r(ctx, x, y)); }
    double area(const GEOSGeometry* g) {
        double a = 0;
        GEOSArea_r(ctx, g, &a);
        return a;
    }
};

const std::vector<control::Site> front = {
    {40.9171, 34.4506, "SY", "Syrian government forces"},  // Abu Kamal
    {40.4524, 35.0196, "SY", "Syrian government forces"},  // Al Mayadin
    {40.1408, 35.3359, "SY", "Syrian government forces"},  // Deir ez-Zor
    {36.2913, 33.5102, "SY", "Syrian government forces"},  // Damascus
    {39.0079, 35.9528, "SY", "Syrian Democratic Forces"},  // Raqqa
    {40.7500, 36.5000, "SY", "Syrian Democratic Forces"},  // Al-Hasakah area
    {41.0943, 34.3688, "IQ", "Iraqi government forces"},   // Al Qa'im
    {44.4009, 33.3406, "IQ", "Iraqi government forces"},   // Baghdad
    {43.1190, 36.3350, "IQ", "Iraqi government forces"},   // Mosul
    {41.9093, 34.4816, "IQ", "Islamic State"},             // Rawah
    {41.4400, 34.4600, "IQ", "Islamic State"},             // between Al Qa'im and Rawah
};

}  // namespace

TEST_CASE("the bundled boundaries load with ISO2 codes", "[control]") {
    CHECK(boundaries().size() > 200);
    std::size_t coded = 0;
    for (const auto& b : boundaries()) coded += !b.iso2.empty();
    CHECK(coded + 2 >= boundaries().size());
}

TEST_CASE("control areas: places in their controller's area, no overlap, within the countries", "[control]") {
    control::AreaOptions options;
    options.place_margin = 0;  // every site here is inland
    auto areas = control::control_areas(front, boundaries(), options);
    REQUIRE(areas.size() == 4);
    Geos g;
    GEOSGeometry* parts[] = {GEOSGeom_clone_r(g.ctx, g.country("SY")), GEOSGeom_clone_r(g.ctx, g.country("IQ"))};
    GEOSGeometry* both = g.keep(GEOSGeom_createCollection_r(g.ctx, GEOS_GEOMETRYCOLLECTION, parts, 2));
    GEOSGeometry* mask = g.keep(GEOSUnaryUnion_r(g.ctx, both));

    std::map<std::string, GEOSGeometry*> by_controller;
    double total = 0;
    for (const auto& a : areas) {
        INFO(a.controller);
        GEOSGeometry* geom = g.wkt(a.wkt);
        CHECK(GEOSGeomTypeId_r(g.ctx, geom) == GEOS_MULTIPOLYGON);
        CHECK(GEOSisValid_r(g.ctx, geom) == 1);
        by_controller[a.controller] = geom;
        total += g.area(geom);
        // Within the countries: nothing left outside the mask.
        CHECK(g.area(g.keep(GEOSDifference_r(g.ctx, geom, mask))) < 1e-9);
    }
    CHECK(by_controller.at("Syrian government forces") != nullptr);
    for (const auto& s : front) {
        INFO(s.controller << " at " << s.longitude << "," << s.latitude);
        CHECK(GEOSContains_r(g.ctx, by_controller.at(s.controller), g.point(s.longitude, s.latitude)) == 1);
    }
    for (auto a = by_controller.begin(); a != by_controller.end(); ++a)
        for (auto b = std::next(a); b != by_controller.end(); ++b) {
            INFO(a->first << " / " << b->first);
            CHECK(g.area(g.keep(GEOSIntersection_r(g.ctx, a->second, b->second))) < 1e-9);
        }
    // Together they cover both countries: no holes between cells.
    CHECK(total == Approx(g.area(mask)).epsilon(1e-6));
    std::uint64_t places = 0;
    for (const auto& a : areas) places += a.places;
    CHECK(places == front.size());
}

TEST_CASE("one place holds its whole country", "[control]") {
    auto areas = control::control_areas({{40.9171, 34.4506, "SY", "Syrian government forces"}}, boundaries());
    REQUIRE(areas.size() == 1);
    Geos g;
    CHECK(g.area(g.wkt(areas[0].wkt)) == Approx(g.area(g.country("SY"))).epsilon(1e-6));
}

TEST_CASE("a place the coastline leaves in the sea still lies in its area", "[control]") {
    // Off Latakia, outside the 1:50m coastline, yet reported as a Syrian place.
    control::Site site{35.70, 35.60, "SY", "Syrian government forces"};
    auto areas = control::control_areas({site, {36.2913, 33.5102, "SY", "Syrian Democratic Forces"}}, boundaries());
    Geos g;
    REQUIRE(GEOSContains_r(g.ctx, g.country("SY"), g.point(site.longitude, site.latitude)) == 0);
    REQUIRE(areas.size() == 2);
    CHECK(areas[0].controller == "Syrian Democratic Forces");
    CHECK(GEOSContains_r(g.ctx, g.wkt(areas[1].wkt), g.point(site.longitude, site.latitude)) == 1);
}

TEST_CASE("no places, no areas", "[control]") { CHECK(control::control_areas({}, boundaries()).empty()); }
