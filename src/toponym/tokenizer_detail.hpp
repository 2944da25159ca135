#pragma once
// The tokenizer's general case-classification of a word (every script, hyphens and
// apostrophes), exposed so tests can check that the fast path tokenize() takes for plain
// ASCII words sets the same flags.
#include <string_view>

#include "geoevent/toponym/tokenizer.hpp"

namespace geoevent::toponym::detail {

// A token with only capitalised, all_upper, has_digit and no_case set, from its text.
Token classify_word(std::string_view word);

}  // namespace geoevent::toponym::detail
