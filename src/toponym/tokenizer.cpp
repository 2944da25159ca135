#include "geoevent/toponym/tokenizer.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "text/ascii_lower.hpp"
#include "text/utf8.hpp"
#include "toponym/byte_scan.hpp"
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

bool is_elision(std::string_view key, const std::vector<std::string>& elisions) {
    return std::find(elisions.begin(), elisions.end(), key) != elisions.end();
}

// Case flags of the finished token, from its text.
// Latin-1 letters (é, à, ç, É…), most of the non-ASCII of French text: their case is
// what is_upper and is_lower answer, without the Unicode tables. × and ÷ are no letters.
constexpr bool is_latin1_letter(char32_t c) noexcept { return c >= 0xC0 && c <= 0xFF && c != 0xD7 && c != 0xF7; }
constexpr bool latin1_is_upper(char32_t c) noexcept { return c <= 0xDE; }

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
        } else if (is_latin1_letter(c)) {
            up = latin1_is_upper(c);
            ++letters;
            if (!up) any_lower = true;
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

void compact_key_of_tokens(const std::vector<Token>& tokens, std::size_t first, std::size_t last, std::string& out) {
    out.clear();
    append_compact_key(tokens, first, last, out);
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

TokenList tokenize(std::string_view text, const std::vector<std::string>& elisions) {
    TokenList list;
    tokenize(text, elisions, list.tokens, *list.keys);
    return list;
}

namespace {

// The keys of one tokenization, written one after the other into the caller's buffer.
// The buffer is used up to `used`; its size beyond that is room, kept from call to call
// (resizing it to the text's length each time would zero it each time). Keys are at most
// as long as their text, so the room reserved up front suffices; when it does not, the
// buffer grows and the views already handed out are moved along.
class KeyWriter {
public:
    KeyWriter(std::string& buffer, std::vector<Token>& tokens, std::size_t expected)
        : m_buf(buffer), m_tokens(tokens) {
        if (m_buf.size() < expected) m_buf.resize(expected);
    }
    // Room for n more bytes at the write position.
    char* room(std::size_t n) {
        if (m_buf.size() - m_used < n) grow(n);
        return m_buf.data() + m_used;
    }
    void commit(std::size_t n) noexcept { m_used += n; }
    void put(char c) {
        *room(1) = c;
        ++m_used;
    }
    void append(std::string_view s) {
        std::memcpy(room(s.size()), s.data(), s.size());
        m_used += s.size();
    }
    std::size_t used() const noexcept { return m_used; }
    std::string_view since(std::size_t begin) const noexcept {
        return std::string_view(m_buf.data() + begin, m_used - begin);
    }

private:
    [[gnu::noinline]] void grow(std::size_t n) {
        const char* old = m_buf.data();
        m_buf.resize(std::max(m_buf.size() * 2, m_used + n + 64));
        if (m_buf.data() == old) return;
        for (Token& t : m_tokens)
            if (!t.key.empty()) t.key = std::string_view(m_buf.data() + (t.key.data() - old), t.key.size());
    }
    std::string& m_buf;
    std::vector<Token>& m_tokens;
    std::size_t m_used = 0;
};

// What a byte does between two words, for ascii_words.
enum : unsigned char { g_starts = 1, g_not_blank = 2, g_comma = 4, g_stop = 8 };
struct GapTable {
    unsigned char cls[256] = {};
    constexpr GapTable() {
        for (int b = 0; b < 256; ++b) {
            const bool word = b >= 0x80 || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
            if (word) {
                cls[b] = g_starts;
                continue;
            }
            if (b != ' ' && b != '\t') cls[b] |= g_not_blank;
            if (b == ',') cls[b] |= g_comma;
            if (b == '.' || b == '!' || b == '?' || b == ':' || b == '\n') cls[b] |= g_stop;
        }
    }
};
constexpr GapTable gap_table;

// Common words one after the other: ASCII letters and digits (fewer than 16) ended by an
// ASCII byte that cannot continue them (or by the end of the text), each with the ASCII
// separators after it. Their tokens and the flags the separators set are what the general
// path and the separator branch of tokenize_with give them. Stops before any other word
// and before a non-ASCII byte; returns false when it made no token (the word at cur is
// another kind). Kept out of line so that its loop keeps its state in registers.
template <WordScan Scan>
[[gnu::noinline]] bool ascii_words(std::string_view text, Cursor& cur, KeyWriter& keys, std::vector<Token>& tokens,
                                   bool& sentence_start) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    std::size_t at = cur.byte, cp = cur.cp;
    bool starts_sentence = sentence_start, made = false;
    for (;;) {
        char* const key = keys.room(16);
        const ByteMasks m = scan_bytes<Scan == WordScan::wide>(bytes + at, size - at, key);
        const unsigned len = static_cast<unsigned>(__builtin_ctz(~m.alnum));
        if (len >= 16) break;
        const std::size_t end = at + len;
        if (end < size) {
            const unsigned char c = bytes[end];
            if (c >= 0x80 || c == '-' || c == '\'') break;  // al-, Qa'im, armée
        }
        keys.commit(len);
        const unsigned word = (1u << len) - 1;
        Token& t = tokens.emplace_back();
        t.byte_begin = at;
        t.byte_end = end;
        t.cp_begin = cp;
        t.cp_end = cp + len;
        t.key = std::string_view(key, len);
        t.sentence_start = starts_sentence;
        t.capitalised = ((m.alnum & ~m.lower & ~m.digit) & 1u) != 0;
        t.all_upper = len >= 2 && (m.lower & word) == 0;
        t.has_digit = (m.digit & word) != 0;
        made = true;
        std::size_t pos = end;
        unsigned gap = 0;
        while (pos < size) {
            const unsigned char g = gap_table.cls[bytes[pos]];
            if (g & g_starts) break;
            gap |= g;
            ++pos;
        }
        t.space_after = pos != end && (gap & g_not_blank) == 0;
        t.comma_after = (gap & g_comma) != 0;
        starts_sentence = (gap & g_stop) != 0;
        cp += pos - at;
        at = pos;
        if (pos >= size || bytes[pos] >= 0x80) break;
    }
    cur.byte = at;
    cur.cp = cp;
    sentence_start = starts_sentence;
    return made;
}

template <WordScan Scan>
void tokenize_with(std::string_view text, const std::vector<std::string>& elisions, std::vector<Token>& tokens,
                   std::string& key_buffer) {
    tokens.clear();
    tokens.reserve(text.size() / 6 + 1);
    KeyWriter keys(key_buffer, tokens, text.size() + 64);
    std::string folded;  // one non-ASCII letter's folded form
    Cursor cur{text};
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
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
        if constexpr (Scan != WordScan::none)
            if (b < 0x80 && ascii_words<Scan>(text, cur, keys, tokens, sentence_start)) continue;
        Token& t = tokens.emplace_back();
        t.byte_begin = cur.byte;
        t.cp_begin = cur.cp;
        t.sentence_start = sentence_start;
        sentence_start = false;
        // The key is folded straight into the key buffer, after the previous token's.
        const std::size_t key_begin = keys.used();
        // The case flags are found while the key is folded, as classify() finds them from
        // the token's text: ASCII runs through the byte table, other letters one by one.
        unsigned classes = 0;        // c_lower, c_digit… of the ASCII runs
        std::size_t ascii = 0;       // letters and digits in the ASCII runs
        std::size_t other = 0;       // other letters with a case
        bool other_lower = false;    // one of them lower case
        bool part_start = true;      // at the start of the word or after a hyphen or apostrophe
        bool capitalised = false, no_case = false;
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
                const std::size_t len = run - cur.byte;
                if (part_start && (byte_tables.cls[bytes[cur.byte]] & c_upper)) capitalised = true;
                part_start = false;
                ascii += len;
                text::lower_ascii_alnum(reinterpret_cast<const char*>(bytes + cur.byte), len, keys.room(len));
                keys.commit(len);
                cur.byte = run;
                cur.cp += len;
            }
            if (cur.done()) break;
            // Most words end at an ASCII space or punctuation mark: only a hyphen or an
            // apostrophe can continue them, so the rest end the token without decoding.
            if (const auto next_byte = bytes[cur.byte]; next_byte < 0x80 && next_byte != '-' && next_byte != '\'')
                break;
            // Here the next character is a hyphen, an apostrophe or not ASCII.
            char32_t ch = cur.peek();
            if (is_word_char(ch) || ch == 0x02BF || ch == 0x02BE) {
                if (is_apostrophe(ch)) {  // U+02BC, a letter that classify() reads as an apostrophe
                    part_start = true;
                } else {
                    bool up;
                    if (is_latin1_letter(ch)) {
                        up = latin1_is_upper(ch);
                        ++other;
                        other_lower = other_lower || !up;
                    } else {
                        if (is_caseless_letter(ch)) no_case = true;
                        up = is_upper(ch);
                        if (up) {
                            ++other;
                        } else if (is_lower(ch)) {
                            ++other;
                            other_lower = true;
                        }
                    }
                    if (part_start && up) capitalised = true;
                    part_start = false;
                }
                // advance() without decoding again: the byte length of ch is known.
                cur.byte += ch < 0x800 ? 2 : ch < 0x10000 ? 3 : 4;
                ++cur.cp;
                if (ch != 0x02BF && ch != 0x02BE) {
                    folded.clear();
                    append_folded(folded, ch);
                    keys.append(folded);
                }
                continue;
            }
            char32_t next = cur.peek2();
            bool joins = next != 0 && is_word_char(next);
            if (joins && is_hyphen(ch)) {
                part_start = true;
                cur.advance();
                keys.put('-');
                continue;
            }
            if (joins && is_apostrophe(ch)) {
                if (is_elision(keys.since(key_begin), elisions)) {
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
                part_start = true;
                cur.advance();  // Qa'im, Ma'arrat: the apostrophe is part of the name
                continue;
            }
            break;
        }
        t.byte_end = cur.byte;
        t.cp_end = cur.cp;
        t.key = keys.since(key_begin);
        t.capitalised = capitalised;
        t.has_digit = (classes & c_digit) != 0;
        t.no_case = no_case;
        t.all_upper = ascii + other >= 2 && !(classes & c_lower) && !other_lower;
        // The commonest gap, one space before the next word, settled here: what the
        // separator branch above would do with it.
        if (cur.byte + 1 < text.size() && bytes[cur.byte] == ' ' && byte_tables.cls[bytes[cur.byte + 1]] != 0) {
            t.space_after = true;
            ++cur.byte;
            ++cur.cp;
        }
    }
}

}  // namespace

void tokenize(std::string_view text, const std::vector<std::string>& elisions, std::vector<Token>& tokens,
              std::string& key_buffer) {
    tokenize_with<WordScan::wide>(text, elisions, tokens, key_buffer);
}

namespace detail {
void tokenize_with_scan(WordScan scan, std::string_view text, const std::vector<std::string>& elisions,
                        std::vector<Token>& tokens, std::string& key_buffer) {
    switch (scan) {
    case WordScan::wide: return tokenize_with<WordScan::wide>(text, elisions, tokens, key_buffer);
    case WordScan::portable: return tokenize_with<WordScan::portable>(text, elisions, tokens, key_buffer);
    case WordScan::none: return tokenize_with<WordScan::none>(text, elisions, tokens, key_buffer);
    }
}
}  // namespace detail

}  // namespace geoevent::toponym
