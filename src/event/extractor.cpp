#include "geoevent/event/extractor.hpp"

#include <algorithm>
#include <memory>
#include <unordered_map>
#include <cstdio>

#include "event/words.hpp"
#include "geoevent/event/dates.hpp"

namespace geoevent::event {

using namespace detail;

namespace {

struct ActorHit {
    const ActorDef* def;
    std::vector<const ActorDef*> alternatives;  // other actors sharing the alias ("government forces")
    std::size_t first, last;  // word indexes
    bool ally = false;
    bool agent = false;  // introduced by "par"/"by"
    bool loser = false;  // introduced by "à"/"from"
};

struct TriggerHit {
    const TriggerDef* def;
    std::size_t first, last;
};

struct PlaceHit {
    const toponym::Mention* mention;
    std::size_t word;
};

struct CompiledPhrase {
    Phrase phrase;
    std::string acronym;  // non-empty for all-capital single-word aliases
};

CompiledPhrase compile(const std::string& text) {
    CompiledPhrase c{to_phrase(text), {}};
    bool caps = text.size() <= 5 && std::all_of(text.begin(), text.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
    if (caps) c.acronym = text;
    return c;
}


}  // namespace

// Every phrase of a language, indexed by its first word: matching a sentence then costs
// one hash probe per word instead of a pass over every alias and trigger.
struct CompiledLanguage {
    enum class Kind : std::uint8_t { actor, trigger, ally, agent, loser, place_anaphora, actor_anaphora };
    struct Entry {
        Kind kind;
        const void* def;  // ActorDef* or TriggerDef*
        CompiledPhrase phrase;
    };
    std::string language;
    std::unordered_map<std::string, std::vector<Entry>> by_first;

