#pragma once
// Word tokens over UTF-8 text that keep both byte and code-point offsets, so a mention
// can be reported as text[start:end] in code points (Python's indexing) without a second
// pass. Hyphenated names stay one token (al-Qaïm, Deir-ez-Zor); French elisions are split
// off (l'Irak -> "l'" + "Irak", d'al-Qaïm -> "d'" + "al-Qaïm"); an English possessive
// 's is dropped from the word.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace geoevent::toponym {

struct Token {
    std::size_t byte_begin = 0;
    std::size_t byte_end = 0;
    std::size_t cp_begin = 0;
    std::size_t cp_end = 0;
    bool capitalised = false;   // first letter upper case, or "al-Qaïm" (a later part is)
    bool all_upper = false;     // BEYROUTH, ONU (at least two letters, none lower case)
    bool has_digit = false;
    bool elision = false;       // "l'", "d'" (the apostrophe included)
    bool no_case = false;       // a script without case (Arabic): may still be a name
    bool sentence_start = false;
    // What separates this token from the next one: nothing but spaces (not a line break),
    // or a comma. Multi-word names never cross anything else.
    bool space_after = false;
    bool comma_after = false;
    // Lower case, Latin diacritics removed, apostrophes dropped. A view into the key buffer
    // the tokens were made with (see tokenize): a token costs no string of its own.
    std::string_view key;
};

// Tokens together with the buffer their keys point into.
struct TokenList {
    std::vector<Token> tokens;
    // Behind a pointer so that moving the list leaves the keys' views valid.
    std::unique_ptr<std::string> keys = std::make_unique<std::string>();

    std::size_t size() const noexcept { return tokens.size(); }
    bool empty() const noexcept { return tokens.empty(); }
    const Token& operator[](std::size_t i) const { return tokens[i]; }
    const Token& back() const { return tokens.back(); }
    auto begin() const noexcept { return tokens.begin(); }
    auto end() const noexcept { return tokens.end(); }
    operator const std::vector<Token>&() const noexcept { return tokens; }
};

// Elisions are given per language in the lexicon ("l", "d", "qu", …): only these split.
TokenList tokenize(std::string_view text, const std::vector<std::string>& elisions);
// The same into `out` (emptied first), the keys written into `keys`, so that a caller
// tokenizing article after article reuses both buffers. The tokens' keys point into
// `keys`: they are valid until `keys` is changed or destroyed.
void tokenize(std::string_view text, const std::vector<std::string>& elisions, std::vector<Token>& out,
              std::string& keys);

// The comparison form used for lexicon entries and n-gram lookups (see Token::key).
std::string fold_key(std::string_view word);
// fold_key without spaces or hyphens: "Deir ez-Zor" and "Deir Ezzor" give "deirezzor".
std::string compact_key(std::string_view name);
// The same into a buffer the caller reuses.
void compact_key(std::string_view name, std::string& out);

}  // namespace geoevent::toponym
