#include "toponym/chars.hpp"

namespace geoevent::toponym::detail {

namespace {
// U+00C0..U+017F folded to ASCII; "" keeps the character as it is.
const char* const latin_fold[] = {
    // C0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
    // E0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
    // 100
    "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
    "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
    "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
    "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
    "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
    "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}
}  // namespace

bool is_apostrophe(char32_t c) noexcept {
    return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x00B4;
}

bool is_hyphen(char32_t c) noexcept { return c == '-' || c == 0x2010 || c == 0x2011; }

bool is_upper(char32_t c) noexcept {
    if (c < 0x80) return c >= 'A' && c <= 'Z';
    if (c >= 0xC0 && c <= 0xDE) return c != 0xD7;
    if (c >= 0x100 && c <= 0x137) return c % 2 == 0;
    if (c >= 0x139 && c <= 0x148) return c % 2 == 1;
    if (c >= 0x14A && c <= 0x177) return c % 2 == 0;
    if (c == 0x178) return true;
    if (c >= 0x179 && c <= 0x17E) return c % 2 == 1;
    if (c >= 0x391 && c <= 0x3A9) return true;
    if (c >= 0x400 && c <= 0x42F) return true;
    if (c >= 0x1E00 && c <= 0x1EFF) return c % 2 == 0;  // Vietnamese, transliteration dots
    return false;
}

bool is_caseless_letter(char32_t c) noexcept {
    return (c >= 0x0590 && c <= 0x05FF) || (c >= 0x0620 && c <= 0x064A) || (c >= 0x066E && c <= 0x06D3) ||
           (c >= 0x0750 && c <= 0x077F) || (c >= 0x3040 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF);
}

bool is_word_char(char32_t c) noexcept {
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (c < 0xC0) return c == 0xAA || c == 0xB5 || c == 0xBA;
    if (c == 0xD7 || c == 0xF7) return false;
    if (c >= 0x2000 && c <= 0x206F) return false;  // general punctuation, quotes, dashes
    if (c >= 0x20A0 && c <= 0x2BFF) return false;  // currency, arrows, symbols
    if (c >= 0x3000 && c <= 0x303F) return false;
    if (c == 0x060C || c == 0x061B || c == 0x061F || (c >= 0x066A && c <= 0x066D) || c == 0x06D4) return false;
    if (c == 0xFEFF || c == 0xFFFD) return false;
    if (c >= 0x1F000) return false;  // emoji
    return true;
}

bool is_lower(char32_t c) noexcept {
    if (c < 0x80) return c >= 'a' && c <= 'z';
    return is_word_char(c) && !is_upper(c) && !is_caseless_letter(c) && !(c >= 0x300 && c <= 0x36F);
}

void append_folded(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        return;
    }
    if (c >= 0xC0 && c <= 0x17F) {
        const char* f = latin_fold[c - 0xC0];
        if (*f) {
            out += f;
            return;
        }
    }
    if (c >= 0x300 && c <= 0x36F) return;  // a combining mark: the letter was folded already
    if (c >= 0x1E00 && c <= 0x1EFF) {
        // Ḩ ḥ ṣ ṭ ẓ …: the dotted transliteration letters fold to their base letter.
        static const char base[] = "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmmmmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvvwwwwwwwwwwxxxxyyzzzzzzhtwyas";
        std::size_t i = c - 0x1E00;
        if (i < sizeof(base) - 1) {
            out += base[i];
            return;
        }
    }
    if (c >= 0x391 && c <= 0x3A9) c += 0x20;
    else if (c >= 0x410 && c <= 0x42F) c += 0x20;
    else if (c >= 0x400 && c <= 0x40F) c += 0x50;
    append_utf8(out, c);
}

}  // namespace geoevent::toponym::detail
