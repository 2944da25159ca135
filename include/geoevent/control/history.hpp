#pragma once
// Who controls each place, and since when, as of a date: the event stream folded into
// one history per place. Pure values; no GDAL or GEOS here.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "geoevent/date.hpp"
#include "geoevent/event/event.hpp"

namespace geoevent::control {

// One controller over one interval, [valid_from, valid_to).
struct Period {
    std::string controller;
    Date valid_from;
    std::optional<Date> valid_to;  // nullopt: still valid as of the date
    event::EventClass basis = event::EventClass::control_change;  // what established it
    std::string event_id;  // the event that established it
    std::string ended_by;  // the event that ended it; empty while valid
};

struct PlaceHistory {
    std::uint32_t geonameid = 0;  // 0 when the events had none
    std::string location;
    std::string country;  // ISO2
    double latitude = 0;
    double longitude = 0;
    std::vector<Period> periods;  // oldest first; never overlapping
    // The period valid on the as-of date, or null (never controlled, or withdrawn from).
    const Period* current() const noexcept;
};

// Events that did not enter any history, by reason; shown to the user, never thrown.
struct Ignored {
    std::uint64_t after_as_of = 0;
    std::uint64_t undated = 0;
    std::uint64_t no_actor = 0;      // control event without actor1
    std::uint64_t not_control = 0;   // encirclement, offensive
    std::uint64_t inconsistent = 0;  // a withdrawal by someone not holding the place
};

struct ControlHistory {
    Date as_of;
    std::vector<PlaceHistory> places;  // sorted by country, location, geonameid
    Ignored ignored;
};

// control_change: actor1 gains the place from the event's date. control_status: actor1
// holds it on that date (a new period only when the controller differs). withdrawal:
// actor1 loses it (the period ends; nobody is known to hold it after). Events dated after
// `as_of` are ignored. Events of one day are applied status, withdrawal, change, so that
// a report of the capture wins over a same-day report of who held the place.
ControlHistory compute_history(const std::vector<event::Event>& events, Date as_of);

}  // namespace geoevent::control
