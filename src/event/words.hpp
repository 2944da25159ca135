#pragma once
// Sentences and words of an article with code-point offsets, and phrase matching over
// folded word keys (case and accents ignored; apostrophes and hyphens split words).
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "geoevent/date.hpp"
#include "geoevent/event/event.hpp"

namespace geoevent::event::detail {

struct Word {
    // Folded: "Etat" and "État" -> "etat". A view into the split text when the word is
    // already its own key (lower-case ASCII, most words), else into the splitter's key store.
    std::string_view key;
    std::string_view surface;  // as written: a view into the text that was split
    std::size_t start = 0;  // code points into the article text
    std::size_t end = 0;
    // A time word or adverb that may sit inside a trigger phrase ("ont pris mardi le
    // contrôle total de"); see is_filler_key(). Set by the extractor, not by the splitter.
    bool filler = false;
};

bool is_filler_key(std::string_view key);
const std::unordered_set<std::string_view>& filler_keys();

struct Sentence {
    std::size_t start = 0;  // code points
    std::size_t end = 0;
    std::string_view text;  // a view into the article text
    std::span<Word> words;  // never empty: sentences without words are left out
};

// Splits texts into sentences and words in one pass. Words and sentences live in the
// splitter's buffers, which keep their capacity from one text to the next (the extractor
// keeps one splitter per thread), so a split allocates nothing once they are warm.
// What a call returns is valid until the next call; keys and surfaces also need the text.
class TextSplitter {
public:
    TextSplitter();
    ~TextSplitter();
    TextSplitter(TextSplitter&&) noexcept;
    TextSplitter& operator=(TextSplitter&&) noexcept;

    std::span<Sentence> sentences(std::string_view text);
    // The words of `text` (no sentence boundaries), offsets counted from `base_offset`.
    std::span<Word> words(std::string_view text, std::size_t base_offset = 0);
    // Every word of the last split, in order: sentences' words are slices of it.
    std::span<Word> all_words() noexcept { return m_words; }

private:
    class KeyStore;
    template <bool kSentences>
    void split(std::string_view text, std::size_t base);

    std::vector<Word> m_words;
    std::vector<Sentence> m_sentences;
    std::vector<std::size_t> m_first_word;  // per sentence, while splitting
    const std::string& fold(std::string_view surface);  // exact_key(surface), cached

    std::unique_ptr<KeyStore> m_keys;
    struct FoldSlot {
        std::string surface, key;
        bool used = false;
    };
    static constexpr std::size_t kFoldCacheSlots = 1024, kFoldCacheMaxBytes = 64;
    std::vector<FoldSlot> m_fold_cache;
    std::string m_long_fold;  // exact_key of a word too long for the cache
};

using Phrase = std::vector<std::string>;  // folded keys
Phrase to_phrase(std::string_view text);

// True when `phrase` starts at words[i]. An alias written as an acronym (all capitals,
// e.g. "IS", "EI") only matches the same capitals, so English "is" is not the Islamic State.
bool matches_at(std::span<const Word> words, std::size_t i, const Phrase& phrase, std::string_view acronym = {});

// The first full date among the words that start before code point `limit` (a dateline).
std::optional<Date> first_full_date(std::span<const Word> words, std::size_t limit);

// Every date expression among words[from, to), in text order, resolved against the
// publication date (see resolve_sentence_date); `absolute` for written-out dates.
struct DateHit {
    EventDate date;
    std::size_t word = 0;
    bool absolute = false;
};
std::vector<DateHit> find_dates(std::span<const Word> words, std::size_t from, std::size_t to, const Date& published);

}  // namespace geoevent::event::detail
