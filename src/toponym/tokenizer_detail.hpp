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

}  // namespace geoevent::toponym::detail
