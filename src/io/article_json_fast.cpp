// The JSON Lines record most inputs hold, read without RapidJSON: RapidJSON scans strings a
// byte at a time (its SSE2 scan reads past the buffer), and the line's UTF-8 check is a second
// pass over the same bytes. Here both happen in one pass, eight bytes at a time while the
// bytes are plain ASCII, and `text` is decoded straight into the article.
//
// The fast reader only says yes to what it fully understands: one object whose keys need no
// escape and whose values are all strings without surrogate escapes, valid UTF-8 throughout,
// with a "text" and without "spans". Anything else (another value type, a BOM, a NUL, a
// broken line) is handed back, untouched in meaning, to the RapidJSON path, which accepts or
// rejects it with its own message and byte offset. On what it accepts, it must produce what
// RapidJSON produces (tests/io/article_json_fast_test.cpp and the article_json fuzz target).
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "geoevent/io/article.hpp"
#include "io/article_reader.hpp"
#include "text/utf8.hpp"

namespace geoevent::io::detail {

namespace {

constexpr std::uint64_t ones = 0x0101010101010101ull;
constexpr std::uint64_t highs = 0x8080808080808080ull;

// The high bit of each byte of v that ends a plain run: a control character, '"', '\\' or
// a byte >= 0x80. A borrow only carries into bytes above a flagged one, so the lowest flag
// is exact (the only one used).
constexpr std::uint64_t stop_bytes(std::uint64_t v) noexcept {
    const std::uint64_t quote = v ^ (ones * '"'), backslash = v ^ (ones * '\\');
    return (((v - ones * 0x20) & ~v) | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | v) & highs;
}

int hex_value(unsigned char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// Length of the well-formed UTF-8 sequence at p (RFC 3629, as text::is_valid_utf8 has it:
// no overlong forms, no surrogates, nothing above U+10FFFF), or 0.
int utf8_sequence(const unsigned char* p, const unsigned char* end) noexcept {
    const unsigned b0 = p[0];
    int len;
    unsigned lo = 0x80, hi = 0xBF;  // bounds of the second byte
    if (b0 < 0xC2) return 0;
    if (b0 < 0xE0) len = 2;
    else if (b0 < 0xF0) {
        len = 3;
        if (b0 == 0xE0) lo = 0xA0;       // overlong
        else if (b0 == 0xED) hi = 0x9F;  // surrogates
    } else if (b0 <= 0xF4) {
        len = 4;
        if (b0 == 0xF0) lo = 0x90;       // overlong
        else if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
        return 0;
    }
    if (end - p < len) return 0;
    if (p[1] < lo || p[1] > hi) return 0;
    for (int k = 2; k < len; ++k)
        if ((p[k] & 0xC0) != 0x80) return 0;
    return len;
}

// The contents of a string from p (just after its opening quote), decoded to `out`, which
// has room for as many bytes as remain in the line. Returns the position after the closing
// quote and moves `out` to the end of what it wrote; nullptr when the fast reader does not
// take the string.
const unsigned char* read_string(const unsigned char* p, const unsigned char* end, char*& out) noexcept {
    char* o = out;
    for (;;) {
        if (end - p >= 8) {
            std::uint64_t v;
            std::memcpy(&v, p, 8);
            const std::uint64_t stops = stop_bytes(v);
            std::memcpy(o, &v, 8);
            if (stops == 0) {
                p += 8;
                o += 8;
                continue;
            }
            const int plain = __builtin_ctzll(stops) >> 3;
            p += plain;
            o += plain;
        }
        if (p == end) return nullptr;  // no closing quote
        const unsigned c = *p;
        if (c == '"') {
            out = o;
            return p + 1;
        }
        if (c >= 0x80) {
            const int len = utf8_sequence(p, end);
            if (len == 0) return nullptr;
            std::memcpy(o, p, static_cast<std::size_t>(len));
            p += len;
            o += len;
        } else if (c == '\\') {
            if (end - p < 2) return nullptr;
            unsigned char e = p[1];
            char simple = 0;
            switch (e) {
            case '"': simple = '"'; break;
            case '\\': simple = '\\'; break;
            case '/': simple = '/'; break;
            case 'b': simple = '\b'; break;
            case 'f': simple = '\f'; break;
            case 'n': simple = '\n'; break;
            case 'r': simple = '\r'; break;
            case 't': simple = '\t'; break;
            case 'u': break;
            default: return nullptr;
            }
            if (simple) {
                *o = simple;
                ++o;
                p += 2;
                continue;
            }
            if (end - p < 6) return nullptr;
            unsigned cp = 0;
            for (int k = 2; k < 6; ++k) {
                const int h = hex_value(p[k]);
                if (h < 0) return nullptr;
                cp = cp << 4 | static_cast<unsigned>(h);
            }
            if (cp >= 0xD800 && cp <= 0xDFFF) return nullptr;  // pairs and their errors: RapidJSON's call
            char bytes[3];
            int n;
            if (cp < 0x80) {
                bytes[0] = static_cast<char>(cp);
                n = 1;
            } else if (cp < 0x800) {
                bytes[0] = static_cast<char>(0xC0 | cp >> 6);
                bytes[1] = static_cast<char>(0x80 | (cp & 0x3F));
                n = 2;
            } else {
                bytes[0] = static_cast<char>(0xE0 | cp >> 12);
                bytes[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                bytes[2] = static_cast<char>(0x80 | (cp & 0x3F));
                n = 3;
            }
            std::memcpy(o, bytes, static_cast<std::size_t>(n));
            o += n;
            p += 6;
        } else if (c < 0x20) {
            return nullptr;  // RapidJSON's error
        } else {
            *o = static_cast<char>(c);
            ++o;
            ++p;
        }
    }
}

const unsigned char* skip_space(const unsigned char* p, const unsigned char* end) noexcept {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) ++p;
    return p;
}

}  // namespace

bool parse_article_json_fast(std::string_view line, Article& article) {
    const auto* p = reinterpret_cast<const unsigned char*>(line.data());
    const auto* const end = p + line.size();
    p = skip_space(p, end);
    if (p == end || *p != '{') return false;
    p = skip_space(p + 1, end);
    // Which of the record's members have been read: RapidJSON's FindMember takes the first
    // member of a name, so a repeated one is only checked.
    enum : unsigned { id_bit = 1, text_bit = 2, date_bit = 4, lang_bit = 8, title_bit = 16, url_bit = 32 };
    unsigned seen = 0;
    thread_local std::string scratch;
    for (;;) {
        if (p == end || *p != '"') return false;  // also the empty object: it has no "text"
        const unsigned char* key = ++p;
        while (p < end && *p != '"') {
            if (*p < 0x20 || *p >= 0x80 || *p == '\\') return false;
            ++p;
        }
        if (p == end) return false;
        const std::string_view name(reinterpret_cast<const char*>(key), static_cast<std::size_t>(p - key));
        p = skip_space(p + 1, end);
        if (p == end || *p != ':') return false;
        p = skip_space(p + 1, end);
        if (p == end || *p != '"') return false;
        ++p;
        std::string* target = nullptr;
        unsigned bit = 0;
        if (name == "text") target = &article.text, bit = text_bit;
        else if (name == "id") target = &article.id, bit = id_bit;
        else if (name == "date") target = &article.date, bit = date_bit;
        else if (name == "lang") target = &article.lang, bit = lang_bit;
        else if (name == "title") target = &article.title, bit = title_bit;
        else if (name == "url") target = &article.url, bit = url_bit;
        else if (name == "spans") return false;
        if (target && (seen & bit)) target = nullptr;
        seen |= bit;
        const std::size_t room = static_cast<std::size_t>(end - p);
        if (target == &article.text) {
            // Decoded where it stays: the one copy of the text.
            article.text.resize(room);
            char* o = article.text.data();
            p = read_string(p, end, o);
            if (!p) return false;
            article.text.resize(static_cast<std::size_t>(o - article.text.data()));
        } else {
            // Short members (and those not wanted, only checked) through a buffer that keeps
            // its size, then assigned exactly.
            if (scratch.size() < room) scratch.resize(room);
            char* o = scratch.data();
            p = read_string(p, end, o);
            if (!p) return false;
            if (target) target->assign(scratch.data(), static_cast<std::size_t>(o - scratch.data()));
            if (scratch.size() > (std::size_t(1) << 20)) std::string().swap(scratch);  // a huge line's room is not kept
        }
        p = skip_space(p, end);
        if (p == end) return false;
        if (*p == '}') break;
        if (*p != ',') return false;
        p = skip_space(p + 1, end);
    }
    if (!(seen & text_bit)) return false;
    // RapidJSON stops after the object (kParseStopWhenDoneFlag), but the reader checked the
    // whole line's UTF-8 first.
    const auto rest = static_cast<std::size_t>(end - (p + 1));
    return text::is_valid_utf8(std::string_view(line.data() + (line.size() - rest), rest));
}

}  // namespace geoevent::io::detail
