#include "event/compiled_lexicon.hpp"

#include "event/word_cues.hpp"

namespace geoevent::event {

using namespace detail;

namespace detail {

CompiledPhrase compile(const std::string& text) {
    CompiledPhrase c;
    std::size_t pos = 0;
    while (true) {
        std::size_t dots = text.find("...", pos);
        Phrase p = to_phrase(text.substr(pos, dots == std::string::npos ? std::string::npos : dots - pos));
        if (!p.empty()) {
            c.size += p.size();
            c.parts.push_back(std::move(p));
        }
        if (dots == std::string::npos) break;
        pos = dots + 3;
    }
    bool caps = text.size() <= 5 && std::all_of(text.begin(), text.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
    if (caps) c.acronym = text;
    return c;
}

}  // namespace detail

namespace {

// Words that make a move planned, hoped-for or denied rather than reported.
constexpr std::string_view kIrrealis[] = {
    "pour", "afin", "vouloir", "veut", "veulent", "voulait", "voulaient", "pourrait", "pourraient", "pourra",
    "pourront", "devrait", "devraient", "prepare", "preparent", "preparing", "prepares", "prepared",
    "could", "would", "will", "may", "might", "should", "plan", "plans", "planned", "planning", "aim",
    "aims", "aiming", "threatened", "threatens", "threaten", "menace", "menacent", "menacait", "tenter",
    "tente", "tentent", "try", "tries", "trying", "attempt", "attempting", "pas", "not", "never", "jamais",
    "failed", "echoue", "vowed", "promis", "promised", "hope", "hopes", "espere", "esperent"};
// "near X", "vers X": X only locates something else.
constexpr std::string_view kNearCues[] = {"near", "outside", "pres", "vers", "towards", "toward", "around", "autour",
                                          "proche", "beyond", "depuis", "via", "entre", "between"};
// "à l'ouest de X", "the outskirts of X".
constexpr std::string_view kAreaNouns[] = {
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "nord", "sud",
    "est", "ouest", "outskirts", "periphery", "peripherie", "abords", "portes", "environs", "km",
    "kilometres", "kilometers", "miles", "frontiere", "border", "region", "province", "gouvernorat",
    "governorate", "chemin", "road", "route", "sortie", "entree", "banlieue", "suburbs", "faubourgs",
    "direction", "vallee", "valley", "habitants", "residents", "natale", "desert", "plaine", "plains",
    "plain", "mountains", "montagnes", "coast", "cote", "rive", "bank", "capitale", "capital"};
// A modal anywhere between the clause start and the trigger ("could", "pourrait").
constexpr std::string_view kModals[] = {"could",      "would",   "might",    "should",    "pourrait",
                                        "pourraient", "devrait", "devraient", "pourra", "pourront"};
// After the trigger: "l'offensive imminente", "the looming assault".
constexpr std::string_view kImminent[] = {"imminente", "imminent", "attendue", "probable", "expected", "looming", "semble"};

}  // namespace

std::shared_ptr<const CompiledLexicon> compile_lexicon(const EventLexicon& lexicon) {
    auto compiled = std::make_shared<CompiledLexicon>();
    for (const std::string lang : {"fr", "en"}) {
        const LanguageEventLexicon& L = lexicon.language(lang);
        CompiledLanguage c;
        c.language = L.language;
        using Kind = CompiledLanguage::Kind;
        // Every actor's aliases are matched in every language: names cross languages.
        for (auto& a : lexicon.actors()) {
            for (auto& alias : a.aliases) c.add(Kind::actor, &a, alias);
            for (auto& d : a.demonyms)
                for (auto& k : to_phrase(d)) c.vocab[k].demonym.push_back(&a);
        }
        for (auto& t : L.triggers)
            for (auto& p : t.phrases) {
                c.add(Kind::trigger, &t, p);
                // Its longest word is its anchor: "reprise" for "la reprise de".
                std::string anchor;
                for (auto& k : to_phrase(p))
                    if (k.size() > anchor.size()) anchor = k;
                c.vocab[anchor].anchor = true;
            }
        for (auto& p : L.ally_cues) c.add(Kind::ally, nullptr, p);
        for (auto& p : L.agent_cues) c.add(Kind::agent, nullptr, p);
        for (auto& p : L.loser_cues) c.add(Kind::loser, nullptr, p);
        for (auto& p : L.place_anaphora) c.add(Kind::place_anaphora, nullptr, p);
        for (auto& p : L.actor_anaphora) c.add(Kind::actor_anaphora, nullptr, p);
        for (auto& p : L.military_nouns)
            for (auto& k : to_phrase(p)) c.vocab[k].military = true;
        for (std::string_view f : filler_keys()) c.vocab[std::string(f)].filler = true;
        for (std::string_view d : kDeterminers) c.vocab[d].determiner = true;
        for (std::string_view k : kIrrealis) c.vocab[k].cues |= kIrrealisCue;
        for (std::string_view k : kNearCues) c.vocab[k].cues |= kNearCue;
        for (std::string_view k : kAreaNouns) c.vocab[k].cues |= kAreaNoun;
        for (std::string_view k : kModals) c.vocab[k].cues |= kModalCue;
        for (std::string_view k : kImminent) c.vocab[k].cues |= kImminentCue;
        if (std::none_of(compiled->languages.begin(), compiled->languages.end(),
                         [&](auto& x) { return x.language == c.language; }))
            compiled->languages.push_back(std::move(c));
    }
    for (auto& l : compiled->languages) l.link_phrases();
    return compiled;
}

}  // namespace geoevent::event
