#include <algorithm>
#include <charconv>

#include "event/merge.hpp"
#include "geoevent/event/extractor.hpp"

namespace geoevent::event {

namespace detail {

void add_unique(std::vector<std::string>& v, const std::string& s) {
    if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

}  // namespace detail

using namespace detail;

namespace {

// FNV-1a of "class|geonameid|date|actor1|actor2", fed piece by piece: the same hash as
// over the joined string, without building it (one per event).
std::string make_id(const Event& e) {
    std::uint64_t h = 14695981039346656037ull;
    auto feed = [&h](std::string_view piece) {
        for (unsigned char c : piece) {
            h ^= c;
            h *= 1099511628211ull;
        }
    };
    char digits[16];
    const auto id_end = std::to_chars(digits, digits + sizeof digits, e.geonameid).ptr;
    feed(to_string(e.event_class));
    feed("|");
    feed(std::string_view(digits, static_cast<std::size_t>(id_end - digits)));
    feed("|");
    feed(e.date.iso);
    feed("|");
    feed(e.actor1);
    feed("|");
    feed(e.actor2);
    // "%016llx" without the printf machinery (it showed in profiles: one id per event).
    std::string id(16, '0');
    for (int d = 15; d >= 0; --d, h >>= 4) id[static_cast<std::size_t>(d)] = "0123456789abcdef"[h & 15];
    return id;
}

}  // namespace

std::vector<Event> merge_events(std::vector<Event> events) {
    auto days_apart = [](const Event& a, const Event& b) -> long {
        auto da = Date::parse_iso(a.date.iso), db = Date::parse_iso(b.date.iso);
        if (!da || !db) return 0;
        long diff = da->days() - db->days();
        return diff < 0 ? -diff : diff;
    };
    auto absorb = [](Event& into, const Event& from) {
        for (auto* a : {&from.actor1, &from.actor2})
            if (!a->empty() && *a != into.actor1 && *a != into.actor2) add_unique(into.assoc_actor_1, *a);
        for (auto& a : from.assoc_actor_1)
            if (a != into.actor1 && a != into.actor2) add_unique(into.assoc_actor_1, a);
        for (auto& n : from.notes) add_unique(into.notes, n);
        if (into.actor2.empty() && !from.actor2.empty() && from.actor2 != into.actor1) into.actor2 = from.actor2;
        into.confidence = std::max(into.confidence, from.confidence);
        if (from.date.precision < into.date.precision) into.date = from.date;
    };
    std::vector<bool> gone(events.size(), false);
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (gone[i]) continue;
        for (std::size_t j = 0; j < events.size(); ++j) {
            if (i == j || gone[j] || events[i].geonameid != events[j].geonameid) continue;
            Event& a = events[i];
            const Event& b = events[j];
            long apart = days_apart(a, b);
            bool same_class = a.event_class == b.event_class;
            bool compatible_actors = a.actor1.empty() || b.actor1.empty() || a.actor1 == b.actor1;
            // Two accounts of one change on the same day by allies ("the army" and "the militias entered").
            bool same_side = b.actor1 != a.actor2 && a.actor1 != b.actor2;
            bool preparatory = a.event_class == EventClass::control_change &&
                               (b.event_class == EventClass::encirclement || b.event_class == EventClass::offensive ||
                                (b.event_class == EventClass::withdrawal && (b.actor1 == a.actor2 || b.actor1.empty())));
            if ((same_class && compatible_actors && apart <= 7) || (same_class && same_side && apart <= 1 && i < j) ||
                (preparatory && apart <= 2)) {
                if (same_class && a.actor1.empty()) a.actor1 = b.actor1;
                Event copy = b;
                if (preparatory && b.event_class == EventClass::withdrawal) copy.actor1.clear();
                if (same_class) copy.date = b.date.precision < a.date.precision ? b.date : a.date;
                if (preparatory) copy.date = a.date;
                absorb(a, copy);
                gone[j] = true;
            }
        }
    }
    // The survivors, compacted in place (most events survive: none moves then).
    std::size_t kept = 0;
    for (std::size_t i = 0; i < events.size(); ++i)
        if (!gone[i]) {
            if (kept != i) events[kept] = std::move(events[i]);
            ++kept;
        }
    events.erase(events.begin() + static_cast<std::ptrdiff_t>(kept), events.end());
    // Most articles hold one event: stable_sort would still set up its buffer for it.
    if (events.size() > 1)
        std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
            if (a.date.iso != b.date.iso) return a.date.iso < b.date.iso;
            if (a.geonameid != b.geonameid) return a.geonameid < b.geonameid;
            return a.event_class < b.event_class;
        });
    return events;
}

void finalize(Event& e, const EventLexicon& lexicon) {
    const ActorDef* a1 = lexicon.actor(e.actor1);
    const ActorDef* a2 = lexicon.actor(e.actor2);
    e.inter1 = a1 ? a1->inter : 0;
    e.inter2 = a2 ? a2->inter : 0;
    switch (e.event_class) {
    case EventClass::control_change:
        e.event_type = "Battles";
        e.sub_event_type = e.inter1 == 1 ? "Government regains territory" : "Non-state actor overtakes territory";
        break;
    case EventClass::withdrawal:
        e.event_type = "Strategic developments";
        e.sub_event_type = "Non-violent transfer of territory";
        break;
    case EventClass::control_status:
        e.event_type = "Strategic developments";
        e.sub_event_type = "Other";
        break;
    case EventClass::encirclement:
    case EventClass::offensive:
        e.event_type = "Battles";
        e.sub_event_type = "Armed clash";
        break;
    }
    e.event_id = make_id(e);
}

}  // namespace geoevent::event
