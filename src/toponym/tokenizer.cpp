#include "geoevent/toponym/tokenizer.hpp"

#include <algorithm>

#include "text/utf8.hpp"
#include "toponym/chars.hpp"

namespace geoevent::toponym {

using namespace detail;

namespace {

struct Cursor {
    std::string_view text;
    std::size_t byte = 0;
    std::size_t cp = 0;
    bool done() const { return byte >= text.size(); }
    // ASCII first: news text is mostly ASCII and this loop sees every byte.
    char32_t peek() const {
        auto b = static_cast<unsigned char>(text[byte]);
        if (b < 0x80) return b;
        std::size_t i = byte;
        return text::decode_utf8(text, i);
    }
    // The code point after the current one (0 at the end).
    char32_t peek2() const {
        std::size_t i = byte;
        text::decode_utf8(text, i);
        if (i >= text.size()) return 0;
        return text::decode_utf8(text, i);
    }
    char32_t advance() {
        ++cp;
        auto b = static_cast<unsigned char>(text[byte]);
        if (b < 0x80) {
            ++byte;
            return b;
        }
        return text::decode_utf8(text, byte);
    }
};

bool is_elision(const std::string& key, const std::vector<std::string>& elisions) {
    return std::find(elisions.begin(), elisions.end(), key) != elisions.end();
}

// Case flags of the finished token, from its text.
void classify(Token& t, std::string_view word) {
    std::size_t i = 0;
    bool first = true, part_start = true, any_lower = false;
    int letters = 0;
    while (i < word.size()) {
        auto b = static_cast<unsigned char>(word[i]);
        char32_t c = b < 0x80 ? word[i++] : text::decode_utf8(word, i);
        bool up;
        if (c < 0x80) {  // the common case, without the Unicode tables
            if (c == '-' || c == '\'') {
                part_start = true;
                continue;
            }
            up = c >= 'A' && c <= 'Z';
            if (c >= '0' && c <= '9') t.has_digit = true;
            else if (!up) any_lower = true;
            ++letters;
        } else {
            if (is_hyphen(c) || is_apostrophe(c)) {
                part_start = true;
                continue;
            }
            if (is_caseless_letter(c)) t.no_case = true;
            up = is_upper(c);
            if (up) ++letters;
            else if (is_lower(c)) {
                ++letters;
                any_lower = true;
            }
        }
        if (first && up) t.capitalised = true;
        // al-Qaïm, el-Assad, ad-Dawr: a lower-case article part before a capitalised one.
        if (!first && part_start && up) t.capitalised = true;
        first = false;
        part_start = false;
    }
    t.all_upper = letters >= 2 && !any_lower;
}

}  // namespace

std::string fold_key(std::string_view word) {
    std::string out;
    out.reserve(word.size());
    std::size_t i = 0;
    while (i < word.size()) {
        char32_t c = text::decode_utf8(word, i);
        if (is_apostrophe(c) || c == 0x02BF || c == 0x02BE || c == '`') continue;
        if (is_hyphen(c)) {
            out += '-';
            continue;
        }
        append_folded(out, c);
    }
    return out;
}

std::string compact_key(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    std::size_t i = 0;
    while (i < name.size()) {
        char32_t c = text::decode_utf8(name, i);
        if (!is_word_char(c) || c == 0x02BF || c == 0x02BE) continue;
        append_folded(out, c);
    }
    return out;
}

std::vector<Token> tokenize(std::string_view text, const std::vector<std::string>& elisions) {
    std::vector<Token> tokens;
    tokens.reserve(text.size() / 6 + 1);
    Cursor cur{text};
    bool sentence_start = true;
    while (!cur.done()) {
        char32_t c = cur.peek();
        if (!is_word_char(c)) {
            if (c == '.' || c == '!' || c == '?' || c == '\n' || c == ':' || c == 0x2026)
                sentence_start = true;
            if (!tokens.empty()) {
                Token& prev = tokens.back();
                if (prev.byte_end == cur.byte) prev.space_after = c == ' ' || c == 0xA0 || c == '\t';
                else if (!(c == ' ' || c == 0xA0 || c == '\t')) prev.space_after = false;
                if (c == ',') prev.comma_after = true;
            }
            cur.advance();
            continue;
        }
        Token t;
        t.byte_begin = cur.byte;
        t.cp_begin = cur.cp;
        t.sentence_start = sentence_start;
        sentence_start = false;
        std::string key;
        for (;;) {
            char32_t ch = cur.peek();
            if (ch < 0x80 && ((ch | 0x20) - 'a' < 26 || ch - '0' < 10)) {
                ++cur.byte;
                ++cur.cp;
                key += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
                continue;
            }
            if (is_word_char(ch) || ch == 0x02BF || ch == 0x02BE) {
                cur.advance();
                if (ch != 0x02BF && ch != 0x02BE) append_folded(key, ch);
                continue;
            }
            char32_t next = cur.peek2();
            bool joins = next != 0 && is_word_char(next);
            if (joins && is_hyphen(ch)) {
                cur.advance();
                key += '-';
                continue;
            }
            if (joins && is_apostrophe(ch)) {
                if (is_elision(key, elisions)) {
                    cur.advance();  // the apostrophe belongs to the elided article
                    t.elision = true;
                    break;
                }
                // English possessive: Syria's -> Syria.
                if ((next == 's' || next == 'S')) {
                    std::size_t look = cur.byte;
                    text::decode_utf8(text, look);
                    text::decode_utf8(text, look);
                    if (look >= text.size() || !is_word_char([&] {
                            std::size_t k = look;
                            return text::decode_utf8(text, k);
                        }()))
                        break;
                }
                cur.advance();  // Qa'im, Ma'arrat: the apostrophe is part of the name
                continue;
            }
            break;
        }
        t.byte_end = cur.byte;
        t.cp_end = cur.cp;
        t.key = std::move(key);
        classify(t, text.substr(t.byte_begin, t.byte_end - t.byte_begin));
        tokens.push_back(std::move(t));
    }
    return tokens;
}

}  // namespace geoevent::toponym
