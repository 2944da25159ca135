#pragma once
// Tokenizer internals: the case-classification of a word from its text (every script,
// hyphens and apostrophes), the reference for the flags tokenize() finds while it folds
// the key; the compact key of a run of tokens.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "geoevent/toponym/tokenizer.hpp"

namespace geoevent::toponym::detail {

// A token with only capitalised, all_upper, has_digit and no_case set, from its text.
Token classify_word(std::string_view word);

// compact_key of the text of tokens [first, last] when only spaces separate them (each
// but the last has space_after): their keys without hyphens. The keys hold no spaces or
// apostrophes, and compact_key drops exactly what the tokenizer leaves out of a key, so
// the resolver groups a detection by this instead of folding its text again.
void compact_key_of_tokens(const std::vector<Token>& tokens, std::size_t first, std::size_t last, std::string& out);

// compact_key_of_tokens appended to `out` (which keeps what it holds): the tokens' keys
// joined, without hyphens. One pass over the bytes, into room reserved up front.
inline void append_compact_key(const std::vector<Token>& tokens, std::size_t first, std::size_t last,
                               std::string& out) {
    std::size_t room = 0;
    for (std::size_t k = first; k <= last; ++k) room += tokens[k].key.size();
    const std::size_t start = out.size();
    out.resize(start + room);
    char* w = out.data() + start;
    for (std::size_t k = first; k <= last; ++k)
        for (char c : tokens[k].key)
            if (c != '-') *w++ = c;
    out.resize(static_cast<std::size_t>(w - out.data()));
}

// How tokenize() takes its common words (ASCII letters and digits ended by an ASCII
// separator): their byte masks 16 bytes at a time with SSE2 where the CPU has it (`wide`,
// what tokenize() uses), the same masks byte by byte (`portable`, for other CPUs), or not
// at all (`none`: every word through the general path, code point by code point). The
// tests compare the three.
enum class WordScan { wide, portable, none };
void tokenize_with_scan(WordScan scan, std::string_view text, const std::vector<std::string>& elisions,
                        std::vector<Token>& out, std::string& keys);

}  // namespace geoevent::toponym::detail