    void add(Kind kind, const void* def, const std::string& text) {
        CompiledPhrase c = compile(text);
        if (!c.phrase.empty()) by_first[c.phrase.front()].push_back({kind, def, std::move(c)});
    }
};

struct CompiledLexicon {
    std::vector<CompiledLanguage> languages;
    const CompiledLanguage& language(std::string_view lang) const {
        for (auto& l : languages)
            if (l.language == lang) return l;
        return languages.front();
    }
};

namespace {

// Articles a cue word may be separated from its actor by: "par les forces", "by the army".
bool is_determiner(const std::string& k) {
    static const char* const dets[] = {"le", "la", "les", "l", "des", "du", "de", "d", "un", "une", "the", "a", "an", "groupe", "group"};
    for (auto d : dets)
        if (k == d) return true;
    return false;
}

std::string make_id(const Event& e) {
    std::string key = std::string(to_string(e.event_class)) + "|" + std::to_string(e.geonameid) + "|" + e.date.iso + "|" +
                      e.actor1 + "|" + e.actor2;
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : key) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

void add_unique(std::vector<std::string>& v, const std::string& s) {
    if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

}  // namespace

Extractor::Extractor(const EventLexicon& lexicon) : m_lexicon(lexicon) {
    auto compiled = std::make_shared<CompiledLexicon>();
    for (const std::string lang : {"fr", "en"}) {
        const LanguageEventLexicon& L = lexicon.language(lang);
        CompiledLanguage c;
        c.language = L.language;
        using Kind = CompiledLanguage::Kind;
        // Every actor's aliases are matched in every language: names cross languages.
        for (auto& a : lexicon.actors())
            for (auto& alias : a.aliases) c.add(Kind::actor, &a, alias);
        for (auto& t : L.triggers)
            for (auto& p : t.phrases) c.add(Kind::trigger, &t, p);
        for (auto& p : L.ally_cues) c.add(Kind::ally, nullptr, p);
        for (auto& p : L.agent_cues) c.add(Kind::agent, nullptr, p);
        for (auto& p : L.loser_cues) c.add(Kind::loser, nullptr, p);
        for (auto& p : L.place_anaphora) c.add(Kind::place_anaphora, nullptr, p);
        for (auto& p : L.actor_anaphora) c.add(Kind::actor_anaphora, nullptr, p);
        if (std::none_of(compiled->languages.begin(), compiled->languages.end(),
                         [&](auto& x) { return x.language == c.language; }))
            compiled->languages.push_back(std::move(c));
    }
    m_compiled = std::move(compiled);
}

ExtractResult Extractor::extract(const io::Article& article, const std::vector<toponym::Mention>& mentions,
                                 std::optional<Date> fallback_date) const {
    ExtractResult result;
    std::string lang = article.lang.empty() ? "en" : article.lang;
    const LanguageEventLexicon& L = m_lexicon.language(lang);

    std::optional<Date> published = Date::parse_iso(article.date.substr(0, std::min<std::size_t>(10, article.date.size())));
    if (!published) {
        published = find_dateline(article.text);
        result.date_from_text = published.has_value();
    }
    if (!published) published = fallback_date;
    result.date_missing = !published.has_value();

    const CompiledLanguage& C = m_compiled->language(L.language);
    using Kind = CompiledLanguage::Kind;

    const toponym::Mention* last_place = nullptr;
    struct Mentioned {
        std::size_t sentence;
        std::vector<const ActorDef*> defs;  // the alias's actor, then others sharing it
    };
    std::vector<Mentioned> article_actors;  // non-ally actors in order of mention
    std::vector<std::size_t> event_sentence;
    std::size_t sentence_index = 0;
    const ActorDef* last_subject = nullptr;
    std::vector<Event> events;

    for (const Sentence& s : split_sentences(article.text)) {
        const auto& w = s.words;
        std::vector<ActorHit> actor_hits;
        std::vector<TriggerHit> trigger_hits;
        std::vector<std::size_t> ally_cue_ends, agent_cue_ends, loser_cue_ends, place_anaphora_at, actor_anaphora_at;
        for (std::size_t i = 0; i < w.size();) {
            auto found = C.by_first.find(w[i].key);
            if (found == C.by_first.end()) {
                ++i;
                continue;
            }
            std::size_t best = 0, tbest = 0;
            const ActorDef* def = nullptr;
            const TriggerDef* tdef = nullptr;
            std::vector<const ActorDef*> alternatives;
            std::size_t ally = 0, agent = 0, loser = 0;
            bool place_ana = false, actor_ana = false;
            for (const auto& entry : found->second) {
                if (!matches_at(w, i, entry.phrase.phrase, entry.phrase.acronym)) continue;
                std::size_t n = entry.phrase.phrase.size();
                switch (entry.kind) {
                case Kind::actor: {
                    auto* a = static_cast<const ActorDef*>(entry.def);
                    if (n > best) best = n, def = a, alternatives.clear();
                    else if (n == best && a != def &&
                             std::find(alternatives.begin(), alternatives.end(), a) == alternatives.end())
                        alternatives.push_back(a);
                    break;
                }
                case Kind::trigger:
                    if (n > tbest) tbest = n, tdef = static_cast<const TriggerDef*>(entry.def);
                    break;
                case Kind::ally: ally = std::max(ally, n); break;
                case Kind::agent: agent = std::max(agent, n); break;
                case Kind::loser: loser = std::max(loser, n); break;
                case Kind::place_anaphora: place_ana = true; break;
                case Kind::actor_anaphora: actor_ana = true; break;
                }
            }
            if (ally) ally_cue_ends.push_back(i + ally);
            if (agent) agent_cue_ends.push_back(i + agent);
            if (loser) loser_cue_ends.push_back(i + loser);
            if (place_ana) place_anaphora_at.push_back(i);
            if (actor_ana) actor_anaphora_at.push_back(i);
            if (tbest >= best && tdef) {
                trigger_hits.push_back({tdef, i, i + tbest - 1});
                i += tbest;
            } else if (def) {
                actor_hits.push_back({def, alternatives, i, i + best - 1});
                i += best;
            } else {
                ++i;
            }
        }
        // Role markers: the cue ends right before the actor (determiners may sit between).
        auto introduced_by = [&](const std::vector<std::size_t>& cue_ends, std::size_t first) {
            for (std::size_t end : cue_ends) {
                if (end > first) continue;
                bool only_dets = true;
                for (std::size_t k = end; k < first; ++k) only_dets = only_dets && is_determiner(w[k].key);
                if (only_dets) return true;
            }
            return false;
        };
        for (auto& a : actor_hits) {
            a.agent = introduced_by(agent_cue_ends, a.first);
            a.loser = introduced_by(loser_cue_ends, a.first);
            // An ally cue makes every later actor of the sentence an ally, until a trigger.
            for (std::size_t end : ally_cue_ends) {
                if (end > a.first) continue;
                bool trigger_between = false;
                for (auto& t : trigger_hits) trigger_between = trigger_between || (t.first >= end && t.last < a.first);
                if (!trigger_between) a.ally = true;
            }
        }
        // Places of the sentence, by word index; only towns and villages carry events.
        std::vector<PlaceHit> places;
        for (auto& m : mentions) {
            if (m.start < s.start || m.end > s.end) continue;
            std::size_t word = w.size();
            for (std::size_t k = 0; k < w.size(); ++k)
                if (w[k].end > m.start) {
                    word = k;
                    break;
                }
            if (m.kind == toponym::MentionKind::place) places.push_back({&m, word});
        }

        std::vector<std::string> allies;
        for (auto& a : actor_hits)
            if (a.ally) add_unique(allies, a.def->name);

        const std::size_t events_before = events.size();
        for (std::size_t ti = 0; ti < trigger_hits.size(); ++ti) {
            const TriggerHit& t = trigger_hits[ti];
            std::size_t lo = ti == 0 ? 0 : trigger_hits[ti - 1].last + 1;
            std::size_t hi = ti + 1 < trigger_hits.size() ? trigger_hits[ti + 1].first : w.size();
            const ActorHit* subject = nullptr;
            for (auto& a : actor_hits)
                if (a.last < t.first && a.first >= lo && !a.ally && !a.agent && !a.loser) subject = &a;
            const ActorHit *agent_after = nullptr, *loser_after = nullptr, *plain_after = nullptr;
            for (auto& a : actor_hits) {
                if (a.first <= t.last || a.first >= hi || a.ally) continue;
                if (a.agent && !agent_after) agent_after = &a;
                else if (a.loser && !loser_after) loser_after = &a;
                else if (!a.agent && !a.loser && !plain_after) plain_after = &a;
            }
            const toponym::Mention *place_before = nullptr, *place_after = nullptr;
            for (auto& p : places) {
                if (p.word < t.first && p.word >= lo && !place_before) place_before = p.mention;
                if (p.word > t.last && p.word < hi && !place_after) place_after = p.mention;
            }
            auto anaphora_in = [&](std::size_t from, std::size_t to) {
                for (std::size_t k : place_anaphora_at)
                    if (k >= from && k < to) return last_place;
                return static_cast<const toponym::Mention*>(nullptr);
            };
            // A coordinated subject ("l'armée irakienne et le Hachd al-Chaabi"): the first
            // actor leads, the others are associated actors.
            std::vector<std::string> co_subjects;
            if (subject) {
                for (auto it = actor_hits.rbegin(); it != actor_hits.rend(); ++it) {
                    if (&*it == subject || it->last >= subject->first || it->first < lo) continue;
                    bool coordinated = true;
                    for (std::size_t k = it->last + 1; k < subject->first; ++k)
                        coordinated = coordinated && (w[k].key == "et" || w[k].key == "and" || is_determiner(w[k].key));
                    if (!coordinated) break;
                    co_subjects.push_back(subject->def->name);
                    subject = &*it;
                }
            }
            const ActorDef* subject_def = subject ? subject->def : nullptr;
            if (!subject_def)
                for (std::size_t k : actor_anaphora_at)
                    if (k < t.first && k >= lo) subject_def = last_subject;

            Event e;
            e.event_class = t.def->event_class;
            const toponym::Mention* place = nullptr;
            bool direct = true;
            switch (t.def->voice) {
            case Voice::active:
                place = place_after ? place_after : anaphora_in(t.last + 1, hi);
                direct = place_after != nullptr;
                e.actor1 = subject_def ? subject_def->name : "";
                if (const ActorHit* a2 = loser_after ? loser_after : plain_after) e.actor2 = a2->def->name;
                break;
            case Voice::passive:
                place = place_before ? place_before : anaphora_in(lo, t.first);
                direct = place_before != nullptr;
                if (const ActorHit* a1 = agent_after ? agent_after : plain_after) e.actor1 = a1->def->name;
                if (loser_after) e.actor2 = loser_after->def->name;
                break;
            case Voice::fell:
                place = place_before ? place_before : anaphora_in(lo, t.first);
                direct = place_before != nullptr;
                if (const ActorHit* a1 = plain_after ? plain_after : agent_after) e.actor1 = a1->def->name;
                break;
            case Voice::loss:
                place = place_after ? place_after : anaphora_in(t.last + 1, hi);
                direct = place_after != nullptr;
                if (e.event_class == EventClass::withdrawal) {
                    e.actor1 = subject_def ? subject_def->name : "";
                } else {
                    e.actor2 = subject_def ? subject_def->name : "";
                    if (agent_after) e.actor1 = agent_after->def->name;
                }
                break;
            }
            if (!place) continue;
            // An alias shared by several actors ("government forces") means the one of the
            // country the place is in.
            for (auto* role : {&e.actor1, &e.actor2}) {
                for (auto& a : actor_hits) {
                    if (a.def->name != *role || a.alternatives.empty() || a.def->country == place->country) continue;
                    for (auto* alt : a.alternatives)
                        if (alt->country == place->country) *role = alt->name;
                }
            }
            // The other side is often named without a role cue ("Kirkuk, held by the
            // Peshmerga"), in this sentence or an earlier one: the nearest other actor.
            if (e.actor2.empty() && e.event_class == EventClass::control_change) {
                for (auto& a : actor_hits)
                    if (!a.ally && a.def->name != e.actor1 &&
                        std::find(co_subjects.begin(), co_subjects.end(), a.def->name) == co_subjects.end()) {
                        e.actor2 = a.def->name;
                        break;
                    }
            }
            if (e.actor1.empty() && last_subject && last_subject->name != e.actor2) e.actor1 = last_subject->name;
            e.location = place->name;
            e.geonameid = place->geonameid;
            e.latitude = place->lat;
            e.longitude = place->lon;
            e.country = place->country;
            e.admin1 = place->admin1;
            e.geo_precision = 1;
            for (auto& a : co_subjects)
                if (a != e.actor1 && a != e.actor2) add_unique(e.assoc_actor_1, a);
            for (auto& a : allies)
                if (a != e.actor1 && a != e.actor2) add_unique(e.assoc_actor_1, a);
            if (published) {
                auto d = resolve_sentence_date(s.text, *published);
                e.date = d ? *d : EventDate{published->iso(), 1};
            } else {
                // No publication date: only an absolute date in the sentence can be trusted.
                auto d = resolve_sentence_date(s.text, Date{9999, 12, 31});
                e.date = d && d->precision == 1 ? *d : EventDate{"", 3};
            }
            e.source_id = article.id;
            e.source_url = article.url;
            e.source = article.title.empty() ? article.source : article.title;
            e.lang = lang;
            e.notes.push_back(s.text);
            e.confidence = 0.4 + (direct ? 0.2 : 0.05) + (e.actor1.empty() ? 0.0 : 0.2) + (e.actor2.empty() ? 0.0 : 0.1) +
                           (e.date.precision == 1 ? 0.1 : 0.0);
            if (!e.actor1.empty()) last_subject = m_lexicon.actor(e.actor1);
            event_sentence.push_back(sentence_index);
            events.push_back(std::move(e));
        }
        // Allies named in a sentence that makes no event of its own ("the final assault
        // came with the support of Russian aircraft") join the article's latest event.
        if (events.size() == events_before && !allies.empty() && !events.empty()) {
            Event& last = events.back();
            for (auto& a : allies)
                if (a != last.actor1 && a != last.actor2) add_unique(last.assoc_actor_1, a);
            last.notes.push_back(s.text);
        }
        for (auto& a : actor_hits) {
            if (!a.ally && !a.agent && !a.loser) last_subject = a.def;
            if (!a.ally) {
                Mentioned m{sentence_index, {a.def}};
                m.defs.insert(m.defs.end(), a.alternatives.begin(), a.alternatives.end());
                article_actors.push_back(std::move(m));
            }
        }
        ++sentence_index;
        if (!places.empty()) last_place = places.back().mention;
    }
    // A loser named elsewhere in the article: the actor mentioned nearest to the event.
    for (std::size_t i = 0; i < events.size(); ++i) {
        Event& e = events[i];
        if (!e.actor2.empty() || e.event_class == EventClass::control_status || e.event_class == EventClass::withdrawal)
            continue;
        std::size_t best = static_cast<std::size_t>(-1);
        for (auto& m : article_actors) {
            const ActorDef* def = m.defs.front();
            for (auto* d : m.defs)
                if (d->country == e.country) def = d;  // "government forces" of the place's country
            if (def->name == e.actor1 || std::find(e.assoc_actor_1.begin(), e.assoc_actor_1.end(), def->name) != e.assoc_actor_1.end())
                continue;
            std::size_t dist = m.sentence > event_sentence[i] ? m.sentence - event_sentence[i] : event_sentence[i] - m.sentence;
            if (dist < best) best = dist, e.actor2 = def->name;
        }
    }
    for (auto& e : events) finalize(e, m_lexicon);
    result.events = merge_events(std::move(events));
    for (auto& e : result.events) finalize(e, m_lexicon);
    return result;
}

std::vector<Event> merge_events(std::vector<Event> events) {
    auto within_week = [](const Event& a, const Event& b) {
        auto da = Date::parse_iso(a.date.iso), db = Date::parse_iso(b.date.iso);
        if (!da || !db) return true;
        long diff = da->days() - db->days();
        return diff >= -7 && diff <= 7;
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
            bool same_class = a.event_class == b.event_class;
            bool compatible_actors = a.actor1.empty() || b.actor1.empty() || a.actor1 == b.actor1;
            bool preparatory = a.event_class == EventClass::control_change &&
                               (b.event_class == EventClass::encirclement || b.event_class == EventClass::offensive ||
                                (b.event_class == EventClass::withdrawal && (b.actor1 == a.actor2 || b.actor1.empty())));
            if ((same_class && compatible_actors && within_week(a, b)) || (preparatory && within_week(a, b))) {
                if (same_class && a.actor1.empty()) a.actor1 = b.actor1;
                Event copy = b;
                if (preparatory && b.event_class == EventClass::withdrawal) copy.actor1.clear();
                if (same_class) copy.date = b.date.precision < a.date.precision ? b.date : a.date;
                absorb(a, copy);
                gone[j] = true;
            }
        }
    }
    std::vector<Event> out;
    for (std::size_t i = 0; i < events.size(); ++i)
        if (!gone[i]) out.push_back(std::move(events[i]));
    std::stable_sort(out.begin(), out.end(), [](const Event& a, const Event& b) {
        if (a.date.iso != b.date.iso) return a.date.iso < b.date.iso;
        if (a.geonameid != b.geonameid) return a.geonameid < b.geonameid;
        return a.event_class < b.event_class;
    });
    return out;
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
