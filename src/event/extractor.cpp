#include "geoevent/event/extractor.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <memory>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include "event/segments.hpp"
#include "event/words.hpp"
#include "geoevent/event/dates.hpp"
#include "toponym/flat_map.hpp"

namespace geoevent::event {

using namespace detail;

namespace {

// A lexicon phrase, split at "..." into parts that match consecutive words (fillers
// allowed between them); between two parts up to kMaxGap words of any kind.
struct CompiledPhrase {
    std::vector<Phrase> parts;
    // The same words as their vocabulary entries (CompiledLanguage::WordInfo), filled once
    // the vocabulary is complete: a word of text matches when its entry is the same
    // object, one pointer comparison instead of a string comparison.
    std::vector<std::vector<const void*>> ids;
    std::size_t size = 0;  // words of the phrase itself
    std::string acronym;   // non-empty for all-capital single-word aliases
};

constexpr std::size_t kMaxGap = 6;

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

// Words that may sit inside a trigger without breaking it: time words and adverbs
// ("ont pris mardi le contrôle total de", "has now fully recaptured"); "de" only in
// "de nouveau". Flagged once per word by extract_segment().
inline bool is_filler(std::span<const Word> w, std::size_t k) { return w[k].filler; }

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

bool in(std::string_view k, std::initializer_list<std::string_view> list) {
    // Length and first letter settle almost every word without a memcmp call.
    for (auto x : list)
        if (k.size() == x.size() && (k.empty() || k[0] == x[0]) && k == x) return true;
    return false;
}

// Articles a cue word may be separated from its actor by: "par les forces", "by the army".
constexpr std::string_view kDeterminers[] = {"le",  "la", "les", "l",      "des",   "du",  "de",
                                            "d",   "un", "une", "the",    "a",     "an",  "groupe",
                                            "group", "its", "their", "ses", "leurs", "son", "sa"};
bool is_determiner(std::string_view k) {
    for (auto x : kDeterminers)
        if (k.size() == x.size() && (k.empty() || k[0] == x[0]) && k == x) return true;
    return false;
}

bool is_be_auxiliary(std::string_view k) {
    return in(k, {"ete", "est", "etait", "etaient", "sont", "fut", "furent", "sera", "seront", "soit", "was", "were",
                  "been", "is", "are", "be", "being"});
}

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
// Membership in the lists above is a flag of the word's vocabulary entry (the extractor
// looks every word up once anyway), instead of string compares against each list.
enum CueFlag : std::uint8_t { kIrrealisCue = 1, kNearCue = 2, kAreaNoun = 4, kModalCue = 8, kImminentCue = 16 };

template <class Info>
bool has_cue(std::span<const Info* const> vi, std::size_t k, std::uint8_t flag) {
    return vi[k] && (vi[k]->cues & flag);
}

// "à l'ouest de X", "west of X", "near X", "vers X": X only locates something else.
// `vi` are the words' vocabulary entries.
template <class Info>
bool relative_location(std::span<const Word> w, std::span<const Info* const> vi, std::size_t first) {
    auto at = [&](std::size_t back) -> std::string_view { return first >= back ? w[first - back].key : std::string_view(); };
    if (first >= 1 && has_cue(vi, first - 1, kNearCue)) return true;
    const std::string_view p1 = at(1);
    std::size_t skip = in(p1, {"l", "la", "le", "the"}) ? 1 : 0;  // "du désert de l'Anbar"
    const std::string_view p1b = at(1 + skip);
    if (p1b == "of" || p1b == "de" || p1b == "d" || p1b == "du") {
        const std::size_t back2 = at(2 + skip) == "l" || at(2 + skip) == "la" || at(2 + skip) == "the" ? 3 + skip : 2 + skip;
        if (first >= back2 && has_cue(vi, first - back2, kAreaNoun)) return true;
        if (in(at(2 + skip), {"est", "ouest"}) && at(3 + skip) == "nord") return true;
    }
    return false;
}

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

void add_unique(std::vector<std::string>& v, const std::string& s) {
    if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

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
    // Everything the lexicon knows about one word, found with one probe per word of text.
    struct WordInfo {
        std::vector<Entry> entries;  // phrases starting with the word
        // Parallel to `entries`: the vocabulary entry the phrase's second word must have
        // (null for a one-word first part), and whether fillers may come between. Most
        // phrases fail on their second word; this compact array settles them without
        // walking the phrases themselves.
        struct Second {
            const void* word = nullptr;
            bool fillers = false;
        };
        std::vector<Second> second;
        // The same phrases by second word, so that a word of text reaches only those its
        // next word can continue ("la" starts some thirty phrases; "la ville" two):
        // `always` are the phrases with a one-word first part, `groups` (sorted by word)
        // slice `grouped` into the others; indexes into `entries`, ascending in each list.
        struct Group {
            const void* word;
            std::uint32_t begin, end;
        };
        std::vector<std::uint32_t> always, grouped;
        std::vector<Group> groups;
        const Group* group(const void* word) const {
            auto it = std::lower_bound(groups.begin(), groups.end(), word,
                                       [](const Group& g, const void* w) { return std::less<const void*>()(g.word, w); });
            return it != groups.end() && it->word == word ? &*it : nullptr;
        }
        std::vector<const ActorDef*> demonym;  // actors with this nationality adjective
        bool military = false;       // a military noun
        bool anchor = false;         // the longest word of some trigger phrase
        bool filler = false;         // may sit inside a trigger phrase (is_filler_key)
        bool determiner = false;     // is_determiner()
        std::uint8_t cues = 0;       // CueFlag bits
    };
    // Probed once per word of every article: an open-addressing table (one array, no
    // node chase) rather than std::unordered_map. Filled only while compiling, so the
    // pointers info() hands out stay valid.
    toponym::detail::FlatStringMap<WordInfo> vocab;
    const WordInfo* info(std::string_view key) const { return vocab.find(key); }

    void add(Kind kind, const void* def, const std::string& text) {
        CompiledPhrase c = compile(text);
        if (c.parts.empty()) return;
        // Every word of a phrase gets an entry (see match_phrase).
        for (auto& part : c.parts)
            for (auto& k : part) vocab[k];
        vocab[c.parts.front().front()].entries.push_back({kind, def, std::move(c)});
    }
    // Once every word is in: the phrases' words as entries (they no longer move).
    void link_phrases() {
        vocab.for_each([&](std::string_view, WordInfo& info) {
            info.second.clear();
            for (auto& entry : info.entries) {
                auto& c = entry.phrase;
                c.ids.clear();
                for (auto& part : c.parts) {
                    auto& ids = c.ids.emplace_back();
                    for (auto& k : part) ids.push_back(vocab.find(k));
                }
                const auto& first = c.ids.front();
                info.second.push_back({first.size() >= 2 ? first[1] : nullptr, entry.kind == Kind::trigger});
            }
            info.always.clear(), info.grouped.clear(), info.groups.clear();
            std::vector<std::pair<const void*, std::uint32_t>> by_word;
            for (std::uint32_t e = 0; e < info.second.size(); ++e) {
                if (info.second[e].word) by_word.emplace_back(info.second[e].word, e);
                else info.always.push_back(e);
            }
            std::sort(by_word.begin(), by_word.end(), [](const auto& a, const auto& b) {
                return a.first != b.first ? std::less<const void*>()(a.first, b.first) : a.second < b.second;
            });
            for (auto& [word, e] : by_word) {
                if (info.groups.empty() || info.groups.back().word != word)
                    info.groups.push_back({word, static_cast<std::uint32_t>(info.grouped.size()), 0});
                info.grouped.push_back(e);
                info.groups.back().end = static_cast<std::uint32_t>(info.grouped.size());
            }
        });
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

Extractor::Extractor(const EventLexicon& lexicon) : m_lexicon(lexicon) {
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
    m_compiled = std::move(compiled);
}

namespace {

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

// Fills `h` (reset to s) with what s names.
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

}  // namespace

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
