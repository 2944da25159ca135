#pragma once
// Questions asked of single words around a match: is it a filler, a determiner, an
// auxiliary, a cue of some kind, the start of a relative location ("à l'ouest de X").
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>

#include "event/words.hpp"

namespace geoevent::event::detail {

// Words that may sit inside a trigger without breaking it: time words and adverbs
// ("ont pris mardi le contrôle total de", "has now fully recaptured"); "de" only in
// "de nouveau". Flagged once per word by extract_segment().
inline bool is_filler(std::span<const Word> w, std::size_t k) { return w[k].filler; }

inline bool in(std::string_view k, std::initializer_list<std::string_view> list) {
    // Length and first letter settle almost every word without a memcmp call.
    for (auto x : list)
        if (k.size() == x.size() && (k.empty() || k[0] == x[0]) && k == x) return true;
    return false;
}

// Articles a cue word may be separated from its actor by: "par les forces", "by the army".
inline constexpr std::string_view kDeterminers[] = {
    "le", "la", "les", "l", "des", "du", "de", "d", "un", "une", "the", "a", "an",
    "groupe", "group", "its", "their", "ses", "leurs", "son", "sa"};
inline bool is_determiner(std::string_view k) {
    for (auto x : kDeterminers)
        if (k.size() == x.size() && (k.empty() || k[0] == x[0]) && k == x) return true;
    return false;
}

inline bool is_be_auxiliary(std::string_view k) {
    return in(k, {"ete", "est", "etait", "etaient", "sont", "fut", "furent", "sera", "seront", "soit", "was", "were",
                  "been", "is", "are", "be", "being"});
}

// Membership in the cue lists (compiled_lexicon.cpp) is a flag of the word's vocabulary
// entry (the extractor looks every word up once anyway), instead of string compares
// against each list.
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

}  // namespace geoevent::event::detail
