#pragma once
// The event lexicons: actors with their aliases, triggers with their argument structure,
// and the cue words of roles (agent, loser, allies, place anaphora), one JSON file per
// language under lexicon/ (events.<lang>.json). Users add files with --lexicon.
#include <string>
#include <string_view>
#include <vector>

#include "geoevent/event/event.hpp"

namespace geoevent::event {

struct ActorDef {
    std::string name;  // canonical
    int inter = 0;     // ACLED actor type code
    std::string country;
    std::vector<std::string> aliases;
    // Nationality adjectives ("irakiennes", "Iraqi"): a military noun with one of them
    // ("policiers irakiens", "opérations antiterroristes irakiennes") names this actor.
    std::vector<std::string> demonyms;
};

// How a trigger's arguments sit around it:
//   active  — ACTOR1 trigger PLACE [loser-cue ACTOR2]       ("X a repris Y à Z")
//   passive — PLACE trigger [loser-cue ACTOR2] agent-cue ACTOR1  ("Y a été repris à Z par X")
//   loss    — ACTOR2 trigger PLACE [agent-cue ACTOR1]       ("X a perdu Y", "X withdrew from Y")
//   fell    — PLACE trigger ACTOR1                          ("Y fell to X", "Y est tombée aux mains de X")
//   nominal — [ACTOR1 …] trigger PLACE [loser-cue ACTOR2]    ("la reprise de Y", "the capture of Y from Z")
// A phrase may hold "..." for up to six words of any kind ("drove ... out of": the words in
// the gap may name ACTOR2). Adverbs and time words may sit between any two words of a
// phrase ("ont pris mardi le contrôle total de"). An active phrase right after a form of
// "être"/"be" is read as passive ("avait été encerclée", "had been besieged").
enum class Voice : std::uint8_t { active, passive, loss, fell, nominal };

struct TriggerDef {
    EventClass event_class = EventClass::control_change;
    Voice voice = Voice::active;
    std::vector<std::string> phrases;
};

struct LanguageEventLexicon {
    std::string language;
    std::vector<TriggerDef> triggers;
    std::vector<std::string> agent_cues;    // par, by
    std::vector<std::string> loser_cues;    // à, au, from
    std::vector<std::string> ally_cues;     // épaulé par, backed by
    std::vector<std::string> place_anaphora;  // la ville, the town
    std::vector<std::string> actor_anaphora;  // il, ils, the group
    std::vector<std::string> military_nouns;  // forces, troupes, soldats, army (see ActorDef::demonyms)
};

class EventLexicon {
public:
    // Loads <dir>/events.<lang>.json for each language, then each extra file (which may
    // add actors and triggers to a language). Throws ConfigError with the file and a JSON
    // pointer to the bad entry.
    static EventLexicon load(const std::string& dir, const std::vector<std::string>& languages = {"fr", "en"},
                             const std::vector<std::string>& extra_files = {});

    const std::vector<ActorDef>& actors() const noexcept { return m_actors; }
    const ActorDef* actor(std::string_view name) const noexcept;
    const LanguageEventLexicon& language(std::string_view lang) const;

private:
    void load_file(const std::string& path, const std::string& language);
    std::vector<ActorDef> m_actors;
    std::vector<LanguageEventLexicon> m_languages;
};

}  // namespace geoevent::event
