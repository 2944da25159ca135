#include "geoevent/gazetteer/geonames_reader.hpp"

#include <charconv>
#include <cmath>

#include "geoevent/error.hpp"
#include "io/line_reader.hpp"
#include "text/utf8.hpp"

namespace geoevent::gazetteer {

namespace {

// Splits on tabs into at most `max` views; returns the number of fields found.
std::size_t split_tabs(std::string_view line, std::string_view* fields, std::size_t max) {
    std::size_t n = 0;
    std::size_t start = 0;
    for (;;) {
        std::size_t tab = line.find('\t', start);
        if (n < max) fields[n] = line.substr(start, tab == std::string_view::npos ? tab : tab - start);
        ++n;
        if (tab == std::string_view::npos) return n;
        start = tab + 1;
    }
}

template <typename T>
bool parse_int(std::string_view s, T& out) {
    if (s.empty()) {
        out = 0;
        return true;
    }
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

bool parse_double(std::string_view s, double& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size() && std::isfinite(out);
}

std::string column_count_error(std::size_t got, std::size_t want) {
    return std::to_string(got) + " tab-separated columns where " + std::to_string(want) +
           " were expected";
}

}  // namespace

bool is_pseudo_language(const std::string& l) {
    static const char* const codes[] = {"link", "wkdt", "post", "iata", "icao", "faac", "unlc",
                                        "fr_1793", "phon", "piny", "tcid", "abbr", "uncl"};
    for (const char* c : codes)
        if (l == c) return true;
    return false;
}

std::string parse_place(std::string_view line, PlaceRecord& r) {
    std::string_view f[19];
    std::size_t n = split_tabs(line, f, 19);
    if (n != 19) return column_count_error(n, 19);
    if (!text::is_valid_utf8(line)) return "invalid UTF-8";
    if (!parse_int(f[0], r.geonameid) || r.geonameid == 0) return "bad geonameid '" + std::string(f[0]) + "'";
    if (!parse_double(f[4], r.latitude) || r.latitude < -90 || r.latitude > 90)
        return "bad latitude '" + std::string(f[4]) + "'";
    if (!parse_double(f[5], r.longitude) || r.longitude < -180 || r.longitude > 180)
        return "bad longitude '" + std::string(f[5]) + "'";
    if (f[1].empty()) return "empty name";
    if (f[6].size() > 1) return "bad feature class '" + std::string(f[6]) + "'";
    if (!parse_int(f[14], r.population) || r.population < 0)
        return "bad population '" + std::string(f[14]) + "'";
    r.name.assign(f[1]);
    r.ascii_name.assign(f[2]);
    r.alternate_names.clear();
    for (std::size_t start = 0; start < f[3].size();) {
        std::size_t comma = f[3].find(',', start);
        if (comma == std::string_view::npos) comma = f[3].size();
        if (comma > start) r.alternate_names.emplace_back(f[3].substr(start, comma - start));
        start = comma + 1;
    }
    r.feature_class = f[6].empty() ? 0 : f[6][0];
    r.feature_code.assign(f[7]);
    r.country.assign(f[8]);
    r.admin1.assign(f[10]);
    r.admin2.assign(f[11]);
    r.timezone.assign(f[17]);
    r.modified.assign(f[18]);
    return {};
}

std::string parse_alternate_name(std::string_view line, AlternateNameRecord& r) {
    std::string_view f[10];
    std::size_t n = split_tabs(line, f, 10);
    // Older alternateNames.txt has 8 columns; V2 adds from/to.
    if (n != 10 && n != 8) return column_count_error(n, 10);
    if (!text::is_valid_utf8(line)) return "invalid UTF-8";
    if (!parse_int(f[0], r.alternate_name_id)) return "bad alternateNameId '" + std::string(f[0]) + "'";
    if (!parse_int(f[1], r.geonameid) || r.geonameid == 0) return "bad geonameid '" + std::string(f[1]) + "'";
    if (f[3].empty()) return "empty name";
    r.language.assign(f[2]);
    r.name.assign(f[3]);
    r.preferred = f[4] == "1";
    r.short_name = f[5] == "1";
    r.colloquial = f[6] == "1";
    r.historic = f[7] == "1";
    r.from.assign(n == 10 ? f[8] : std::string_view{});
    r.to.assign(n == 10 ? f[9] : std::string_view{});
    return {};
}

std::string parse_admin_code(std::string_view line, AdminCodeRecord& r) {
    std::string_view f[4];
    std::size_t n = split_tabs(line, f, 4);
    if (n != 4) return column_count_error(n, 4);
    if (!text::is_valid_utf8(line)) return "invalid UTF-8";
    if (f[0].find('.') == std::string_view::npos) return "bad code '" + std::string(f[0]) + "' (expected CC.code)";
    if (!parse_int(f[3], r.geonameid)) return "bad geonameid '" + std::string(f[3]) + "'";
    r.code.assign(f[0]);
    r.name.assign(f[1]);
    r.ascii_name.assign(f[2]);
    return {};
}

std::string parse_country(std::string_view line, CountryRecord& r) {
    std::string_view f[19];
    std::size_t n = split_tabs(line, f, 19);
    if (n < 17) return column_count_error(n, 19);
    if (!text::is_valid_utf8(line)) return "invalid UTF-8";
    if (f[0].size() != 2) return "bad ISO code '" + std::string(f[0]) + "'";
    if (!parse_int(f[7], r.population)) return "bad population '" + std::string(f[7]) + "'";
    if (!parse_int(f[16], r.geonameid)) return "bad geonameid '" + std::string(f[16]) + "'";
    r.iso2.assign(f[0]);
    r.iso3.assign(f[1]);
    r.name.assign(f[4]);
    r.capital.assign(f[5]);
    r.continent.assign(f[8]);
    return {};
}

std::string parse_delete(std::string_view line, DeleteRecord& r) {
    std::string_view f[4];
    std::size_t n = split_tabs(line, f, 4);
    if (!text::is_valid_utf8(line)) return "invalid UTF-8";
    if (n == 3) {  // deletes-YYYY-MM-DD.txt: geonameid, name, comment
        if (!parse_int(f[0], r.id) || r.id == 0) return "bad geonameid '" + std::string(f[0]) + "'";
        r.geonameid = r.id;
        r.name.assign(f[1]);
        r.comment.assign(f[2]);
        return {};
    }
    if (n == 4) {  // alternateNamesDeletes-YYYY-MM-DD.txt: id, geonameid, name, comment
        if (!parse_int(f[0], r.id)) return "bad alternateNameId '" + std::string(f[0]) + "'";
        if (!parse_int(f[1], r.geonameid)) return "bad geonameid '" + std::string(f[1]) + "'";
        r.name.assign(f[2]);
        r.comment.assign(f[3]);
        return {};
    }
    return column_count_error(n, 3);
}

namespace {
std::string parse(std::string_view l, PlaceRecord& r) { return parse_place(l, r); }
std::string parse(std::string_view l, AlternateNameRecord& r) { return parse_alternate_name(l, r); }
std::string parse(std::string_view l, AdminCodeRecord& r) { return parse_admin_code(l, r); }
std::string parse(std::string_view l, CountryRecord& r) { return parse_country(l, r); }
std::string parse(std::string_view l, DeleteRecord& r) { return parse_delete(l, r); }
}  // namespace

template <typename Record>
DumpReader<Record>::DumpReader(const std::string& path, ReadOptions options)
    : m_path(path), m_options(options), m_lines(std::make_unique<io::LineReader>(path)) {}

template <typename Record>
DumpReader<Record>::~DumpReader() = default;
template <typename Record>
DumpReader<Record>::DumpReader(DumpReader&&) noexcept = default;
template <typename Record>
DumpReader<Record>& DumpReader<Record>::operator=(DumpReader&&) noexcept = default;

template <typename Record>
void DumpReader<Record>::report(const std::string& message) {
    ++m_stats.skipped;
    if (m_options.strict) {
        throw InputError(m_path, m_lines->line_number(), message,
                         "fix or remove the line, or run without --strict to skip bad rows");
    }
    if (m_stats.issues.size() < m_options.max_issues)
        m_stats.issues.push_back({m_path, m_lines->line_number(), message});
}

template <typename Record>
bool DumpReader<Record>::next(Record& record) {
    std::string_view line;
    while (m_lines->next(line)) {
        ++m_stats.lines;
        if (line.empty() || line.front() == '#') continue;  // countryInfo has comment lines
        std::string error = parse(line, record);
        if (error.empty()) {
            ++m_stats.records;
            return true;
        }
        report(error);
    }
    return false;
}

template class DumpReader<PlaceRecord>;
template class DumpReader<AlternateNameRecord>;
template class DumpReader<AdminCodeRecord>;
template class DumpReader<CountryRecord>;
template class DumpReader<DeleteRecord>;

}  // namespace geoevent::gazetteer
