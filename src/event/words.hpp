#pragma once
// Sentences and words of an article with code-point offsets, and phrase matching over
// folded word keys (case and accents ignored; apostrophes and hyphens split words).
#include <cstddef>
#include <string>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "geoevent/date.hpp"
#include "geoevent/event/event.hpp"

namespace geoevent::event::detail {

struct Word {
    std::string key;      // folded: "Etat" and "État" -> "etat"
    std::string_view surface;  // as written: a view into the text that was split
    std::size_t start = 0;  // code points into the article text
    std::size_t end = 0;
    // A time word or adverb that may sit inside a trigger phrase ("ont pris mardi le
    // contrôle total de"); see is_filler_key(). Set by the extractor, not by split_words().
    bool filler = false;
};

bool is_filler_key(std::string_view key);
const std::unordered_set<std::string_view>& filler_keys();

struct Sentence {
    std::size_t start = 0;  // code points
    std::size_t end = 0;
    std::string_view text;  // a view into the article text
    std::vector<Word> words;
};

// Words keep views into `text`, which must outlive them.
std::vector<Word> split_words(std::string_view text, std::size_t base_offset = 0);
// The same into `out` (emptied first), so a caller that splits sentence after sentence
// reuses one buffer instead of allocating a vector per sentence.
void split_words(std::string_view text, std::size_t base_offset, std::vector<Word>& out);
std::vector<Sentence> split_sentences(std::string_view text);
// The same into the first elements of `pool`, reusing their word vectors; returns how many
// sentences there are. Elements past that count are spare buffers, not sentences.
std::size_t split_sentences(std::string_view text, std::vector<Sentence>& pool);

using Phrase = std::vector<std::string>;  // folded keys
Phrase to_phrase(std::string_view text);

// True when `phrase` starts at words[i]. An alias written as an acronym (all capitals,
// e.g. "IS", "EI") only matches the same capitals, so English "is" is not the Islamic State.
bool matches_at(const std::vector<Word>& words, std::size_t i, const Phrase& phrase, std::string_view acronym = {});

// The first full date among the words that start before code point `limit` (a dateline).
std::optional<Date> first_full_date(const std::vector<Word>& words, std::size_t limit);

// Every date expression among words[from, to), in text order, resolved against the
// publication date (see resolve_sentence_date); `absolute` for written-out dates.
struct DateHit {
    EventDate date;
    std::size_t word = 0;
    bool absolute = false;
};
std::vector<DateHit> find_dates(const std::vector<Word>& words, std::size_t from, std::size_t to, const Date& published);

}  // namespace geoevent::event::detail
