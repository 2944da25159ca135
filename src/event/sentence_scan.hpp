#pragma once
// The first pass over an article: what each sentence names (actors, triggers, role cues,
// anaphora, places), before any event is built.
#include <cstddef>
#include <span>
#include <utility>
#include <vector>

#include "event/compiled_lexicon.hpp"
#include "event/words.hpp"
#include "geoevent/toponym/mention.hpp"

namespace geoevent::event::detail {

struct ActorHit {
    const ActorDef* def;
    std::vector<const ActorDef*> alternatives;  // other actors sharing the alias ("government forces")
    std::size_t first, last;                     // word indexes
    bool ally = false;
    bool agent = false;  // introduced by "par"/"by"
    bool loser = false;  // introduced by "à"/"from"
};

struct TriggerHit {
    const TriggerDef* def;
    std::size_t first, last;
    std::size_t gap_first = 0, gap_end = 0;
};

struct PlaceHit {
    const toponym::Mention* mention;
    std::size_t first, last;  // words
    bool relative = false;
};

// What one sentence contains, found before any event is built (the whole article is
// scanned first, so an alias shared by several actors can be read in the light of the
// actors the article names unambiguously).
struct SentenceHits {
    const Sentence* sentence;
    std::vector<ActorHit> actors;
    std::vector<TriggerHit> triggers;
    std::vector<std::size_t> ally_cue_ends, agent_cue_ends, loser_cue_ends;
    std::vector<std::pair<std::size_t, std::size_t>> place_anaphora, actor_anaphora;  // [first, end)
    std::vector<PlaceHit> places;

    // Empty, keeping the vectors' capacity (one SentenceHits per sentence is reused from
    // article to article).
    void reset(const Sentence* s) {
        sentence = s;
        actors.clear(), triggers.clear();
        ally_cue_ends.clear(), agent_cue_ends.clear(), loser_cue_ends.clear();
        place_anaphora.clear(), actor_anaphora.clear();
        places.clear();
    }
};

// Fills `h` (reset to s) with what s names. `vi` are the words' vocabulary entries.
void scan(const Sentence& s, std::span<const CompiledLanguage::WordInfo* const> vi, SentenceHits& h);

}  // namespace geoevent::event::detail
