#include <CLI/CLI.hpp>
#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/writer.h>

#include <iomanip>
#include <ostream>

#include "cli/cli.hpp"
#include "cli/command_gazetteer.hpp"
#include "cli/gazetteer_path.hpp"
#include "geoevent/error.hpp"
#include "geoevent/gazetteer/index.hpp"

namespace geoevent::cli {

using namespace geoevent::gazetteer;

void GazetteerLookupCommand::setup(CLI::App& app) {
    app.add_option("NAME", m_names, "place name(s) to look up, in any spelling or script")->required();
    add_gazetteer_option(app, m_gazetteer);
    app.add_option("--country", m_country, "only places in this country (ISO 3166-1 alpha-2, e.g. SY)")
        ->type_name("CC");
    app.add_option("--limit", m_limit, "number of candidates to show (default 5)")->check(CLI::Range(1, 1000));
    app.add_option("--expect", m_expect, "kind of place expected: any, place, admin1, country")
        ->check(CLI::IsMember({"any", "place", "admin1", "country"}));
    app.add_flag("--json", m_json, "one JSON object per name (JSON Lines)");
}

namespace {

void write_json(std::ostream& out, const std::string& query, const std::vector<Candidate>& cands) {
    rapidjson::OStreamWrapper os(out);
    rapidjson::Writer<rapidjson::OStreamWrapper> w(os);
    auto str = [&](std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); };
    w.StartObject();
    w.Key("query");
    str(query);
    w.Key("candidates");
    w.StartArray();
    for (auto& c : cands) {
        w.StartObject();
        w.Key("geonameid"); w.Uint(c.place.geonameid);
        w.Key("name"); str(c.place.name);
        w.Key("country"); str(c.place.country);
        w.Key("admin1"); str(c.place.admin1);
        w.Key("feature_code"); str(c.place.feature_code);
        w.Key("population"); w.Int64(c.place.population);
        w.Key("lat"); w.Double(c.place.latitude);
        w.Key("lon"); w.Double(c.place.longitude);
        w.Key("score"); w.Double(std::round(c.score * 10000) / 10000);
        w.Key("match"); str(to_string(c.match));
        w.Key("matched_name"); str(c.matched_name);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    os.Flush();
    out << '\n';
}

void write_table(std::ostream& out, const std::string& query, const std::vector<Candidate>& cands) {
    out << query << ":\n";
    if (cands.empty()) {
        out << "  (no place found)\n";
        return;
    }
    int rank = 1;
    for (auto& c : cands) {
        out << "  " << rank++ << ". " << c.place.geonameid << "  " << c.place.name << "  ["
            << c.place.country << (c.place.admin1.empty() ? "" : "." + std::string(c.place.admin1)) << ", "
            << c.place.feature_code << ", pop " << c.place.population << "]  " << std::fixed
            << std::setprecision(5) << c.place.latitude << ", " << c.place.longitude << "  score "
            << std::setprecision(3) << c.score << "  (" << to_string(c.match) << ": " << c.matched_name
            << ")\n";
    }
}

}  // namespace

int GazetteerLookupCommand::run(Context& ctx) {
    if (!m_country.empty() && m_country.size() != 2)
        throw UsageError("--country '" + m_country + "' is not an ISO 3166-1 alpha-2 code",
                         "use two letters, e.g. --country SY");
    auto index = Index::open(resolve_gazetteer(m_gazetteer), Verify::structure);
    LookupOptions options;
    options.country = m_country;
    for (auto& ch : options.country) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    options.limit = m_limit;
    options.expect = m_expect == "admin1" ? Expect::admin1
                     : m_expect == "country" ? Expect::country
                     : m_expect == "place" ? Expect::populated_place
                                           : Expect::any;
    bool all_found = true;
    for (auto& name : m_names) {
        auto cands = index.lookup(name, options);
        all_found = all_found && !cands.empty();
        if (m_json) write_json(ctx.out, name, cands);
        else write_table(ctx.out, name, cands);
    }
    // Scripts can tell "not found" from success without parsing the output.
    return all_found ? Exit::ok : Exit::failure;
}

}  // namespace geoevent::cli
