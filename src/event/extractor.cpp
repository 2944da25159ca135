#include "geoevent/event/extractor.hpp"

#include <algorithm>
#include <span>
#include <unordered_set>

#include "event/compiled_lexicon.hpp"
#include "event/merge.hpp"
#include "event/segments.hpp"
#include "event/sentence_scan.hpp"
#include "event/word_cues.hpp"
#include "event/words.hpp"
#include "geoevent/event/dates.hpp"

namespace geoevent::event {

using namespace detail;

namespace {

// Keeps the events (and their parallel bookkeeping) for which `keep` is true.
template <class Keep>
void events_keep_if(std::vector<Event>& events, std::vector<std::size_t>& sentence, std::vector<bool>& dated,
                    std::vector<bool>& guessed, Keep keep) {
    std::size_t out = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (!keep(events[i])) continue;
        if (out != i) {
            events[out] = std::move(events[i]);
            sentence[out] = sentence[i];
            dated[out] = dated[i];
            guessed[out] = guessed[i];
        }
        ++out;
    }
    events.resize(out);
    sentence.resize(out);
    dated.resize(out);
    guessed.resize(out);
}

}  // namespace

Extractor::Extractor(const EventLexicon& lexicon) : m_lexicon(lexicon), m_compiled(compile_lexicon(lexicon)) {}

