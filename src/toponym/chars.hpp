#pragma once
// Character classes the tokenizer needs, without ICU: the hot loop runs over every byte
// of every article, and news in French and English only needs Latin case and diacritics
// (other scripts are treated as caseless letters).
#include <string>

namespace geoevent::toponym::detail {

bool is_word_char(char32_t c) noexcept;
bool is_upper(char32_t c) noexcept;
bool is_lower(char32_t c) noexcept;
bool is_apostrophe(char32_t c) noexcept;
bool is_hyphen(char32_t c) noexcept;
bool is_caseless_letter(char32_t c) noexcept;  // Arabic, Hebrew, CJK…
// Appends the lower-case, diacritic-free form of c (é -> e, Œ -> oe) as UTF-8.
void append_folded(std::string& out, char32_t c);

}  // namespace geoevent::toponym::detail
