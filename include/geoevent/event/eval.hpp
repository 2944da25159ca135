#pragma once
// Scores predicted events against gold ones, article by article. An event matches when
// the class is the same, the place is within `max_km` of the gold place, the date within
// the gold precision's tolerance (1 day, 7 days, 31 days), and the actors agree (actor1
// always; actor2 when the gold names one). Looser levels are reported too, so a drop can
// be traced to places, dates or actors.
#include <cstddef>
#include <string>
#include <vector>

#include "geoevent/event/event.hpp"
#include "geoevent/scores.hpp"

namespace geoevent::event {

struct EventDocument {
    std::string id;
    std::vector<Event> events;
};

using MatchScores = PrecisionRecall;

struct EventEvalResult {
    std::size_t documents = 0;
    MatchScores place;       // class + place
    MatchScores place_date;  // + date
    MatchScores full;        // + actors
    std::size_t events_at_gold_free_documents = 0;  // predictions in articles with no gold event
};

EventEvalResult evaluate_events(const std::vector<EventDocument>& gold, const std::vector<EventDocument>& predicted,
                                double max_km = 25.0);

// Reads gold or predicted events from JSON Lines: {"id", "events": [{event_class, geonameid,
// latitude/longitude (or lat/lon), event_date, time_precision, actor1, actor2, assoc_actor_1}]}.
// Throws InputError with file and line on a malformed line.
std::vector<EventDocument> read_event_documents(const std::string& path);

}  // namespace geoevent::event