ExtractResult Extractor::extract_segment(const io::Article& article, const std::vector<toponym::Mention>& mentions,
                                         std::optional<Date> fallback_date) const {
    ExtractResult result;
    std::string lang = article.lang.empty() ? "en" : article.lang;
    const LanguageEventLexicon& L = m_lexicon.language(lang);

    const CompiledLanguage& C = m_compiled->language(L.language);
    // Sentences, their words and their word-table entries go into per-thread buffers that
    // keep their capacity from article to article: most articles are only split and probed
    // (no trigger), and allocating per sentence for that cost as much as the probing.
    using WordInfo = CompiledLanguage::WordInfo;
    struct Scratch {
        TextSplitter splitter;
        std::vector<const WordInfo*> infos;  // per word of the article
        std::vector<char> near_trigger;
        std::vector<SentenceHits> hits;  // per sentence
    };
    thread_local Scratch scratch;
    const std::span<Sentence> sentences = scratch.splitter.sentences(article.text);
    const std::span<Word> all_words = scratch.splitter.all_words();
    // Every word's entry (null when the lexicon does not know it), once per article.
    std::vector<const WordInfo*>& infos = scratch.infos;
    infos.resize(all_words.size());
    for (std::size_t k = 0; k < all_words.size(); ++k) {
        const WordInfo* info = C.info(all_words[k].key);
        infos[k] = info;
        if (info && info->filler) all_words[k].filler = true;
    }
    auto infos_of = [&](const Sentence& s) {
        return std::span<const WordInfo* const>(infos.data() + (s.words.data() - all_words.data()), s.words.size());
    };
    // Most articles name no control change at all: one flag per word says so.
    bool any_trigger = false;
    std::vector<char>& near_trigger = scratch.near_trigger;  // within two sentences of a possible trigger
    near_trigger.assign(sentences.size(), 0);
    for (std::size_t si = 0; si < sentences.size(); ++si) {
        bool anchor = false;
        auto words = sentences[si].words;
        const auto vi = infos_of(sentences[si]);
        for (std::size_t k = 0; k < words.size(); ++k) {
            anchor = anchor || (vi[k] && vi[k]->anchor);
            // "de" is a filler only in "de nouveau".
            if (k > 0 && words[k].key == "nouveau" && words[k - 1].key == "de") words[k - 1].filler = true;
        }
        if (anchor) {
            any_trigger = true;
            for (std::size_t k = si >= 2 ? si - 2 : 0; k < sentences.size() && k <= si + 2; ++k) near_trigger[k] = 1;
        }
    }

    std::optional<Date> published = Date::parse_iso(article.date.substr(0, std::min<std::size_t>(10, article.date.size())));
    if (!published) {
        // A dateline: the first full date in the first 300 characters (find_dateline).
        for (const Sentence& s : sentences) {
            if (s.start >= 300) break;
            if ((published = first_full_date(s.words, 300))) break;
        }
        result.date_from_text = published.has_value();
    }
    if (!published) published = fallback_date;
    result.date_missing = !published.has_value();
    if (!any_trigger) return result;

    // The dateline ("BEYROUTH, jeudi 9 novembre 2017 -") dates the article, not an event,
    // and its city is not an event's place.
    std::size_t dateline_end = 0;
    bool digit_early = false;  // every dateline has a number in its first words
    if (!sentences.empty())
        for (std::size_t k = 0; k < sentences.front().words.size() && k < 14; ++k) {
            char c = sentences.front().words[k].key[0];
            digit_early = digit_early || (c >= '0' && c <= '9');
        }
    if (digit_early) {
        const auto& w = sentences.front().words;
        for (auto& hit : find_dates(w, 0, std::min<std::size_t>(w.size(), 14), Date{9999, 12, 31})) {
            {
                // the date is followed by a dash within a few characters
                std::size_t last = std::min(w.size() - 1, hit.word + (hit.absolute ? 2 : 0));
                std::size_t date_end = w[last].end;
                std::size_t cp = 0, byte = 0;
                const std::string& t = article.text;
                while (byte < t.size() && cp < date_end) {
                    unsigned char c = static_cast<unsigned char>(t[byte]);
                    byte += c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
                    ++cp;
                }
                byte = std::min(byte, t.size());  // a truncated UTF-8 sequence at the end overshoots
                std::string_view rest(t.data() + byte, std::min<std::size_t>(12, t.size() - byte));
                for (const char* dash : {" - ", " – ", " — ", "(AFP)", " -- "})
                    if (auto at = rest.find(dash); at != std::string_view::npos) {
                        dateline_end = date_end + at + 2;
                        break;
                    }
                if (dateline_end) break;
            }
        }
    }

    // Pass 1: what every sentence names.
    std::vector<SentenceHits>& hits = scratch.hits;
    if (hits.size() < sentences.size()) hits.resize(sentences.size());
    std::unordered_set<const ActorDef*> named;  // actors the article names unambiguously
    for (std::size_t si = 0; si < sentences.size(); ++si) {
        const Sentence& s = sentences[si];
        // Sentences far from any trigger can neither hold an event nor be referred to by one.
        SentenceHits& h = hits[si];
        if (near_trigger[si]) scan(s, infos_of(s), h);
        else h.reset(&s);
        const auto& w = s.words;
        for (auto& m : mentions) {
            if (m.start < s.start || m.end > s.end || m.kind != toponym::MentionKind::place) continue;
            if (m.start < dateline_end) continue;
            std::size_t first = w.size(), last = w.size();
            for (std::size_t k = 0; k < w.size(); ++k) {
                if (first == w.size() && w[k].end > m.start) first = k;
                if (w[k].start < m.end) last = k;
            }
            if (first == w.size()) continue;
            h.places.push_back({&m, first, std::max(first, last), relative_location(w, infos_of(s), first)});
        }
        for (auto& a : h.actors)
            if (a.alternatives.empty()) named.insert(a.def);
    }

    // An alias several actors share: the one the article names outright, then the one
    // of the place's country.
    auto resolve_in = [&](const ActorHit& a, const std::string* country) -> const ActorDef* {
        if (a.alternatives.empty()) return a.def;
        std::vector<const ActorDef*> all{a.def};
        all.insert(all.end(), a.alternatives.begin(), a.alternatives.end());
        std::vector<const ActorDef*> pool;
        for (auto* d : all)
            if (named.count(d)) pool.push_back(d);
        bool any_named = !pool.empty();
        if (pool.empty()) pool = all;
        if (country)
            for (auto* d : pool)
                if (d->country == *country) return d;
        // "rebels", "insurgés": nobody in the article or the country says who.
        static const ActorDef unknown{};
        if (!any_named && all.size() > 2) return &unknown;
        return pool.front();
    };
    auto resolve = [&](const ActorHit& a, const toponym::Mention* place) {
        return resolve_in(a, place ? &place->country : nullptr);
    };

    const toponym::Mention* last_place = nullptr;
    const toponym::Mention* last_event_place = nullptr;
    struct Mentioned {
        std::size_t sentence;
        const ActorHit* hit;
    };
    std::vector<Mentioned> article_actors;  // non-ally actors in order of mention
    std::vector<std::size_t> event_sentence;
    std::vector<bool> event_dated;  // the date came from the text
    std::vector<bool> event_guessed;  // actor1 was not named in the event's clause
    const ActorDef* last_subject = nullptr;
    std::vector<Event> events;
    std::optional<EventDate> last_text_date;

    for (std::size_t si = 0; si < sentences.size(); ++si) {
        const SentenceHits& h = hits[si];
        const Sentence& s = *h.sentence;
        const auto& w = s.words;
        const auto vi = infos_of(s);  // the words' vocabulary entries
        const auto& actor_hits = h.actors;
        const auto& trigger_hits = h.triggers;
        std::size_t date_from = 0;
        while (date_from < w.size() && w[date_from].start < dateline_end) ++date_from;

        std::vector<std::string> allies;
        for (auto& a : actor_hits)
            if (a.ally) add_unique(allies, resolve(a, last_event_place)->name);
        const toponym::Mention* sentence_event_place = nullptr;

        const std::size_t events_before = events.size();
        for (std::size_t ti = 0; ti < trigger_hits.size(); ++ti) {
            const TriggerHit& t = trigger_hits[ti];
            std::size_t lo = ti == 0 ? 0 : trigger_hits[ti - 1].last + 1;
            std::size_t hi = ti + 1 < trigger_hits.size() ? trigger_hits[ti + 1].first : w.size();
            EventClass cls = t.def->event_class;
            Voice voice = t.def->voice;

            // Planned, hoped-for or denied: "pour reprendre", "preparing for an assault on".
            bool irrealis = false;
            for (std::size_t back = 1, seen = 0; back <= t.first && seen < 3; ++back) {
                const std::string_view k = w[t.first - back].key;
                if (is_filler(w, t.first - back)) continue;
                ++seen;
                if (has_cue(vi, t.first - back, kIrrealisCue) || (seen == 1 && k == "to" && voice != Voice::nominal)) irrealis = true;
            }
            for (std::size_t k = lo; k < t.first; ++k)
                if (has_cue(vi, k, kModalCue)) irrealis = true;
            for (std::size_t k = t.last + 1; k < hi && k <= t.last + 8; ++k)
                if (has_cue(vi, k, kImminentCue)) irrealis = true;
            if (irrealis) continue;

            auto in_gap = [&](const ActorHit& a) { return t.gap_end > t.gap_first && a.first >= t.gap_first && a.last < t.gap_end; };
            const ActorHit* subject = nullptr;
            for (auto& a : actor_hits)
                if (a.last < t.first && a.first >= lo && !a.ally && !a.agent && !a.loser) subject = &a;
            const ActorHit *agent_after = nullptr, *loser_after = nullptr, *plain_after = nullptr, *gap_actor = nullptr;
            for (auto& a : actor_hits) {
                if (in_gap(a) && !gap_actor) gap_actor = &a;
                if (a.first <= t.last || a.first >= hi || a.ally || in_gap(a)) continue;
                if (a.agent && !agent_after) agent_after = &a;
                else if (a.loser && !loser_after) loser_after = &a;
                else if (!a.agent && !a.loser && !plain_after) plain_after = &a;
            }
            // "avait été encerclée", "had been besieged": an active phrase read as passive.
            if (voice == Voice::active) {
                std::size_t k = t.first;
                while (k > 0 && is_filler(w, k - 1)) --k;
                if (k > 0 && is_be_auxiliary(w[k - 1].key) && t.def->event_class != EventClass::control_status)
                    voice = Voice::passive;
                // "X, reprise par l'armée": no subject, an agent after.
                else if (!subject && agent_after && !(t.gap_end > t.gap_first))
                    voice = Voice::passive;
            }

            const PlaceHit *place_before = nullptr, *place_after = nullptr;
            for (auto& p : h.places) {
                if (p.relative) continue;
                if (p.last < t.first && p.first >= lo && !place_before) place_before = &p;
                if (p.first > t.last && p.first < hi && !place_after) place_after = &p;
            }
            // Status verbs take their place as object, right after them.
            if (cls == EventClass::control_status && voice == Voice::active && place_after && place_after->first > t.last + 5)
                place_after = nullptr;
            const toponym::Mention* referent = last_event_place ? last_event_place : last_place;
            auto anaphora_in = [&](std::size_t from, std::size_t to) -> const toponym::Mention* {
                for (auto& [a, e] : h.place_anaphora)
                    if (a >= from && a < to && !relative_location(w, vi, a)) {
                        for (auto& p : h.places)  // "the town of Tabqa": the name itself
                            if (p.first >= e && p.first <= e + 2 && !p.relative) return p.mention;
                        return referent;
                    }
                return nullptr;
            };
            // "la chute de la ville ouvre la route de Damas": the anaphora comes first, unless
            // the place follows it ("la ville voisine de Kramatorsk", "the town of Tabqa").
            if (place_after && (voice == Voice::active || voice == Voice::nominal || voice == Voice::loss))
                for (auto& [a, e] : h.place_anaphora)
                    if (a > t.last && a < place_after->first && !relative_location(w, vi, a) && place_after->first > e + 2) {
                        place_after = nullptr;
                        break;
                    }
            // A relative clause: "which the jihadists had seized in December".
            auto relative_pronoun_before = [&] {
                for (std::size_t k = t.first; k > lo && k + 4 > t.first; --k)
                    if (in(w[k - 1].key, {"which", "que", "qu", "dont", "that"})) return true;
                return false;
            };

            // A coordinated subject ("l'armée irakienne et le Hachd al-Chaabi"): the first
            // actor leads, the others are associated actors.
            std::vector<const ActorHit*> co_subjects;
            if (subject) {
                for (auto it = actor_hits.rbegin(); it != actor_hits.rend(); ++it) {
                    if (&*it == subject || it->last >= subject->first || it->first < lo) continue;
                    bool coordinated = true, conjunction = it->last + 1 == subject->first;
                    for (std::size_t k = it->last + 1; k < subject->first; ++k) {
                        bool conj = in(w[k].key, {"et", "and", "with", "avec"});
                        conjunction = conjunction || conj;
                        coordinated = coordinated && (conj || (is_determiner(w[k].key) && !in(w[k].key, {"de", "d", "du", "des"})) ||
                                                      (k > it->last + 1 && in(w[k].key, {"de", "d", "du", "des"}) && in(w[k - 1].key, {"et", "and"})));
                    }
                    if (!coordinated || !conjunction) break;
                    co_subjects.push_back(subject);
                    subject = &*it;
                }
            }
            const ActorHit* subject_hit = subject;
            const ActorDef* anaphoric_subject = nullptr;
            if (!subject)
                for (auto& [a, e] : h.actor_anaphora)
                    if (a < t.first && a >= lo) anaphoric_subject = last_subject;

            const toponym::Mention* place = nullptr;
            const PlaceHit* direct_hit = nullptr;
            const ActorHit *a1 = nullptr, *a2 = nullptr;
            const ActorDef* a1_def = nullptr;
            bool direct = true;
            switch (voice) {
            case Voice::active:
                if (place_after) place = place_after->mention, direct_hit = place_after;
                else if ((place = anaphora_in(t.last + 1, hi))) direct = false;
                else if (relative_pronoun_before()) place = place_before ? place_before->mention : referent, direct = false;
                if (cls == EventClass::withdrawal) {
                    a1 = subject_hit;
                } else {
                    a1 = subject_hit;
                    a2 = loser_after ? loser_after : gap_actor ? gap_actor : plain_after;
                }
                if (!a1) a1_def = anaphoric_subject;
                break;
            case Voice::passive:
                if (place_before) place = place_before->mention, direct_hit = place_before;
                else if ((place = anaphora_in(lo, t.first))) direct = false;
                else if (place_after) place = place_after->mention, direct_hit = place_after;
                else if ((place = anaphora_in(t.last + 1, hi))) direct = false;
                // "X a annoncé que Y était libérée de l'emprise de Z": X the agent, Z the loser.
                a1 = agent_after ? agent_after : subject_hit;
                a2 = loser_after ? loser_after : plain_after;
                break;
            case Voice::fell:
                if (place_before) place = place_before->mention, direct_hit = place_before;
                else if ((place = anaphora_in(lo, t.first))) direct = false;
                a1 = plain_after ? plain_after : agent_after;
                break;
            case Voice::loss:
                if (place_after) place = place_after->mention, direct_hit = place_after;
                else if ((place = anaphora_in(t.last + 1, hi))) direct = false;
                if (cls == EventClass::withdrawal) {
                    a1 = subject_hit;
                    if (!a1) a1_def = anaphoric_subject;
                } else {
                    a2 = subject_hit;
                    a1 = agent_after;
                }
                break;
            case Voice::nominal:
                if (t.first > 0)
                    if (auto* d = vi[t.first - 1]; d && !d->demonym.empty()) a1_def = d->demonym.front();
                if (place_after) place = place_after->mention, direct_hit = place_after;
                else if ((place = anaphora_in(t.last + 1, hi))) direct = false;
                else if (cls == EventClass::offensive || cls == EventClass::encirclement)
                    place = sentence_event_place ? sentence_event_place : last_event_place, direct = false;
                if (cls == EventClass::withdrawal) {
                    // "le retrait des troupes ukrainiennes de Debaltseve"
                    a1 = plain_after && (!place_after || plain_after->first < place_after->first) ? plain_after : subject_hit;
                } else if (a1_def) {
                    a2 = loser_after ? loser_after : (cls == EventClass::offensive) ? plain_after : nullptr;
                } else {
                    a1 = subject_hit ? subject_hit : agent_after;
                    a2 = loser_after ? loser_after : (cls == EventClass::offensive && plain_after != a1) ? plain_after : nullptr;
                }
                break;
            }
            if (!place) continue;

            // Places named together ("al-Qaim and Rawa") share the event.
            std::vector<const toponym::Mention*> places{place};
            if (direct_hit) {
                std::size_t end = direct_hit->last;
                for (auto& p : h.places) {
                    if (p.first <= end || p.first >= hi || p.mention->geonameid == place->geonameid) continue;
                    bool joined = true;
                    for (std::size_t k = end + 1; k < p.first; ++k)
                        joined = joined && in(w[k].key, {"et", "and", "de", "d", "la", "le", "les", "ville", "villes",
                                                          "town", "towns", "of", "the", "localites", "villages"});
                    if (!joined) break;
                    places.push_back(p.mention);
                    end = p.last;
                }
            }

            // The date: the expression nearest the trigger within its clause, else in the
            // sentence, else the date of the story told so far, else the publication date.
            EventDate date{"", 3};
            bool dated = false;
            if (published) {
                auto pick = [&](std::size_t from, std::size_t to) -> std::optional<EventDate> {
                    auto found = find_dates(w, std::max(from, date_from), to, *published);
                    const DateHit* best = nullptr;
                    std::size_t best_dist = static_cast<std::size_t>(-1);
                    for (auto& d : found) {
                        std::size_t dist = d.word < t.first ? t.first - d.word : d.word > t.last ? d.word - t.last : 0;
                        if (dist < best_dist) best_dist = dist, best = &d;
                    }
                    return best ? std::optional<EventDate>(best->date) : std::nullopt;
                };
                // Within the clause, a date belongs to the trigger it is nearest to ("a repris
                // dimanche Palmyre, tombée aux mains de l'EI en mai 2015").
                std::size_t own_lo = lo, own_hi = hi;
                if (ti > 0) own_lo = std::max(lo, (trigger_hits[ti - 1].last + t.first) / 2 + 1);
                if (ti + 1 < trigger_hits.size()) own_hi = std::min(hi, (t.last + trigger_hits[ti + 1].first) / 2 + 1);
                auto d = pick(own_lo, own_hi);
                if (!d) d = pick(lo, hi);
                if (!d) d = pick(0, w.size());
                if (d) date = *d, dated = true;
                else if (last_text_date && events.size() > events_before) date = events.back().date, dated = true;
                else if (last_text_date && cls != EventClass::control_status) date = *last_text_date, dated = true;
                else date = EventDate{published->iso(), 1};
            } else {
                // No publication date: only an absolute date in the sentence can be trusted.
                auto found = find_dates(w, date_from, w.size(), Date{9999, 12, 31});
                for (auto& d : found)
                    if (d.absolute) date = d.date, dated = true;
            }
            // "held by ISIS since August": the place changed hands then.
            if (cls == EventClass::control_status) {
                bool since_month = false;
                if (published)
                    for (auto& d : find_dates(w, std::max(lo, date_from), hi, *published))
                        if (d.date.precision == 3 && d.word > 0 && in(w[d.word - 1].key, {"since", "depuis"})) {
                            since_month = true;
                            date = d.date;
                        }
                if (since_month) {
                    cls = EventClass::control_change;
                } else {
                    // "had been held by the jihadists since 2013": no longer true, and no usable date.
                    std::size_t k = t.first;
                    while (k > 0 && (is_filler(w, k - 1) || in(w[k - 1].key, {"been", "ete"}))) --k;
                    if (k > 0 && in(w[k - 1].key, {"had", "avait", "avaient", "etait", "etaient", "was", "were"})) continue;
                    if (published) date = EventDate{published->iso(), 1};
                }
            }

            if (cls == EventClass::control_status && !a1 && !a1_def && !anaphoric_subject) continue;
            for (const toponym::Mention* pl : places) {
                Event& e = events.emplace_back();  // built in place: an Event is costly to move
                e.event_class = cls;
                if (a1) e.actor1 = resolve(*a1, pl)->name;
                else if (a1_def) e.actor1 = a1_def->name;
                if (a2) e.actor2 = resolve(*a2, pl)->name;
                if (e.actor2 == e.actor1) e.actor2.clear();
                std::vector<std::string> co;
                for (auto* c : co_subjects) co.push_back(resolve(*c, pl)->name);
                // The other side is often named without a role cue ("Kirkuk, held by the
                // Peshmerga"), in this sentence: the nearest other actor.
                if (e.actor2.empty() && cls == EventClass::control_change) {
                    for (auto& a : actor_hits) {
                        const std::string& n = resolve(a, pl)->name;
                        if (!a.ally && !n.empty() && n != e.actor1 && std::find(co.begin(), co.end(), n) == co.end()) {
                            e.actor2 = n;
                            break;
                        }
                    }
                }
                bool guessed = e.actor1.empty();
                if (e.actor1.empty() && cls != EventClass::control_status && last_subject && last_subject->name != e.actor2)
                    e.actor1 = last_subject->name;
                e.location = pl->name;
                e.geonameid = pl->geonameid;
                e.latitude = pl->lat;
                e.longitude = pl->lon;
                e.country = pl->country;
                e.admin1 = pl->admin1;
                e.geo_precision = 1;
                for (auto& a : co)
                    if (a != e.actor1 && a != e.actor2) add_unique(e.assoc_actor_1, a);
                for (auto& a : actor_hits)
                    if (a.ally) {
                        const std::string& n = resolve(a, pl)->name;
                        if (n != e.actor1 && n != e.actor2) add_unique(e.assoc_actor_1, n);
                    }
                e.date = date;
                e.source_id = article.id;
                e.source_url = article.url;
                e.source = article.title.empty() ? article.source : article.title;
                if (published) e.source_date = published->iso();
                e.lang = lang;
                e.notes.emplace_back(s.text);
                e.confidence = 0.4 + (direct ? 0.2 : 0.05) + (e.actor1.empty() ? 0.0 : 0.2) +
                               (e.actor2.empty() ? 0.0 : 0.1) + (e.date.precision == 1 ? 0.1 : 0.0);
                event_sentence.push_back(si);
                event_dated.push_back(dated);
                event_guessed.push_back(guessed);
            }
            if (dated && cls != EventClass::control_status && date.precision <= 2) last_text_date = date;
            sentence_event_place = places.back();
            last_event_place = places.back();
        }
        // Allies named in a sentence that makes no event of its own ("the final assault
        // came with the support of Russian aircraft") join the article's latest event.
        if (events.size() == events_before && !allies.empty() && !events.empty()) {
            Event& last = events.back();
            for (auto& a : allies)
                if (a != last.actor1 && a != last.actor2) add_unique(last.assoc_actor_1, a);
            last.notes.emplace_back(s.text);
        }
        // Who "il"/"they"/"the group" is next: the actor of this sentence's last event,
        // else the sentence's first plain actor (its subject, most often).
        bool subject_set = false;
        for (std::size_t k = events.size(); k > events_before; --k)
            if (!events[k - 1].actor1.empty()) {
                last_subject = m_lexicon.actor(events[k - 1].actor1);
                subject_set = true;
                break;
            }
        for (auto& a : actor_hits) {
            if (!subject_set && !a.ally && !a.agent && !a.loser) {
                const ActorDef* d = resolve(a, last_event_place ? last_event_place : last_place);
                if (!d->name.empty()) last_subject = d, subject_set = true;
            }
            if (!a.ally) article_actors.push_back({si, &a});
        }
        for (auto& p : h.places)
            if (!p.relative) last_place = p.mention;
    }
    // A side named elsewhere in the article: the actor mentioned nearest to the event,
    // preferring one of the place's country ("the Iraqi forces" for Mosul).
    std::unordered_set<std::string> allied;  // actors the story names as someone's ally
    for (auto& e : events)
        for (auto& a : e.assoc_actor_1) allied.insert(a);
    auto nearest = [&](std::size_t i, auto&& skip) -> std::string {
        const Event& e = events[i];
        std::string best_name;
        long best = -1;
        for (auto& m : article_actors) {
            const ActorDef* def = resolve_in(*m.hit, &e.country);
            if (def->name.empty() || skip(def->name)) continue;
            long dist = static_cast<long>(m.sentence > event_sentence[i] ? m.sentence - event_sentence[i]
                                                                          : event_sentence[i] - m.sentence);
            long score = dist * 4 + (def->country == e.country ? 0 : 2) + (m.sentence < event_sentence[i] ? 1 : 0) +
                         (allied.count(def->name) ? 3 : 0);
            if (best < 0 || score < best) best = score, best_name = def->name;
        }
        return best_name;
    };
    // An offensive or encirclement with no named attacker, at a place that changed hands in
    // the same story: the sides of that change.
    for (std::size_t i = 0; i < events.size(); ++i) {
        Event& e = events[i];
        if (!event_guessed[i] || (e.event_class != EventClass::offensive && e.event_class != EventClass::encirclement)) continue;
        for (auto& c : events)
            if (c.event_class == EventClass::control_change && c.geonameid == e.geonameid && !c.actor1.empty()) {
                e.actor1 = c.actor1;
                e.actor2 = c.actor2;
                break;
            }
    }
    for (std::size_t i = 0; i < events.size(); ++i) {
        Event& e = events[i];
        if (e.actor1.empty() && e.event_class != EventClass::control_status && e.event_class != EventClass::withdrawal)
            e.actor1 = nearest(i, [&](const std::string& n) {
                return n == e.actor2 || std::find(e.assoc_actor_1.begin(), e.assoc_actor_1.end(), n) != e.assoc_actor_1.end();
            });
    }
    for (std::size_t i = 0; i < events.size(); ++i) {
        Event& e = events[i];
        if (!e.actor2.empty() || e.event_class == EventClass::control_status || e.event_class == EventClass::withdrawal)
            continue;
        for (auto& c : events)
            if (&c != &e && c.geonameid == e.geonameid && c.actor1 == e.actor1 && !c.actor2.empty()) {
                e.actor2 = c.actor2;
                break;
            }
        if (!e.actor2.empty()) continue;
        e.actor2 = nearest(i, [&](const std::string& n) {
            return n == e.actor1 || std::find(e.assoc_actor_1.begin(), e.assoc_actor_1.end(), n) != e.assoc_actor_1.end();
        });
    }
    // No known actor on either side ("le président a quitté Paris", "the company took
    // control of …"): not a territorial event. A withdrawal or an offensive needs its actor.
    events_keep_if(events, event_sentence, event_dated, event_guessed, [](const Event& e) {
        if (e.actor1.empty() && e.actor2.empty()) return false;
        if (e.actor1.empty() && (e.event_class == EventClass::withdrawal || e.event_class == EventClass::offensive ||
                                 e.event_class == EventClass::encirclement))
            return false;
        return true;
    });
    // A second mention whose sides were only guessed ("la chute de la ville") adds evidence
    // to the event that names them, instead of standing as an event of its own.
    {
        for (std::size_t i = 0; i < events.size(); ++i) {
            Event* named_event = nullptr;
            if (event_guessed[i])
                for (std::size_t j = 0; j < events.size() && !named_event; ++j)
                    if (j != i && !event_guessed[j] && events[j].geonameid == events[i].geonameid &&
                        events[j].event_class == events[i].event_class) {
                        auto a = Date::parse_iso(events[i].date.iso), b = Date::parse_iso(events[j].date.iso);
                        if (!a || !b || std::labs(a->days() - b->days()) <= 7) named_event = &events[j];
                    }
            if (named_event) {
                for (auto& n : events[i].notes) add_unique(named_event->notes, n);
                events[i].geonameid = 0;  // dropped below
            }
        }
        std::erase_if(events, [](const Event& e) { return e.geonameid == 0; });
    }
    // merge_events reads neither ids nor ACLED types: finalizing once, after it, gives
    // the same events.
    result.events = merge_events(std::move(events));
    for (auto& e : result.events) finalize(e, m_lexicon);
    return result;
}

