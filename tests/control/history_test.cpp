// The as-of logic, table-driven: each case is a list of events at one place and what the
// history must be on the as-of date.
#include <catch2/catch.hpp>

#include "geoevent/control/history.hpp"

using namespace geoevent;
using event::EventClass;

namespace {

event::Event ev(const char* id, EventClass c, const char* date, const char* actor1, std::uint32_t place = 174448) {
    event::Event e;
    e.event_id = id;
    e.event_class = c;
    e.date.iso = date;
    e.actor1 = actor1;
    e.geonameid = place;
    e.location = "Abu Kamal";
    e.country = "SY";
    return e;
}

// "controller from..to" per period, to = "" when open.
std::vector<std::string> rows(const control::PlaceHistory& h) {
    std::vector<std::string> out;
    for (auto& p : h.periods)
        out.push_back(p.controller + " " + p.valid_from.iso() + ".." + (p.valid_to ? p.valid_to->iso() : ""));
    return out;
}

constexpr auto change = EventClass::control_change;
constexpr auto status = EventClass::control_status;
constexpr auto withdraw = EventClass::withdrawal;

struct Case {
    const char* name;
    std::vector<event::Event> events;
    const char* as_of;
    std::vector<std::string> expected;
    const char* current;  // controller on the as-of date, "" for none
};

}  // namespace

TEST_CASE("history and as-of logic", "[control]") {
    const std::vector<Case> cases = {
        {"taken", {ev("a", change, "2017-11-09", "SAA")}, "2017-11-10", {"SAA 2017-11-09.."}, "SAA"},
        {"taken on the as-of day counts", {ev("a", change, "2017-11-10", "SAA")}, "2017-11-10",
         {"SAA 2017-11-10.."}, "SAA"},
        {"taken, then retaken",
         {ev("a", change, "2014-06-25", "IS"), ev("b", change, "2017-11-09", "SAA"), ev("c", change, "2017-11-19", "IS"),
          ev("d", change, "2017-11-22", "SAA")},
         "2018-01-01",
         {"IS 2014-06-25..2017-11-09", "SAA 2017-11-09..2017-11-19", "IS 2017-11-19..2017-11-22", "SAA 2017-11-22.."},
         "SAA"},
        {"events after the as-of date are ignored",
         {ev("a", change, "2014-06-25", "IS"), ev("b", change, "2017-11-09", "SAA")}, "2017-11-08",
         {"IS 2014-06-25.."}, "IS"},
        {"nothing known before the first event", {ev("a", change, "2017-11-09", "SAA")}, "2017-11-01", {}, ""},
        {"status starts a period when nothing was known", {ev("a", status, "2017-11-09", "IS")}, "2017-12-01",
         {"IS 2017-11-09.."}, "IS"},
        {"status of the same controller keeps the earlier start",
         {ev("a", change, "2014-06-25", "IS"), ev("b", status, "2017-11-09", "IS")}, "2017-12-01",
         {"IS 2014-06-25.."}, "IS"},
        {"status of another controller ends the period",
         {ev("a", change, "2014-06-25", "IS"), ev("b", status, "2017-11-09", "SAA")}, "2017-12-01",
         {"IS 2014-06-25..2017-11-09", "SAA 2017-11-09.."}, "SAA"},
        {"withdrawal ends the period, nobody after",
         {ev("a", change, "2014-06-25", "IS"), ev("b", withdraw, "2017-11-09", "IS")}, "2017-12-01",
         {"IS 2014-06-25..2017-11-09"}, ""},
        {"withdrawal by someone not holding the place is ignored",
         {ev("a", change, "2014-06-25", "IS"), ev("b", withdraw, "2017-11-09", "SAA")}, "2017-12-01",
         {"IS 2014-06-25.."}, "IS"},
        {"same day: the capture wins over the status report",
         {ev("b", change, "2017-11-09", "SAA"), ev("a", status, "2017-11-09", "IS")}, "2017-11-09",
         {"SAA 2017-11-09.."}, "SAA"},
        {"order of input does not matter",
         {ev("b", change, "2017-11-09", "SAA"), ev("a", change, "2014-06-25", "IS")}, "2017-12-01",
         {"IS 2014-06-25..2017-11-09", "SAA 2017-11-09.."}, "SAA"},
    };
    for (const auto& c : cases) {
        SECTION(c.name) {
            auto h = control::compute_history(c.events, *Date::parse_iso(c.as_of));
            std::vector<std::string> got;
            const control::Period* cur = nullptr;
            if (!h.places.empty()) {
                REQUIRE(h.places.size() == 1);
                got = rows(h.places[0]);
                cur = h.places[0].current();
            }
            CHECK(got == c.expected);
            CHECK((cur ? cur->controller : std::string()) == c.current);
        }
    }
}

TEST_CASE("places are kept apart and non-control events are counted, not used", "[control]") {
    std::vector<event::Event> events = {ev("a", change, "2017-11-09", "SAA", 174448),
                                        ev("b", change, "2017-11-03", "ISF", 98182),
                                        ev("c", EventClass::encirclement, "2017-11-08", "SAA", 174448),
                                        ev("d", change, "", "SAA", 174448), ev("e", change, "2017-11-09", "", 174448),
                                        ev("f", change, "2017-12-01", "IS", 174448)};
    auto h = control::compute_history(events, *Date::parse_iso("2017-11-10"));
    REQUIRE(h.places.size() == 2);
    CHECK(h.ignored.not_control == 1);
    CHECK(h.ignored.undated == 1);
    CHECK(h.ignored.no_actor == 1);
    CHECK(h.ignored.after_as_of == 1);
    for (auto& p : h.places) {
        REQUIRE(p.current());
        CHECK(p.current()->controller == (p.geonameid == 174448 ? "SAA" : "ISF"));
        CHECK(p.current()->event_id == (p.geonameid == 174448 ? "a" : "b"));
    }
}
