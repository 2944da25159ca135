#include "event/sentence_scan.hpp"

#include <algorithm>
#include <cctype>

#include "event/word_cues.hpp"

namespace geoevent::event::detail {

namespace {

// Matches `c` at words[i]; on success `end` is one past its last word and [gap_first,
// gap_end) the words of its "..." gap (empty when none). `vi[k]` is the vocabulary entry
// of words[k] (null when the lexicon does not know it); every word of a phrase has one,
// so two keys are equal exactly when their entries are the same object.
template <class Info>
bool match_phrase(std::span<const Word> w, std::span<const Info* const> vi, std::size_t i,
                  const CompiledPhrase& c, bool allow_fillers, std::size_t& end, std::size_t& gap_first,
                  std::size_t& gap_end) {
    std::size_t k = i;
    gap_first = gap_end = 0;
    for (std::size_t p = 0; p < c.parts.size(); ++p) {
        const std::vector<const void*>& part = c.ids[p];
        auto same = [&](std::size_t j, std::size_t n) { return static_cast<const void*>(vi[j]) == part[n]; };
        auto part_at = [&](std::size_t at, std::size_t& after) {
            std::size_t j = at;
            for (std::size_t n = 0; n < part.size(); ++n) {
                if (n > 0 && allow_fillers)
                    while (j < w.size() && !same(j, n) && is_filler(w, j)) ++j;
                if (j >= w.size() || !same(j, n)) return false;
                ++j;
            }
            after = j;
            return true;
        };
        std::size_t after = 0;
        if (p == 0) {
            if (!part_at(k, after)) return false;
        } else {
            bool found = false;
            for (std::size_t g = 0; g <= kMaxGap && k + g < w.size(); ++g)
                if (part_at(k + g, after)) {
                    gap_first = k;
                    gap_end = k + g;
                    found = true;
                    break;
                }
            if (!found) return false;
        }
        k = after;
    }
    if (!c.acronym.empty() && w[i].surface != c.acronym) return false;
    end = k;
    return true;
}

}  // namespace

void scan(const Sentence& s, std::span<const CompiledLanguage::WordInfo* const> vi, SentenceHits& h) {
    using Kind = CompiledLanguage::Kind;
    h.reset(&s);
    const std::span<const Word> w = s.words;
    std::vector<const ActorDef*> alternatives;  // of the word's longest alias; emptied per word
    for (std::size_t i = 0; i < w.size();) {
        const CompiledLanguage::WordInfo* wi = vi[i];
        std::size_t best = 0, tbest = 0, tend = 0, tgap_first = 0, tgap_end = 0;
        const ActorDef* def = nullptr;
        const TriggerDef* tdef = nullptr;
        alternatives.clear();
        std::size_t ally = 0, agent = 0, loser = 0, place_ana = 0, actor_ana = 0;
        auto consider = [&](std::size_t e) {
            const auto& entry = wi->entries[e];
            std::size_t end = 0, gf = 0, ge = 0;
            bool trigger = entry.kind == Kind::trigger;
            if (!match_phrase(w, vi, i, entry.phrase, trigger, end, gf, ge)) return;
            std::size_t n = end - i;
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
                // The longest phrase wins; among equals, the one with more words of its own.
                if (n > tbest || (n == tbest && tdef && (entry.phrase.size > tend || (tgap_end > tgap_first && ge == gf)))) {
                    tbest = n, tdef = static_cast<const TriggerDef*>(entry.def), tend = entry.phrase.size;
                    tgap_first = gf, tgap_end = ge;
                }
                break;
            case Kind::ally: ally = std::max(ally, n); break;
            case Kind::agent: agent = std::max(agent, n); break;
            case Kind::loser: loser = std::max(loser, n); break;
            case Kind::place_anaphora: place_ana = std::max(place_ana, n); break;
            case Kind::actor_anaphora: actor_ana = std::max(actor_ana, n); break;
            }
        };
        if (wi && i + 1 < w.size() && is_filler(w, i + 1)) {
            // A trigger may skip the filler to its second word: every phrase is a candidate.
            for (std::size_t e = 0; e < wi->entries.size(); ++e) {
                // What match_phrase would find first: the second word is not there (and
                // is no filler a trigger could skip).
                if (const auto& sec = wi->second[e];
                    sec.word && !(static_cast<const void*>(vi[i + 1]) == sec.word || sec.fillers))
                    continue;
                consider(e);
            }
        } else if (wi) {
            // Only the phrases whose second word is the next word (none when the lexicon
            // does not know it), and those without a second word, in their order.
            const std::uint32_t *a = wi->always.data(), *a_end = a + wi->always.size();
            const std::uint32_t *g = nullptr, *g_end = nullptr;
            if (i + 1 < w.size() && vi[i + 1] && !wi->groups.empty())
                if (const auto* grp = wi->group(vi[i + 1]))
                    g = wi->grouped.data() + grp->begin, g_end = wi->grouped.data() + grp->end;
            while (a != a_end || g != g_end) {
                if (g == g_end || (a != a_end && *a < *g)) consider(*a++);
                else consider(*g++);
            }
        }
        if (ally) h.ally_cue_ends.push_back(i + ally);
        if (agent) h.agent_cue_ends.push_back(i + agent);
        if (loser) h.loser_cue_ends.push_back(i + loser);
        if (place_ana) h.place_anaphora.push_back({i, i + place_ana});
        if (actor_ana && !def) h.actor_anaphora.push_back({i, i + actor_ana});
        if (tdef && tbest >= best) {
            h.triggers.push_back({tdef, i, i + tbest - 1, tgap_first, tgap_end});
            // Words in a "..." gap are still read (the actor driven out sits there).
            i = tgap_end > tgap_first ? tgap_first : i + tbest;
            continue;
        }
        if (def) {
            h.actors.push_back({def, alternatives, i, i + best - 1});
            i += best;
            continue;
        }
        // A military noun with a nationality: "policiers irakiens", "les unités
        // antiterroristes irakiennes", "troupes françaises et maliennes"; or, in English,
        // "Iraqi military", "French and Malian troops".
        auto demonym_at = [&](std::size_t k) -> const ActorDef* {
            return k < w.size() && vi[k] && !vi[k]->demonym.empty() ? vi[k]->demonym.front() : nullptr;
        };
        auto military_at = [&](std::size_t k) { return k < w.size() && vi[k] && vi[k]->military; };
        auto is_conj = [&](std::size_t k) { return k < w.size() && in(w[k].key, {"et", "and"}); };
        if (!wi) {
            ++i;
            continue;
        }
        if (military_at(i)) {
            for (std::size_t k = i + 1; k < w.size() && k <= i + 4; ++k) {
                if (const ActorDef* d = demonym_at(k)) {
                    h.actors.push_back({d, {}, i, k});
                    i = k;
                    while (is_conj(i + 1) && demonym_at(i + 2)) {
                        h.actors.push_back({demonym_at(i + 2), {}, i + 2, i + 2});
                        i += 2;
                    }
                    break;
                }
                if (w[k].surface.size() && std::isupper(static_cast<unsigned char>(w[k].surface[0]))) break;
            }
        } else if (const ActorDef* d = demonym_at(i)) {
            if (military_at(i + 1)) {
                h.actors.push_back({d, {}, i, i + 1});
                ++i;
            } else if (is_conj(i + 1) && demonym_at(i + 2)) {
                h.actors.push_back({d, {}, i, i});  // "French" of "French and Malian troops"
            }
        }
        ++i;
    }
    // Role markers: the cue ends right before the actor, with only determiners between.
    // Linear in the sentence (a pathological one may hold thousands of actors and cues):
    // only the nearest cue before an actor can qualify, since a farther one spans more
    // words; `non_dets[k]` counts the non-determiners among the first k words.
    thread_local std::vector<std::size_t> non_dets;  // reused: one per scanned sentence otherwise
    non_dets.assign(w.size() + 1, 0);
    // The determiners are vocabulary words: their flag is one load away.
    for (std::size_t k = 0; k < w.size(); ++k) non_dets[k + 1] = non_dets[k] + (vi[k] && vi[k]->determiner ? 0 : 1);
    // The cue ends serve only as sorted sets from here on.
    for (auto* ends : {&h.agent_cue_ends, &h.loser_cue_ends, &h.ally_cue_ends}) std::sort(ends->begin(), ends->end());
    const auto &agent_ends = h.agent_cue_ends, &loser_ends = h.loser_cue_ends, &ally_ends = h.ally_cue_ends;
    auto introduced_by = [&](const std::vector<std::size_t>& cue_ends, std::size_t first) {
        // "par" + "les jihadistes": the cue swallowed the actor's determiner.
        if (vi[first] && vi[first]->determiner && std::binary_search(cue_ends.begin(), cue_ends.end(), first + 1)) return true;
        auto after = std::upper_bound(cue_ends.begin(), cue_ends.end(), first);
        if (after == cue_ends.begin()) return false;
        std::size_t end = *std::prev(after);
        return non_dets[first] == non_dets[end];
    };
    // An ally cue makes every later actor of the sentence an ally, until a trigger. Only
    // the latest cue before an actor matters: a trigger between it and the actor is also
    // between any earlier cue and the actor. Cues, triggers and actors are swept once in
    // sentence order; `min_last` is the earliest end of a trigger starting at or after the
    // latest cue.
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t next_cue = 0, next_trigger = 0, cue = none, min_last = none;
    for (auto& a : h.actors) {
        a.agent = introduced_by(agent_ends, a.first);
        a.loser = introduced_by(loser_ends, a.first);
        while (true) {
            bool cue_due = next_cue < ally_ends.size() && ally_ends[next_cue] <= a.first;
            bool trigger_due = next_trigger < h.triggers.size() && h.triggers[next_trigger].first < a.first;
            if (cue_due && (!trigger_due || ally_ends[next_cue] <= h.triggers[next_trigger].first)) {
                cue = ally_ends[next_cue++];
                min_last = none;
            } else if (trigger_due) {
                const auto& t = h.triggers[next_trigger++];
                if (cue != none && t.first >= cue) min_last = std::min(min_last, t.last);
            } else {
                break;
            }
        }
        if (cue != none && (min_last == none || min_last >= a.first)) a.ally = true, a.agent = false;
    }
}

}  // namespace geoevent::event::detail