ExtractResult Extractor::extract(const io::Article& article, const std::vector<toponym::Mention>& mentions,
                                 std::optional<Date> fallback_date) const {
    // A text no longer than a segment is one segment: no need to walk it to find out.
    if (article.text.size() <= detail::kSegmentBytes) return extract_segment(article, mentions, fallback_date);
    auto segments = detail::split_segments(article.text);
    if (segments.size() == 1) return extract_segment(article, mentions, fallback_date);

    // Every segment is dated like the article: by its `date`, else its dateline.
    std::optional<Date> published = Date::parse_iso(article.date.substr(0, std::min<std::size_t>(10, article.date.size())));
    if (!published) published = find_dateline(article.text);
    ExtractResult result;
    std::vector<Event> events;
    std::vector<std::size_t> order(mentions.size());  // mentions by start, walked once
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return mentions[a].start < mentions[b].start; });
    std::size_t next = 0;
    for (std::size_t k = 0; k < segments.size(); ++k) {
        const auto& seg = segments[k];
        io::Article part = article;
        part.text = article.text.substr(seg.byte_begin, seg.byte_end - seg.byte_begin);
        if (k > 0 && published) part.date = published->iso();
        std::vector<toponym::Mention> inside;
        for (; next < order.size() && mentions[order[next]].start < seg.cp_end; ++next) {
            const auto& m = mentions[order[next]];
            if (m.end > seg.cp_end) continue;  // cut by the segment boundary: no sentence holds it
            inside.push_back(m);
            inside.back().start -= seg.cp_begin;
            inside.back().end -= seg.cp_begin;
        }
        ExtractResult r = extract_segment(part, inside, fallback_date);
        if (k == 0) result.date_from_text = r.date_from_text, result.date_missing = r.date_missing;
        for (auto& e : r.events) events.push_back(std::move(e));
    }
    result.events = merge_events(std::move(events));
    for (auto& e : result.events) finalize(e, m_lexicon);
    return result;
}
}  // namespace geoevent::event
