#include <catch2/catch.hpp>

#include <fstream>

#include "geoevent/error.hpp"
#include "geoevent/gazetteer/index.hpp"
#include "geoevent/gazetteer/index_builder.hpp"
#include "geoevent/gazetteer/overlay.hpp"
#include "gazetteer/temp_dir.hpp"
#include "test_config.hpp"

using namespace geoevent::gazetteer;
using geoevent::test::TempDir;

namespace {
std::string write_file(const TempDir& dir, const std::string& name, const std::string& text) {
    auto path = dir / name;
    std::ofstream(path) << text;
    return path;
}
std::string sample() { return std::string(geoevent::test::data_dir) + "/gazetteer/cities_sample.txt"; }
}  // namespace

TEST_CASE("an overlay adds places and aliases and suppresses names at every build", "[gazetteer]") {
    TempDir dir;
    auto overlay = write_file(dir, "overlay.tsv",
                              "# local knowledge\n"
                              "place\t900000001\tAl-Tanf base\t33.5117\t38.6653\tMILB\tSY\t\t0\tTanf,At Tanf\n"
                              "alias\t174448\tAbu Kamal town\n"
                              "suppress\tParis\t4717560\n"
                              "suppress\tMosul\n");
    for (int rebuild = 0; rebuild < 2; ++rebuild) {  // survives rebuilds: applied every time
        IndexBuilder b({"sample", "", overlay});
        b.add_places_file(sample());
        auto path = dir / "o.gidx";
        auto report = b.write(path);
        CHECK(report.overlay_added == 1);
        CHECK(report.overlay_aliases == 1);
        auto index = Index::open(path);
        REQUIRE_FALSE(index.lookup("Tanf").empty());
        CHECK(index.lookup("Tanf").front().place.geonameid == 900000001);
        CHECK(index.lookup("Abu Kamal town").front().place.geonameid == 174448);
        LookupOptions us;
        us.country = "US";
        CHECK(index.lookup("Paris", us).empty());
        CHECK(index.lookup("Paris").front().place.geonameid == 2988507);
        for (auto& c : index.lookup("Mosul")) CHECK(c.match != MatchKind::exact);
    }
}

TEST_CASE("overlay errors name the file and line", "[gazetteer]") {
    TempDir dir;
    struct Case {
        std::string text;
        std::string message;
    };
    auto c = GENERATE(values<Case>({
        {"alias\t174448\n", ":1: `alias` takes 2"},
        {"# ok\nplace\t1\tX\t95\t0\tPPL\tSY\n", ":2: bad latitude"},
        {"place\t1\tX\t10\t0\tPPL\tSYR\n", ":1: bad country code"},
        {"rename\t1\tX\n", ":1: unknown directive 'rename'"},
        {"suppress\tX\tabc\n", ":1: bad geonameid"},
        {"alias\t1\t\xff\xfe\n", ":1: invalid UTF-8"},
    }));
    auto path = write_file(dir, "bad.tsv", c.text);
    try {
        Overlay::load(path);
        FAIL("accepted: " << c.text);
    } catch (const geoevent::InputError& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains(path + c.message));
        CHECK_FALSE(e.hint().empty());
    }
}
