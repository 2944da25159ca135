#include "geoevent/toponym/json_io.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <cmath>
#include <cstdint>
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
    // A string of one to two words' length copied as two overlapping words, closing quote
    // included; false, with nothing written, when a byte of it needs escaping.
    template <class Word>
    bool copy_plain_overlapping(const char* p, std::size_t n) {
        Word a, b;
        std::memcpy(&a, p, sizeof a);
        std::memcpy(&b, p + n - sizeof b, sizeof b);
        if (needs_escape(a) || needs_escape(b)) return false;
        std::memcpy(m_p, &a, sizeof a);
        std::memcpy(m_p + n - sizeof b, &b, sizeof b);
        m_p += n;
        *m_p++ = '"';
        return true;
    }
    // RapidJSON's escaping (Writer::WriteString without encoding validation): " and \ and
    // control characters; \b \t \n \f \r by name, others as \u00XX with upper-case hex.
    // Eight bytes at a time while none of them needs escaping.
    void string(std::string_view s) {
        static constexpr char hex[] = "0123456789ABCDEF";
        *m_p++ = '"';
        // Short strings (codes, names, reasons): two overlapping loads test and copy all of
        // it (the room need() made covers the stores), without a call to memcpy.
        if (const std::size_t n = s.size(); n < 16) {
            const char* p = s.data();
            if (n >= 8) {
                if (copy_plain_overlapping<std::uint64_t>(p, n)) return;
            } else if (n >= 4) {
                if (copy_plain_overlapping<std::uint32_t>(p, n)) return;
            } else {
                unsigned char any = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    any |= escape_table.needs[static_cast<unsigned char>(p[i])];
                    m_p[i] = p[i];
                }
                if (!any) {
                    m_p += n;
                    *m_p++ = '"';
                    return;
                }
            }
        }
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
    void uint(std::uint64_t v) { m_p = std::to_chars(m_p, m_p + 24, v).ptr; }
    // What fixed() writes, without std::to_chars in the common case: the value scaled to
    // an integer of 10^-decimals units. Exact unless the scaled value lies within 1e-6 of
    // a rounding tie (its computation errs by at most 1.2e-7 below 1e9): there, and for
    // large or non-finite values, the same to_chars code as fixed() decides.
    void fixed(double v, int decimals) {
        static constexpr double scale[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
        static constexpr std::uint64_t unit[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
        if (decimals >= 1 && decimals <= 6) {
            const double scaled = v * scale[decimals];
            if (scaled > -1e9 && scaled < 1e9) {  // also false for NaN
                const double whole = std::floor(scaled);
                const double frac = scaled - whole;
                if (std::fabs(frac - 0.5) > 1e-6) {
                    auto n = static_cast<std::int64_t>(whole) + (frac > 0.5 ? 1 : 0);
                    if (n == 0) {
                        *m_p++ = '0';
                        return;
                    }
                    if (n < 0) *m_p++ = '-';
                    std::uint64_t a = n < 0 ? static_cast<std::uint64_t>(-n) : static_cast<std::uint64_t>(n);
                    m_p = std::to_chars(m_p, m_p + 24, a / unit[decimals]).ptr;
                    std::uint64_t f = a % unit[decimals];
                    if (f != 0) {
                        // All the decimals written in place, then the trailing zeros dropped
                        // (f != 0, so the first decimal digit or a later one is not zero).
                        *m_p++ = '.';
                        for (int k = decimals - 1; k >= 0; --k) {
                            m_p[k] = static_cast<char>('0' + f % 10);
                            f /= 10;
                        }
                        int len = decimals;
                        while (m_p[len - 1] == '0') --len;
                        m_p += len;
                    }
                    return;
                }
            }
        }
        char buf[40];
        raw(buf, format_fixed(buf, v, decimals));
    }
    std::string line() const { return std::string(m_s.data(), static_cast<std::size_t>(m_p - m_s.data())); }

private:
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

}  // namespace

std::string to_json_line(const std::string& id, const std::vector<Mention>& mentions) {
    thread_local std::string storage;
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
        out.literal(",\"lat\":");
        out.fixed(m.lat, 5);
        out.literal(",\"lon\":");
        out.fixed(m.lon, 5);
        out.literal(",\"feature_code\":");
        out.string(m.feature_code);
        out.literal(",\"country\":");
        out.string(m.country);
        out.literal(",\"admin1\":");
        out.string(m.admin1);
        out.literal(",\"kind\":");
        out.string(kind_name(m.kind));
        out.literal(",\"score\":");
        out.fixed(m.score, 3);
        out.literal(",\"reason\":");
        out.string(m.reason);
        out.literal(",\"candidates\":[");
        for (std::size_t k = 0; k < m.candidates.size(); ++k) {
            if (k) out.put(',');
            out.literal("{\"geonameid\":");
            out.uint(m.candidates[k].geonameid);
            out.literal(",\"score\":");
            out.fixed(m.candidates[k].score, 3);
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
