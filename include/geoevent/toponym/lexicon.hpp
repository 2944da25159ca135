#pragma once
// The words that decide what is not a place (stop words, honorifics, given names,
// organisation names) and what announces one (cues), one JSON file per language under
// lexicon/ (toponyms.<lang>.json), so linguists can extend them without touching C++.
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace geoevent::toponym {

// A multi-word entry as the tokenizer's keys: "à l'est de" -> {"a", "l", "est", "de"}.
using Phrase = std::vector<std::string>;

struct LanguageLexicon {
    std::string language;
    std::unordered_set<std::string> function_words;  // language detection
    std::vector<std::string> elisions;
    std::unordered_set<std::string> connectors;      // may sit inside a multi-word name
    std::unordered_set<std::string> stop_words;      // never a place on their own
    std::unordered_set<std::string> ambiguous_words; // a place only after a cue ("to Nice")
    std::unordered_set<std::string> given_names;     // start a person name
    std::unordered_set<std::string> org_heads;       // start (or head) an organisation name
    std::vector<Phrase> honorifics;                  // "président", "prime minister"
    std::vector<Phrase> person_names;
    std::vector<Phrase> org_phrases;
    std::vector<Phrase> cue_populated_place;         // "ville de", "town of"
    std::vector<Phrase> cue_admin1_before;           // "province de"
    std::vector<Phrase> cue_admin1_after;            // "X province"
    std::vector<Phrase> cue_location;                // "près de", "near"
};

class Lexicon {
public:
    // Loads <dir>/toponyms.<lang>.json for each language. Throws ConfigError (file and
    // JSON pointer) on a missing file or a malformed entry.
    static Lexicon load(const std::string& dir, const std::vector<std::string>& languages = {"fr", "en"});

    // The lexicon of `lang`, or of the first loaded language when it is unknown.
    const LanguageLexicon& language(std::string_view lang) const;
    const std::vector<LanguageLexicon>& languages() const noexcept { return m_languages; }
    // Names of people and organisations are the same whatever the language of the text.
    const std::vector<Phrase>& all_person_names() const noexcept { return m_person_names; }
    const std::vector<Phrase>& all_org_phrases() const noexcept { return m_org_phrases; }
    const std::unordered_set<std::string>& all_given_names() const noexcept { return m_given_names; }

    // "fr" or "en" (whichever loaded language has more function words in the text).
    std::string detect_language(std::string_view text) const;

private:
    std::vector<LanguageLexicon> m_languages;
    std::vector<Phrase> m_person_names;
    std::vector<Phrase> m_org_phrases;
    std::unordered_set<std::string> m_given_names;
};

}  // namespace geoevent::toponym
