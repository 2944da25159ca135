#include "geoevent/event/eval.hpp"

#include <rapidjson/document.h>

#include <cmath>
#include <unordered_map>

#include "geoevent/date.hpp"
#include "geoevent/error.hpp"
#include "geoevent/toponym/eval.hpp"
#include "io/line_reader.hpp"

namespace geoevent::event {

namespace {


bool same_place(const Event& g, const Event& p, double max_km) {
    if (g.geonameid && g.geonameid == p.geonameid) return true;
    if ((g.latitude == 0 && g.longitude == 0) || (p.latitude == 0 && p.longitude == 0)) return false;
    return toponym::great_circle_km(g.latitude, g.longitude, p.latitude, p.longitude) <= max_km;
}

bool same_date(const Event& g, const Event& p) {
    auto dg = Date::parse_iso(g.date.iso), dp = Date::parse_iso(p.date.iso);
    if (!dg || !dp) return !dg && !dp;
    long tolerance = g.date.precision <= 1 ? 1 : g.date.precision == 2 ? 7 : 31;
    return std::labs(dg->days() - dp->days()) <= tolerance;
}

bool same_actors(const Event& g, const Event& p) {
    return g.actor1 == p.actor1 && (g.actor2.empty() || g.actor2 == p.actor2);
}

// Greedy one-to-one matching within an article.
std::size_t matches(const std::vector<Event>& gold, const std::vector<Event>& pred, int level, double max_km) {
    std::vector<bool> used(pred.size(), false);
    std::size_t tp = 0;
    for (auto& g : gold)
        for (std::size_t j = 0; j < pred.size(); ++j) {
            const Event& p = pred[j];
            if (used[j] || g.event_class != p.event_class || !same_place(g, p, max_km)) continue;
            if (level >= 1 && !same_date(g, p)) continue;
            if (level >= 2 && !same_actors(g, p)) continue;
            used[j] = true;
            ++tp;
            break;
        }
    return tp;
}


EventClass class_from(const std::string& s) {
    if (s == "control_status") return EventClass::control_status;
    if (s == "encirclement") return EventClass::encirclement;
    if (s == "withdrawal") return EventClass::withdrawal;
    if (s == "offensive") return EventClass::offensive;
    return EventClass::control_change;
}

}  // namespace

EventEvalResult evaluate_events(const std::vector<EventDocument>& gold, const std::vector<EventDocument>& predicted,
                                double max_km) {
    std::unordered_map<std::string, const EventDocument*> pred_by_id;
    for (auto& d : predicted) pred_by_id[d.id] = &d;
    static const std::vector<Event> none;
    EventEvalResult r;
    for (auto& g : gold) {
        ++r.documents;
        auto it = pred_by_id.find(g.id);
        const auto& pred = it == pred_by_id.end() ? none : it->second->events;
        if (g.events.empty()) r.events_at_gold_free_documents += pred.size();
        MatchScores* levels[] = {&r.place, &r.place_date, &r.full};
        for (int level = 0; level < 3; ++level) {
            levels[level]->gold += g.events.size();
            levels[level]->predicted += pred.size();
            levels[level]->true_positives += matches(g.events, pred, level, max_km);
        }
    }
    r.place.finish();
    r.place_date.finish();
    r.full.finish();
    return r;
}

std::vector<EventDocument> read_event_documents(const std::string& path) {
    io::LineReader lines(path);
    std::vector<EventDocument> docs;
    std::string_view line;
    auto str = [](const rapidjson::Value& o, const char* k) {
        return o.HasMember(k) && o[k].IsString() ? std::string(o[k].GetString(), o[k].GetStringLength()) : std::string();
    };
    auto num = [](const rapidjson::Value& o, const char* k, const char* alt) {
        for (const char* key : {k, alt})
            if (o.HasMember(key) && o[key].IsNumber()) return o[key].GetDouble();
        return 0.0;
    };
    while (lines.next(line)) {
        if (line.empty()) continue;
        rapidjson::Document d;
        d.Parse(line.data(), line.size());
        auto fail = [&](const std::string& m) {
            throw InputError(path, lines.line_number(), m, "each line must be {\"id\": …, \"events\": [ … ]}");
        };
        if (d.HasParseError() || !d.IsObject()) fail("not a JSON object");
        EventDocument doc;
        doc.id = str(d, "id");
        if (doc.id.empty()) fail("missing id");
        if (!d.HasMember("events") || !d["events"].IsArray()) fail("missing events array");
        for (auto& v : d["events"].GetArray()) {
            if (!v.IsObject()) fail("an event must be an object");
            Event e;
            e.event_class = class_from(str(v, "event_class"));
            e.geonameid = v.HasMember("geonameid") && v["geonameid"].IsUint() ? v["geonameid"].GetUint() : 0;
            e.latitude = num(v, "latitude", "lat");
            e.longitude = num(v, "longitude", "lon");
            e.date.iso = str(v, "event_date");
            e.date.precision = v.HasMember("time_precision") && v["time_precision"].IsInt() ? v["time_precision"].GetInt() : 1;
            e.actor1 = str(v, "actor1");
            e.actor2 = str(v, "actor2");
            e.location = str(v, "location");
            doc.events.push_back(std::move(e));
        }
        docs.push_back(std::move(doc));
    }
    return docs;
}

}  // namespace geoevent::event
