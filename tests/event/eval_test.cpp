#include <catch2/catch.hpp>

#include "cli/cli_runner.hpp"
#include "gazetteer/temp_dir.hpp"
#include "geoevent/event/eval.hpp"
#include "test_config.hpp"

using namespace geoevent;

namespace {
event::Event ev(event::EventClass c, std::uint32_t id, double lat, double lon, const char* date, int precision,
                const char* a1, const char* a2) {
    event::Event e;
    e.event_class = c;
    e.geonameid = id;
    e.latitude = lat;
    e.longitude = lon;
    e.date = {date, precision};
    e.actor1 = a1;
    e.actor2 = a2;
    return e;
}
}  // namespace

TEST_CASE("event scores separate place, date and actor errors", "[event]") {
    using event::EventClass;
    auto gold = ev(EventClass::control_change, 174448, 34.45226, 40.91854, "2017-11-09", 1, "A", "B");
    std::vector<event::EventDocument> g{{"d1", {gold}}, {"d2", {}}};
    SECTION("identical") {
        auto r = event::evaluate_events(g, g);
        CHECK(r.full.f1 == 1.0);
    }
    SECTION("place 20 km away by coordinates, other id: still the place") {
        auto p = gold;
        p.geonameid = 1;
        p.latitude += 0.15;  // ~17 km north
        auto r = event::evaluate_events(g, {{"d1", {p}}});
        CHECK(r.place.f1 == 1.0);
        CHECK(event::evaluate_events(g, {{"d1", {p}}}, 10.0).place.f1 == 0.0);
    }
    SECTION("two days off with day precision: place ok, date wrong") {
        auto p = gold;
        p.date.iso = "2017-11-07";
        auto r = event::evaluate_events(g, {{"d1", {p}}});
        CHECK(r.place.f1 == 1.0);
        CHECK(r.place_date.f1 == 0.0);
    }
    SECTION("wrong winner: only the actor level fails; events in gold-free articles are counted") {
        auto p = gold;
        p.actor1 = "B";
        auto r = event::evaluate_events(g, {{"d1", {p}}, {"d2", {gold}}});
        CHECK(r.place_date.recall == 1.0);
        CHECK(r.full.true_positives == 0);
        CHECK(r.events_at_gold_free_documents == 1);
    }
}

TEST_CASE("geoevent eval events scores an extract run against the dev set", "[event]") {
    test::TempDir dir;
    const std::string gold = std::string(test::data_dir) + "/events/dev.jsonl";
    const std::string pred = dir / "pred.geojson";
    auto r = test::run_cli({"extract", gold, "-o", pred, "--quiet", "--gazetteer", test::default_index,
                            "--lexicon-dir", std::string(test::source_dir) + "/lexicon"});
    REQUIRE(r.code == 0);
    r = test::run_cli({"eval", "events", gold, pred});
    CHECK(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains("documents                 51") && Catch::Contains("class + place + date + actors"));
    r = test::run_cli({"eval", "events", gold, pred, "--min-f1", "0.99"});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("below the required minimum"));
}
