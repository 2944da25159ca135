#include "geoevent/toponym/tokenizer.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "text/ascii_lower.hpp"
#include "text/utf8.hpp"
#include "toponym/chars.hpp"
#include "toponym/tokenizer_detail.hpp"

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

constexpr bool is_ascii_alnum(unsigned char b) noexcept {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
}

// Per-byte table for the hot loops: the class of an ASCII letter or digit (0 for every
// other byte, including all bytes of multi-byte UTF-8).
enum : unsigned char { c_alnum = 1, c_upper = 2, c_lower = 4, c_digit = 8 };
struct ByteTables {
    unsigned char cls[256] = {};
    constexpr ByteTables() {
        for (int b = 'A'; b <= 'Z'; ++b) cls[b] = c_alnum | c_upper;
        for (int b = 'a'; b <= 'z'; ++b) cls[b] = c_alnum | c_lower;
        for (int b = '0'; b <= '9'; ++b) cls[b] = c_alnum | c_digit;
    }
};
constexpr ByteTables byte_tables;

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

namespace detail {
Token classify_word(std::string_view word) {
    Token t;
    classify(t, word);
    return t;
}
}  // namespace detail

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

void compact_key(std::string_view name, std::string& out) {
    out.clear();
    std::size_t i = 0;
    while (i < name.size()) {
        auto b = static_cast<unsigned char>(name[i]);
        if (b < 0x80) {  // ASCII without decoding: letters and digits kept, lower-cased
            ++i;
            if (is_ascii_alnum(b)) out += static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
            continue;
        }
        char32_t c = text::decode_utf8(name, i);
        if (!is_word_char(c) || c == 0x02BF || c == 0x02BE) continue;
        append_folded(out, c);
    }
}

std::string compact_key(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    compact_key(name, out);
    return out;
}

std::vector<Token> tokenize(std::string_view text, const std::vector<std::string>& elisions) {
    std::vector<Token> tokens;
    tokenize(text, elisions, tokens);
    return tokens;
}

void tokenize(std::string_view text, const std::vector<std::string>& elisions, std::vector<Token>& tokens) {
    tokens.clear();
    tokens.reserve(text.size() / 6 + 1);
    Cursor cur{text};
    bool sentence_start = true;
    while (!cur.done()) {
        auto b = static_cast<unsigned char>(text[cur.byte]);
        if (b < 0x80 && byte_tables.cls[b] == 0) {
            // The common separators (spaces, ASCII punctuation), without decoding.
            if (b == '.' || b == '!' || b == '?' || b == '\n' || b == ':') sentence_start = true;
            if (!tokens.empty()) {
                Token& prev = tokens.back();
                const bool space = b == ' ' || b == '\t';
                if (prev.byte_end == cur.byte) prev.space_after = space;
                else if (!space) prev.space_after = false;
                if (b == ',') prev.comma_after = true;
            }
            ++cur.byte;
            ++cur.cp;
            continue;
        }
        // An ASCII byte here is a letter or digit (the separators were handled above):
        // only a multi-byte code point needs decoding to know whether it starts a word.
        if (b >= 0x80) {
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
        }
        // Built in place: the key is folded straight into the token's own string.
        Token& t = tokens.emplace_back();
        t.byte_begin = cur.byte;
        t.cp_begin = cur.cp;
        t.sentence_start = sentence_start;
        sentence_start = false;
        std::string& key = t.key;
        // A token that is one run of ASCII letters and digits (most of them) is classified
        // while it is folded; any other token goes through classify().
        bool simple = true;
        unsigned classes = 0;  // c_lower, c_digit… of the ASCII runs
        const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
        for (;;) {
            // A run of ASCII letters and digits, folded in one go.
            std::size_t run = cur.byte;
            while (run < text.size()) {
                const unsigned char c = byte_tables.cls[bytes[run]];
                if (c == 0) break;
                classes |= c;
                ++run;
            }
            if (run != cur.byte) {
                const std::size_t old = key.size(), len = run - cur.byte;
                key.resize(old + len);
                text::lower_ascii_alnum(reinterpret_cast<const char*>(bytes + cur.byte), len, key.data() + old);
                cur.byte = run;
                cur.cp += len;
            }
            if (cur.done()) break;
            // Most words end at an ASCII space or punctuation mark: only a hyphen or an
            // apostrophe can continue them, so the rest end the token without decoding.
            if (const auto next_byte = bytes[cur.byte]; next_byte < 0x80 && next_byte != '-' && next_byte != '\'')
                break;
            char32_t ch = cur.peek();
            if (ch < 0x80 && ((ch | 0x20) - 'a' < 26 || ch - '0' < 10)) {
                ++cur.byte;
                ++cur.cp;
                key += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
                continue;
            }
            if (is_word_char(ch) || ch == 0x02BF || ch == 0x02BE) {
                simple = false;
                // advance() without decoding again: the byte length of ch is known.
                cur.byte += ch < 0x800 ? 2 : ch < 0x10000 ? 3 : 4;
                ++cur.cp;
                if (ch != 0x02BF && ch != 0x02BE) append_folded(key, ch);
                continue;
            }
            char32_t next = cur.peek2();
            bool joins = next != 0 && is_word_char(next);
            if (joins && is_hyphen(ch)) {
                simple = false;
                cur.advance();
                key += '-';
                continue;
            }
            if (joins && is_apostrophe(ch)) {
                if (is_elision(key, elisions)) {
                    simple = false;
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
                simple = false;
                cur.advance();  // Qa'im, Ma'arrat: the apostrophe is part of the name
                continue;
            }
            break;
        }
        t.byte_end = cur.byte;
        t.cp_end = cur.cp;
        if (simple) {
            // What classify() finds for a plain ASCII word.
            const std::size_t letters = t.byte_end - t.byte_begin;
            const auto first = static_cast<unsigned char>(text[t.byte_begin]);
            t.capitalised = first >= 'A' && first <= 'Z';
            t.has_digit = (classes & c_digit) != 0;
            t.all_upper = letters >= 2 && !(classes & c_lower);
        } else {
            classify(t, text.substr(t.byte_begin, t.byte_end - t.byte_begin));
        }
    }
}

}  // namespace geoevent::toponym
