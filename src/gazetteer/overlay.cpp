#include "geoevent/gazetteer/overlay.hpp"

#include <charconv>
#include <cmath>

#include "geoevent/error.hpp"
#include "io/line_reader.hpp"
#include "text/utf8.hpp"

namespace geoevent::gazetteer {

namespace {

std::vector<std::string_view> split(std::string_view line, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (;;) {
        auto pos = line.find(sep, start);
        out.push_back(line.substr(start, pos == std::string_view::npos ? pos : pos - start));
        if (pos == std::string_view::npos) return out;
        start = pos + 1;
    }
}

template <typename T>
bool to_number(std::string_view s, T& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

Overlay Overlay::load(const std::string& path) {
    Overlay overlay;
    io::LineReader lines(path);
    std::string_view line;
    const std::string hint = "see the overlay format in gazetteer/README.md";
    while (lines.next(line)) {
        auto fail = [&](const std::string& msg) { throw InputError(path, lines.line_number(), msg, hint); };
        if (line.empty() || line.front() == '#') continue;
        if (!text::is_valid_utf8(line)) fail("invalid UTF-8");
        auto f = split(line, '\t');
        if (f[0] == "place") {
            if (f.size() < 7 || f.size() > 10) fail("`place` takes 6 to 9 tab-separated fields, found " + std::to_string(f.size() - 1));
            PlaceRecord r;
            if (!to_number(f[1], r.geonameid) || r.geonameid == 0) fail("bad geonameid '" + std::string(f[1]) + "'");
            r.name.assign(f[2]);
            r.ascii_name = r.name;
            if (r.name.empty()) fail("empty name");
            if (!to_number(f[3], r.latitude) || std::abs(r.latitude) > 90) fail("bad latitude '" + std::string(f[3]) + "'");
            if (!to_number(f[4], r.longitude) || std::abs(r.longitude) > 180) fail("bad longitude '" + std::string(f[4]) + "'");
            r.feature_code.assign(f[5]);
            r.feature_class = r.feature_code.rfind("PPL", 0) == 0 ? 'P' : r.feature_code.rfind("ADM", 0) == 0 || r.feature_code.rfind("PCL", 0) == 0 ? 'A' : 'L';
            r.country.assign(f[6]);
            if (r.country.size() != 2) fail("bad country code '" + r.country + "' (ISO 3166-1 alpha-2 expected)");
            if (f.size() > 7) r.admin1.assign(f[7]);
            if (f.size() > 8 && !f[8].empty() && !to_number(f[8], r.population)) fail("bad population '" + std::string(f[8]) + "'");
            if (f.size() > 9)
                for (auto alt : split(f[9], ','))
                    if (!alt.empty()) r.alternate_names.emplace_back(alt);
            overlay.places.push_back(std::move(r));
        } else if (f[0] == "alias") {
            if (f.size() != 3) fail("`alias` takes 2 tab-separated fields: geonameid, name");
            OverlayAlias a;
            if (!to_number(f[1], a.geonameid) || a.geonameid == 0) fail("bad geonameid '" + std::string(f[1]) + "'");
            a.name.assign(f[2]);
            if (a.name.empty()) fail("empty name");
            overlay.aliases.push_back(std::move(a));
        } else if (f[0] == "suppress") {
            if (f.size() < 2 || f.size() > 3) fail("`suppress` takes a name and an optional geonameid");
            OverlaySuppression s;
            s.name.assign(f[1]);
            if (s.name.empty()) fail("empty name");
            if (f.size() == 3 && !to_number(f[2], s.geonameid)) fail("bad geonameid '" + std::string(f[2]) + "'");
            overlay.suppressions.push_back(std::move(s));
        } else {
            fail("unknown directive '" + std::string(f[0]) + "' (expected place, alias or suppress)");
        }
    }
    return overlay;
}

}  // namespace geoevent::gazetteer
