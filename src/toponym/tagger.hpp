#pragma once
// Detection: which stretches of text name a place. Capitalised token n-grams (1-5
// tokens) are looked up in the gazetteer's name set; lexicon filters remove what only
// looks like a place (stop words, people, organisations); context cues ("ville de",
// "province of", "near") let a transliterated spelling match loosely and tell the
// resolver what kind of place to expect.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "geoevent/gazetteer/index.hpp"
#include "geoevent/toponym/lexicon.hpp"
#include "geoevent/toponym/tokenizer.hpp"
#include "toponym/flat_map.hpp"
#include "toponym/gazetteer_view.hpp"

namespace geoevent::toponym::detail {

enum class Cue : std::uint8_t { none, location, populated_place, admin1 };

struct Detection {
    std::size_t byte_begin = 0;
    std::size_t byte_end = 0;
    std::size_t cp_begin = 0;
    std::size_t cp_end = 0;
    std::size_t first_token = 0;
    std::size_t last_token = 0;
    std::string surface;
    Cue cue = Cue::none;
    bool loose = false;    // accepted on a loose (transliteration) match
    // The surface is exactly tokens [first_token, last_token] with spaces between (the
    // tagger's detections, not user spans): its compact key is then the tokens' keys
    // without hyphens, which the resolver joins instead of folding the surface again.
    bool whole_tokens = false;
    std::optional<gazetteer::Candidate> demonym;
    // What GazetteerView::lookup answered for `surface` and `cue` when the tagger asked
    // (null when it did not; it keeps only non-empty answers): the candidates stay in the
    // view's cache for the whole document, so the resolver takes them from here instead of
    // asking again.
    const gazetteer::Candidate* candidates = nullptr;
    std::size_t candidate_count = 0;
};

// What the lexicon says about a word, gathered into one hash lookup per token.
enum WordFlag : std::uint16_t {
    w_stop = 1 << 0,
    w_ambiguous = 1 << 1,
    w_connector = 1 << 2,
    w_function = 1 << 3,
    w_given_name = 1 << 4,
    w_org_head = 1 << 5,
    w_org_phrase = 1 << 6,     // first word of an organisation name
    w_person_phrase = 1 << 7,  // first word of a person name
    w_honorific = 1 << 8,      // first word of an honorific
    w_cue_end = 1 << 9,        // last word of a cue before a name
    w_cue_after = 1 << 10,     // first word of a cue after a name ("province")
};

class Tagger {
public:
    Tagger(GazetteerView& gazetteer, const Lexicon& lexicon);
    // Detections in text order, never overlapping.
    std::vector<Detection> tag(std::string_view text, const LanguageLexicon& lang,
                               const std::vector<Token>& tokens);
    // The cue in front of (or right after) tokens [first, last].
    Cue cue_for(const std::vector<Token>& tokens, std::size_t first, std::size_t last,
                const LanguageLexicon& lang) const;

private:
    struct WordInfo {
        std::uint16_t flags = 0;
        std::uint32_t demonym = 0;  // 0 = not asked yet, 1 = no demonym, 2 + k = demonyms[k]
    };
    struct WordTable {
        const LanguageLexicon* lang;
        // Per word: its WordFlag bits and what the gazetteer said about it as a demonym.
        // The lexicon's words come first; the words asked about as demonyms are added
        // behind them as the text brings them, so one probe per token answers both.
        FlatStringMap<WordInfo> words;
        std::size_t lexicon_words = 0;
        std::vector<gazetteer::Candidate> demonyms;
        // Org phrases, person names and honorifics by first word (indices in lexicon order).
        FlatStringMap<std::vector<std::uint32_t>> org_by_first, person_by_first, honorific_by_first;
        // Cue phrases before a name (indices in lexicon order): the one-word ones by their
        // word, the longer ones by cue_pair_hash of their last two words (sorted by it). Many
        // cues end with "de" or "of"; the word before it ("ville de", "province de") is what
        // tells them apart, so the pair reaches the few that can match in one search.
        struct CueLists {
            std::vector<std::uint32_t> admin1, populated_place, location;
        };
        FlatStringMap<CueLists> cues_by_word;
        std::vector<std::pair<std::uint64_t, CueLists>> cues_by_pair;
    };
    const WordTable& table(const LanguageLexicon& lang) const;
    WordTable& table(const LanguageLexicon& lang) {
        return const_cast<WordTable&>(static_cast<const Tagger*>(this)->table(lang));
    }
    std::uint16_t flags(const WordTable& table, std::string_view key) const {
        const WordInfo* w = table.words.find(key);
        return w ? w->flags : 0;
    }
    // WordInfo::demonym of a word once the gazetteer has been asked; the table keeps it for
    // the next tokens of that word.
    std::uint32_t ask_demonym(WordTable& table, std::string_view key, std::uint64_t hash);
    static const gazetteer::Candidate* demonym_of(const WordTable& table, std::uint32_t memo) {
        return memo >= 2 ? &table.demonyms[memo - 2] : nullptr;
    }
    // Drops the words the text added (and their answers) once there are too many of them.
    static void bound_words(WordTable& table);
    // cue_for once the flags of the neighbouring tokens are known.
    // key_hashes: string_hash of each token's key when known, else null.
    Cue cue_between(const std::vector<Token>& tokens, std::size_t first, std::size_t last,
                    const WordTable& words, bool cue_before, bool cue_after,
                    const std::uint64_t* key_hashes) const;

    GazetteerView& m_gaz;
    const Lexicon& m_lexicon;
    std::vector<WordTable> m_tables;
    // Scratch space of tag(), kept between calls.
    struct PendingRun {
        std::size_t i, j;                 // tokens
        std::size_t key_begin, key_size;  // compact key, a slice of m_pending_keys
    };
    std::vector<char> m_blocked;
    std::vector<std::uint16_t> m_flags;
    std::vector<std::uint32_t> m_demonym_memo;  // per token, as found by the flag probe
    std::vector<std::uint64_t> m_key_hashes;
    std::vector<std::uint64_t> m_name_hashes;   // per name-like token: hash_key of its compact key
    std::string m_compact;                      // scratch: compact key of a token run
    std::vector<PendingRun> m_pending;
    std::string m_pending_keys;
};

// True when `phrase` matches tokens starting at `at`.
bool phrase_at(const std::vector<Token>& tokens, std::size_t at, const Phrase& phrase);

}  // namespace geoevent::toponym::detail
