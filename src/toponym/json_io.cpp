#include "geoevent/toponym/json_io.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string_view>

#include "geoevent/error.hpp"
#include "io/article_reader.hpp"
#include "toponym/json_reference.hpp"

namespace geoevent::toponym {

namespace {
// The kind's name with its length known, for the writer; a literal, so NUL-terminated too.
constexpr std::string_view kind_name(MentionKind kind) noexcept {
    switch (kind) {
    case MentionKind::place: return "place";
    case MentionKind::country: return "country";
    case MentionKind::admin1: return "admin1";
    case MentionKind::demonym: return "demonym";
    }
    return "place";
}
}  // namespace

const char* to_string(MentionKind kind) noexcept { return kind_name(kind).data(); }

namespace {

// Fixed decimals without trailing zeros ("33.51020" -> "33.5102"), written raw: faster than
// the shortest-round-trip formatting, and 5 decimals of a degree are about a metre.
std::size_t format_fixed(char (&buf)[40], double v, int decimals) {
    auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
    char* end = r.ptr;
    if (decimals > 0) {
        while (end[-1] == '0') --end;
        if (end[-1] == '.') --end;
    }
    if (end - buf == 2 && buf[0] == '-' && buf[1] == '0') {  // -0 after rounding
        buf[0] = '0';
        end = buf + 1;
    }
    return static_cast<std::size_t>(end - buf);
}

template <class Writer>
void fixed(Writer& w, double v, int decimals) {
    char buf[40];
    auto n = format_fixed(buf, v, decimals);
    w.RawValue(buf, static_cast<rapidjson::SizeType>(n), rapidjson::kNumberType);
}

MentionKind kind_from(std::string_view s) {
    if (s == "country") return MentionKind::country;
    if (s == "admin1") return MentionKind::admin1;
    if (s == "demonym") return MentionKind::demonym;
    return MentionKind::place;
}

}  // namespace

namespace detail {

// The reference serialisation through RapidJSON's Writer; to_json_line must produce the
// same bytes (tests/toponym/json_io_test.cpp compares them).
std::string to_json_line_rapidjson(const std::string& id, const std::vector<Mention>& mentions) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    auto str = [&](std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); };
    w.StartObject();
    w.Key("id");
    str(id);
    w.Key("toponyms");
    w.StartArray();
    for (auto& m : mentions) {
        w.StartObject();
        w.Key("start"); w.Uint64(m.start);
        w.Key("end"); w.Uint64(m.end);
        w.Key("name"); str(m.name);
        w.Key("geonameid"); w.Uint(m.geonameid);
        w.Key("lat"); fixed(w, m.lat, 5);
        w.Key("lon"); fixed(w, m.lon, 5);
        w.Key("feature_code"); str(m.feature_code);
        w.Key("country"); str(m.country);
        w.Key("admin1"); str(m.admin1);
        w.Key("kind"); str(to_string(m.kind));
        w.Key("score"); fixed(w, m.score, 3);
        w.Key("reason"); str(m.reason);
        w.Key("candidates");
        w.StartArray();
        for (auto& c : m.candidates) {
            w.StartObject();
            w.Key("geonameid"); w.Uint(c.geonameid);
            w.Key("score"); fixed(w, c.score, 3);
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return {buf.GetString(), buf.GetSize()};
}

}  // namespace detail

namespace {

// Bytes JSON strings must escape: control characters, " and \.
struct EscapeTable {
    unsigned char needs[256] = {};
    constexpr EscapeTable() {
        for (int c = 0; c < 0x20; ++c) needs[c] = 1;
        needs[static_cast<unsigned char>('"')] = 1;
        needs[static_cast<unsigned char>('\\')] = 1;
    }
};
constexpr EscapeTable escape_table;

// Whether some byte of v may need escaping (a control character, " or \\): exact when it
// says no; a yes is checked byte by byte. Bytes of UTF-8 sequences (>= 0x80) never trip it.
template <class Word>
constexpr bool needs_escape(Word v) noexcept {
    constexpr Word ones = static_cast<Word>(0x0101010101010101ull), highs = static_cast<Word>(0x8080808080808080ull);
    const Word quote = v ^ static_cast<Word>(ones * '"'), backslash = v ^ static_cast<Word>(ones * '\\');
    const Word special = static_cast<Word>(((v - ones * 0x20) & ~v) | ((quote - ones) & ~quote) |
                                           ((backslash - ones) & ~backslash));
    return (special & highs) != 0;
}

// "00" "01" … "99": integers are written two digits per division.
constexpr char digit_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// The last `n` digits of v, zero-padded on the left, ending at `end`.
inline void digits_backwards(char* end, std::uint32_t v, int n) noexcept {
    for (; n >= 2; n -= 2) {
        end -= 2;
        std::memcpy(end, digit_pairs + 2 * (v % 100), 2);
        v /= 100;
    }
    if (n) end[-1] = static_cast<char>('0' + v % 10);
}

// v in decimal at p; returns the end. Offsets, ids and whole degrees are mostly short.
inline char* write_u32(char* p, std::uint32_t v) noexcept {
    if (v < 10) {
        *p = static_cast<char>('0' + v);
        return p + 1;
    }
    if (v < 100) {
        std::memcpy(p, digit_pairs + 2 * v, 2);
        return p + 2;
    }
    static constexpr std::uint32_t powers[] = {1,      10,      100,      1000,      10000,
                                               100000, 1000000, 10000000, 100000000, 1000000000};
    // Digits from the bit length (log10 2 ~ 1233 / 4096), corrected by one comparison.
    const int t = ((32 - __builtin_clz(v)) * 1233) >> 12;
    const int n = t + (v >= powers[t] ? 1 : 0);
    digits_backwards(p + n, v, n);
    return p + n;
}

// The output line is written through a raw cursor into a per-thread buffer that keeps
// its capacity. need() makes room for the longest possible form of what follows (one
// mention at a time); the writers then check nothing.
class LineBuffer {
public:
    explicit LineBuffer(std::string& storage) : m_s(storage) {
        if (m_s.size() < 4096) m_s.resize(4096);
        m_p = m_s.data();
        m_end = m_p + m_s.size();
    }
    void need(std::size_t n) {
        if (static_cast<std::size_t>(m_end - m_p) < n) grow(n);
    }
    template <std::size_t N>
    void literal(const char (&text)[N]) {
        std::memcpy(m_p, text, N - 1);
        m_p += N - 1;
    }
    void put(char c) { *m_p++ = c; }
    void raw(const char* data, std::size_t n) {
        std::memcpy(m_p, data, n);
        m_p += n;
    }
    // Room string() may take: quotes and every byte escaped as \u00XX.
    static std::size_t string_room(std::string_view s) { return 2 + 6 * s.size(); }
    // A string needing no escape is copied a word at a time (the last word overlapping the
    // one before), tested as it goes; the first word that may need escaping sends the whole
    // string to escaped(), which starts again from the opening quote (the stores already
    // made lie within the room need() made). Inline: codes, names and reasons are short.
    [[gnu::always_inline]] void string(std::string_view s) {
        const char* p = s.data();
        const std::size_t n = s.size();
        char* o = m_p + 1;
        *m_p = '"';
        if (n >= 8) {
            std::size_t i = 0;
            std::uint64_t v;
            for (; i + 8 <= n; i += 8) {
                std::memcpy(&v, p + i, 8);
                if (needs_escape(v)) return escaped(s);
                std::memcpy(o + i, &v, 8);
            }
            if (i < n) {
                std::memcpy(&v, p + n - 8, 8);
                if (needs_escape(v)) return escaped(s);
                std::memcpy(o + n - 8, &v, 8);
            }
        } else if (n >= 4) {
            std::uint32_t a, b;
            std::memcpy(&a, p, 4);
            std::memcpy(&b, p + n - 4, 4);
            if (needs_escape(a) || needs_escape(b)) return escaped(s);
            std::memcpy(o, &a, 4);
            std::memcpy(o + n - 4, &b, 4);
        } else {
            unsigned char any = 0;
            for (std::size_t i = 0; i < n; ++i) {
                any |= escape_table.needs[static_cast<unsigned char>(p[i])];
                o[i] = p[i];
            }
            if (any) return escaped(s);
        }
        o[n] = '"';
        m_p = o + n + 1;
    }
    void uint(std::uint64_t v) {
        if (v > 0xFFFFFFFFu) m_p = std::to_chars(m_p, m_p + 24, v).ptr;
        else m_p = write_u32(m_p, static_cast<std::uint32_t>(v));
    }
    // What fixed() writes, without std::to_chars in the common case: the value scaled to
    // an integer of 10^-Decimals units. Exact unless the scaled value lies within 1e-6 of
    // a rounding tie (its computation errs by at most 1.2e-7 below 1e9): there, and for
    // large or non-finite values, the same to_chars code as fixed() decides.
    template <int Decimals>
    void fixed(double v) {
        static_assert(Decimals >= 1 && Decimals <= 6);
        constexpr std::uint32_t unit = [] {
            std::uint32_t u = 1;
            for (int k = 0; k < Decimals; ++k) u *= 10;
            return u;
        }();
        const double scaled = v * static_cast<double>(unit);
        if (scaled > -1e9 && scaled < 1e9) {  // also false for NaN
            // floor() without the libm call: truncation is exact below 1e9 in magnitude.
            const double truncated = static_cast<double>(static_cast<std::int64_t>(scaled));
            const double whole = truncated > scaled ? truncated - 1 : truncated;
            const double frac = scaled - whole;
            if (std::fabs(frac - 0.5) > 1e-6) {
                const auto n = static_cast<std::int64_t>(whole) + (frac > 0.5 ? 1 : 0);
                if (n == 0) {
                    *m_p++ = '0';
                    return;
                }
                if (n < 0) *m_p++ = '-';
                const auto a = static_cast<std::uint32_t>(n < 0 ? -n : n);  // <= 1e9
                m_p = write_u32(m_p, a / unit);
                if (const std::uint32_t f = a % unit; f != 0) {
                    // All the decimals, then the trailing zeros dropped (f != 0: one stays).
                    *m_p = '.';
                    char* d = m_p + 1;
                    digits_backwards(d + Decimals, f, Decimals);
                    int len = Decimals;
                    while (d[len - 1] == '0') --len;
                    m_p = d + len;
                }
                return;
            }
        }
        char buf[40];
        raw(buf, format_fixed(buf, v, Decimals));
    }
    std::string line() const { return std::string(m_s.data(), static_cast<std::size_t>(m_p - m_s.data())); }
    char* cursor() const noexcept { return m_p; }
    void advance_to(char* p) noexcept { m_p = p; }

private:
    // RapidJSON's escaping (Writer::WriteString without encoding validation): " and \ and
    // control characters; \b \t \n \f \r by name, others as \u00XX with upper-case hex.
    // Eight bytes at a time while none of them needs escaping.
    [[gnu::noinline]] void escaped(std::string_view s) {
        static constexpr char hex[] = "0123456789ABCDEF";
        *m_p++ = '"';
        std::size_t i = 0;
        while (i + 8 <= s.size()) {
            std::uint64_t v;
            std::memcpy(&v, s.data() + i, 8);
            if (needs_escape(v)) break;
            std::memcpy(m_p, &v, 8);
            m_p += 8;
            i += 8;
        }
        std::size_t run = i;
        for (; i < s.size(); ++i) {
            auto c = static_cast<unsigned char>(s[i]);
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            std::memcpy(m_p, s.data() + run, i - run);
            m_p += i - run;
            run = i + 1;
            *m_p++ = '\\';
            switch (c) {
                case '"': *m_p++ = '"'; break;
                case '\\': *m_p++ = '\\'; break;
                case 0x08: *m_p++ = 'b'; break;
                case 0x09: *m_p++ = 't'; break;
                case 0x0A: *m_p++ = 'n'; break;
                case 0x0C: *m_p++ = 'f'; break;
                case 0x0D: *m_p++ = 'r'; break;
                default:
                    *m_p++ = 'u';
                    *m_p++ = '0';
                    *m_p++ = '0';
                    *m_p++ = hex[c >> 4];
                    *m_p++ = hex[c & 0xF];
            }
        }
        std::memcpy(m_p, s.data() + run, s.size() - run);
        m_p += s.size() - run;
        *m_p++ = '"';
    }
    [[gnu::noinline]] void grow(std::size_t n) {
        const std::size_t used = static_cast<std::size_t>(m_p - m_s.data());
        m_s.resize(std::max(m_s.size() * 2, used + n));
        m_p = m_s.data() + used;
        m_end = m_s.data() + m_s.size();
    }
    std::string& m_s;
    char* m_p;
    char* m_end;
};

// The text of a place's coordinates, `,"lat":…,"lon":…` (at most 2 * (7 + 40) bytes), as last
// written for its id: news repeats the same places, so most mentions copy it instead of
// formatting two numbers. Keyed by the id and both doubles' bits, so a hit is the same text.
class CoordinateCache {
public:
    static constexpr std::size_t max_text = 112;
    // Writes the text through `out`, from the cache or formatted (and then kept).
    void write(LineBuffer& out, std::uint32_t geonameid, double lat, double lon) {
        std::uint64_t lat_bits, lon_bits;
        std::memcpy(&lat_bits, &lat, 8);
        std::memcpy(&lon_bits, &lon, 8);
        Slot& slot = m_slots[(geonameid * 0x9E3779B1u) >> (32 - slot_bits)];
        if (slot.length != 0 && slot.geonameid == geonameid && slot.lat_bits == lat_bits && slot.lon_bits == lon_bits) {
            std::memcpy(out.cursor(), slot.text, max_text);  // need() made room for the longest form
            out.advance_to(out.cursor() + slot.length);
            return;
        }
        char* start = out.cursor();
        out.literal(",\"lat\":");
        out.fixed<5>(lat);
        out.literal(",\"lon\":");
        out.fixed<5>(lon);
        const auto length = static_cast<std::size_t>(out.cursor() - start);
        if (length > max_text) return;  // cannot happen (see above); not kept if it did
        std::memcpy(slot.text, start, length);
        slot.length = static_cast<std::uint8_t>(length);
        slot.geonameid = geonameid;
        slot.lat_bits = lat_bits;
        slot.lon_bits = lon_bits;
    }

private:
    static constexpr int slot_bits = 10;
    struct Slot {
        std::uint32_t geonameid = 0;
        std::uint8_t length = 0;  // 0: empty
        std::uint64_t lat_bits = 0, lon_bits = 0;
        char text[max_text];
    };
    Slot m_slots[std::size_t(1) << slot_bits];
};

}  // namespace

std::string to_json_line(const std::string& id, const std::vector<Mention>& mentions) {
    thread_local std::string storage;
    thread_local auto coordinates = std::make_unique<CoordinateCache>();  // 136 KiB: not in TLS
    LineBuffer out(storage);
    // Numbers take at most 24 (integers) and 48 (fixed) bytes; keys and punctuation of a
    // mention about 200 and of a candidate about 40.
    out.need(32 + LineBuffer::string_room(id));
    out.literal("{\"id\":");
    out.string(id);
    out.literal(",\"toponyms\":[");
    bool first = true;
    for (auto& m : mentions) {
        out.need(600 + LineBuffer::string_room(m.name) + LineBuffer::string_room(m.feature_code) +
                 LineBuffer::string_room(m.country) + LineBuffer::string_room(m.admin1) +
                 LineBuffer::string_room(m.reason) + 100 * m.candidates.size());
        if (!first) out.put(',');
        first = false;
        out.literal("{\"start\":");
        out.uint(m.start);
        out.literal(",\"end\":");
        out.uint(m.end);
        out.literal(",\"name\":");
        out.string(m.name);
        out.literal(",\"geonameid\":");
        out.uint(m.geonameid);
        coordinates->write(out, m.geonameid, m.lat, m.lon);
        out.literal(",\"feature_code\":");
        out.string(m.feature_code);
        out.literal(",\"country\":");
        out.string(m.country);
        out.literal(",\"admin1\":");
        out.string(m.admin1);
        // The kind's name needs no escape: written with its quotes as one literal.
        switch (m.kind) {
        case MentionKind::country: out.literal(",\"kind\":\"country\",\"score\":"); break;
        case MentionKind::admin1: out.literal(",\"kind\":\"admin1\",\"score\":"); break;
        case MentionKind::demonym: out.literal(",\"kind\":\"demonym\",\"score\":"); break;
        default: out.literal(",\"kind\":\"place\",\"score\":"); break;
        }
        out.fixed<3>(m.score);
        out.literal(",\"reason\":");
        out.string(m.reason);
        out.literal(",\"candidates\":[");
        for (std::size_t k = 0; k < m.candidates.size(); ++k) {
            if (k) out.put(',');
            out.literal("{\"geonameid\":");
            out.uint(m.candidates[k].geonameid);
            out.literal(",\"score\":");
            out.fixed<3>(m.candidates[k].score);
            out.put('}');
        }
        out.literal("]}");
    }
    out.need(2);
    out.literal("]}");
    return out.line();
}

std::vector<ToponymDocument> read_toponyms_file(const std::string& path) {
    std::vector<ToponymDocument> docs;
    std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
    if (!f) throw InputError(path, 0, "cannot open the file", "check the path");
    io::detail::BoundedLineSplitter lines(
        [f](char* b, std::size_t n) { return std::fread(b, 1, n, f); }, std::size_t(1) << 30);
    std::string line;
    bool too_long = false;
    std::size_t bytes = 0;
    auto fail = [&](const std::string& what) {
        if (f != stdin) std::fclose(f);
        throw InputError(path, lines.line_number(), what, "every line must be {\"id\": …, \"toponyms\": [...]}");
    };
    while (lines.next(line, too_long, bytes)) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        rapidjson::Document d;
        d.Parse(line.c_str(), line.size());
        if (d.HasParseError() || !d.IsObject()) fail("malformed JSON");
        ToponymDocument doc;
        auto id = d.FindMember("id");
        if (id == d.MemberEnd()) fail("missing \"id\"");
        if (id->value.IsString()) doc.id = id->value.GetString();
        else if (id->value.IsUint64()) doc.id = std::to_string(id->value.GetUint64());
        else fail("\"id\" is neither a string nor a number");
        auto tops = d.FindMember("toponyms");
        if (tops == d.MemberEnd() || !tops->value.IsArray()) fail("missing \"toponyms\" array");
        for (auto& t : tops->value.GetArray()) {
            if (!t.IsObject() || !t.HasMember("start") || !t.HasMember("end") || !t["start"].IsUint64() ||
                !t["end"].IsUint64())
                fail("a toponym without integer \"start\" and \"end\"");
            Mention m;
            m.start = t["start"].GetUint64();
            m.end = t["end"].GetUint64();
            auto get_str = [&](const char* k) -> std::string {
                auto it = t.FindMember(k);
                return it != t.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
            };
            auto get_num = [&](const char* k) -> double {
                auto it = t.FindMember(k);
                return it != t.MemberEnd() && it->value.IsNumber() ? it->value.GetDouble() : 0.0;
            };
            m.name = get_str("name");
            if (auto it = t.FindMember("geonameid"); it != t.MemberEnd() && it->value.IsUint()) m.geonameid = it->value.GetUint();
            m.lat = get_num("lat");
            m.lon = get_num("lon");
            m.feature_code = get_str("feature_code");
            m.country = get_str("country");
            m.admin1 = get_str("admin1");
            m.kind = kind_from(get_str("kind"));
            m.score = get_num("score");
            m.reason = get_str("reason");
            doc.toponyms.push_back(std::move(m));
        }
        docs.push_back(std::move(doc));
    }
    if (f != stdin) std::fclose(f);
    return docs;
}

}  // namespace geoevent::toponym
