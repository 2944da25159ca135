#include "geoevent/control/history.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace geoevent::control {

using event::EventClass;

const Period* PlaceHistory::current() const noexcept {
    if (periods.empty() || periods.back().valid_to) return nullptr;
    return &periods.back();
}

namespace {

// Without a geonameid, a place is its name at its coordinates (to about 10 m), so two
// runs that rounded differently still meet.
using PlaceKey = std::tuple<std::uint32_t, std::string, long, long>;

PlaceKey key_of(const event::Event& e) {
    if (e.geonameid != 0) return {e.geonameid, {}, 0, 0};
    return {0, e.location, std::lround(e.latitude * 1e4), std::lround(e.longitude * 1e4)};
}

int same_day_rank(EventClass c) {
    switch (c) {
    case EventClass::control_status: return 0;
    case EventClass::withdrawal: return 1;
    default: return 2;
    }
}

struct Dated {
    Date date;
    const event::Event* event;
};

void close(PlaceHistory& h, Date date, const std::string& by) {
    Period& p = h.periods.back();
    // A period that ends the day it begins says nothing on any day; drop it.
    if (p.valid_from == date) {
        h.periods.pop_back();
        return;
    }
    p.valid_to = date;
    p.ended_by = by;
}

void apply(PlaceHistory& h, const Dated& d, Ignored& ignored) {
    const event::Event& e = *d.event;
    const Period* cur = h.current();
    if (e.event_class == EventClass::withdrawal) {
        if (!cur || cur->controller != e.actor1) {
            ++ignored.inconsistent;
            return;
        }
        close(h, d.date, e.event_id);
        return;
    }
    if (cur && cur->controller == e.actor1) return;  // already known; keep the earlier start
    if (cur) close(h, d.date, e.event_id);
    h.periods.push_back({e.actor1, d.date, std::nullopt, e.event_class, e.event_id, {}});
}

}  // namespace

ControlHistory compute_history(const std::vector<event::Event>& events, Date as_of) {
    ControlHistory out;
    out.as_of = as_of;
    std::map<PlaceKey, std::vector<Dated>> by_place;
    for (const auto& e : events) {
        if (e.event_class != EventClass::control_change && e.event_class != EventClass::control_status &&
            e.event_class != EventClass::withdrawal) {
            ++out.ignored.not_control;
            continue;
        }
        auto date = Date::parse_iso(e.date.iso);
        if (!date) {
            ++out.ignored.undated;
            continue;
        }
        if (*date > as_of) {
            ++out.ignored.after_as_of;
            continue;
        }
        if (e.actor1.empty()) {
            ++out.ignored.no_actor;
            continue;
        }
        by_place[key_of(e)].push_back({*date, &e});
    }
    for (auto& [key, dated] : by_place) {
        // event_id last, so the same events in any order give the same history.
        std::sort(dated.begin(), dated.end(), [](const Dated& a, const Dated& b) {
            return std::tuple(a.date, same_day_rank(a.event->event_class), a.event->event_id) <
                   std::tuple(b.date, same_day_rank(b.event->event_class), b.event->event_id);
        });
        const event::Event& first = *dated.front().event;
        PlaceHistory h;
        h.geonameid = first.geonameid;
        h.location = first.location;
        h.country = first.country;
        h.latitude = first.latitude;
        h.longitude = first.longitude;
        for (const auto& d : dated) apply(h, d, out.ignored);
        out.places.push_back(std::move(h));
    }
    std::sort(out.places.begin(), out.places.end(), [](const PlaceHistory& a, const PlaceHistory& b) {
        return std::tie(a.country, a.location, a.geonameid) < std::tie(b.country, b.location, b.geonameid);
    });
    return out;
}

}  // namespace geoevent::control
