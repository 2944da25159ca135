#pragma once
// A territorial-control event, with ACLED's fields where ACLED has them.
#include <cstdint>
#include <string>
#include <vector>

namespace geoevent::event {

enum class EventClass : std::uint8_t { control_change, control_status, encirclement, withdrawal, offensive };
const char* to_string(EventClass c) noexcept;

// ACLED time_precision: 1 = the day is known, 2 = within a week, 3 = within a month.
struct EventDate {
    std::string iso;  // YYYY-MM-DD, empty when unknown
    int precision = 3;
};

struct Event {
    std::string event_id;  // stable: same input, same id
    EventClass event_class = EventClass::control_change;
    std::string event_type;      // ACLED
    std::string sub_event_type;  // ACLED
    EventDate date;
    std::string actor1;  // gainer, controller, attacker, or the one withdrawing
    std::vector<std::string> assoc_actor_1;
    int inter1 = 0;
    std::string actor2;  // loser or target
    std::vector<std::string> assoc_actor_2;
    int inter2 = 0;
    std::string country;  // ISO2 of the place
    std::string admin1;
    std::string location;  // GeoNames name of the place
    std::uint32_t geonameid = 0;
    double latitude = 0;
    double longitude = 0;
    int geo_precision = 1;  // ACLED: 1 town, 2 near a town / district, 3 province
    std::string source_id;
    std::string source_url;
    std::string source;  // title or file
    std::string source_date;  // the article's publication date (YYYY-MM-DD), empty when unknown
    std::string lang;
    std::vector<std::string> notes;  // evidence sentences
    double confidence = 0;
};

}  // namespace geoevent::event
