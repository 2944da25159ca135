#include "geoevent/toponym/json_io.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>

#include "geoevent/error.hpp"
#include "io/article_reader.hpp"

namespace geoevent::toponym {

const char* to_string(MentionKind kind) noexcept {
    switch (kind) {
    case MentionKind::place: return "place";
    case MentionKind::country: return "country";
    case MentionKind::admin1: return "admin1";
    case MentionKind::demonym: return "demonym";
    }
    return "place";
}

namespace {

// Fixed decimals without trailing zeros ("33.51020" -> "33.5102"), written raw: faster than
// the shortest-round-trip formatting, and 5 decimals of a degree are about a metre.
template <class Writer>
void fixed(Writer& w, double v, int decimals) {
    char buf[40];
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
    w.RawValue(buf, static_cast<rapidjson::SizeType>(end - buf), rapidjson::kNumberType);
}

MentionKind kind_from(std::string_view s) {
    if (s == "country") return MentionKind::country;
    if (s == "admin1") return MentionKind::admin1;
    if (s == "demonym") return MentionKind::demonym;
    return MentionKind::place;
}

}  // namespace

std::string to_json_line(const std::string& id, const std::vector<Mention>& mentions) {
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
