#pragma once
// Sentences and words of an article with code-point offsets, and phrase matching over
// folded word keys (case and accents ignored; apostrophes and hyphens split words).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace geoevent::event::detail {

struct Word {
    std::string key;      // folded: "Etat" and "État" -> "etat"
    std::string surface;  // as written
    std::size_t start = 0;  // code points into the article text
    std::size_t end = 0;
};

struct Sentence {
    std::size_t start = 0;  // code points
    std::size_t end = 0;
    std::string text;
    std::vector<Word> words;
};

std::vector<Word> split_words(std::string_view text, std::size_t base_offset = 0);
std::vector<Sentence> split_sentences(std::string_view text);

using Phrase = std::vector<std::string>;  // folded keys
Phrase to_phrase(std::string_view text);

// True when `phrase` starts at words[i]. An alias written as an acronym (all capitals,
// e.g. "IS", "EI") only matches the same capitals, so English "is" is not the Islamic State.
bool matches_at(const std::vector<Word>& words, std::size_t i, const Phrase& phrase, std::string_view acronym = {});

}  // namespace geoevent::event::detail
