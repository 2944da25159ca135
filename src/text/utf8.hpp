#pragma once
// Small UTF-8 helpers shared by the readers, the tokenizer and the index; no ICU needed.
#include <cstdint>
#include <string_view>

namespace geoevent::text {

// Strict validation: no overlongs, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view s) noexcept;

// Decodes the code point at s[i] and advances i; returns U+FFFD for a bad sequence
// (advancing one byte) so callers never loop forever on junk.
char32_t decode_utf8(std::string_view s, std::size_t& i) noexcept;

// Number of code points (bad bytes count one each, as decode_utf8 steps over them).
std::size_t count_code_points(std::string_view s) noexcept;

}  // namespace geoevent::text
