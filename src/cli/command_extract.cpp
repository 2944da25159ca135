#include "cli/command_extract.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <fstream>
#include <iomanip>
#include <ostream>

#include "cli/cli.hpp"
#include "cli/gazetteer_path.hpp"
#include "cli/lexicon_path.hpp"
#include "geoevent/error.hpp"
#include "geoevent/event/extractor.hpp"
#include "geoevent/gazetteer/index.hpp"
#include "geoevent/io/article.hpp"
#include "geoevent/output/dataset_writer.hpp"
#include "geoevent/toponym/geoparser.hpp"
#include "geoevent/toponym/lexicon.hpp"

namespace geoevent::cli {

namespace {

using output::FieldType;

output::LayerDef events_layer() {
    output::LayerDef def;
    def.name = "events";
    def.unique_field = "event_id";
    def.fields = {{"event_id", FieldType::string},     {"event_class", FieldType::string},
                  {"event_type", FieldType::string},   {"sub_event_type", FieldType::string},
                  {"event_date", FieldType::date},     {"time_precision", FieldType::integer},
                  {"actor1", FieldType::string},       {"assoc_actor_1", FieldType::string},
                  {"inter1", FieldType::integer},      {"actor2", FieldType::string},
                  {"assoc_actor_2", FieldType::string}, {"inter2", FieldType::integer},
                  {"country", FieldType::string},      {"iso", FieldType::string},
                  {"admin1", FieldType::string},       {"admin2", FieldType::string},
                  {"location", FieldType::string},     {"geonameid", FieldType::integer64},
                  {"latitude", FieldType::real},       {"longitude", FieldType::real},
                  {"geo_precision", FieldType::integer}, {"source", FieldType::string},
                  {"source_id", FieldType::string},    {"source_url", FieldType::string},
                  {"notes", FieldType::string},        {"confidence", FieldType::real},
                  {"lang", FieldType::string}};
    return def;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string s;
    for (auto& x : v) s += (s.empty() ? "" : sep) + x;
    return s;
}

output::Value text(const std::string& s) { return s.empty() ? output::Value{} : output::Value{s}; }

output::Feature to_feature(const event::Event& e, const gazetteer::Index& index) {
    output::Feature f;
    output::Value date;
    if (auto d = Date::parse_iso(e.date.iso)) date = output::Date{d->year, d->month, d->day};
    auto country = index.country(e.country);
    // ACLED's location is the place's name, not the spelling the article used.
    auto place = index.find(e.geonameid);
    f.values = {e.event_id, std::string(to_string(e.event_class)), e.event_type, e.sub_event_type, date,
                std::int64_t{e.date.precision}, text(e.actor1), text(join(e.assoc_actor_1, "; ")),
                std::int64_t{e.inter1}, text(e.actor2), text(join(e.assoc_actor_2, "; ")), std::int64_t{e.inter2},
                text(country ? std::string(country->name) : e.country), text(e.country), text(e.admin1), output::Value{},
                place ? std::string(place->name) : e.location, std::int64_t{e.geonameid}, e.latitude, e.longitude, std::int64_t{e.geo_precision},
                text(e.source), text(e.source_id), text(e.source_url), join(e.notes, " | "), e.confidence, e.lang};
    f.geometry = output::LonLat{e.longitude, e.latitude};
    return f;
}

}  // namespace

void ExtractCommand::setup(CLI::App& app) {
    app.add_option("INPUT", m_inputs, "article files (.jsonl: one article per line with id, text, date, lang, "
                                      "title, url; other files: one plain-text article each; - = JSON Lines on stdin)")
        ->required();
    app.add_option("-o,--output", m_output, "output dataset: .geojson, .gpkg, .fgb, .csv, .kml, .shp or PG:…")
        ->required()->type_name("PATH");
    app.add_option("-f,--format", m_driver, "OGR driver name when the extension is not enough")->type_name("DRIVER");
    add_gazetteer_option(app, m_gazetteer);
    app.add_option("--lexicon-dir", m_lexicon, "directory of the lexicons (default: $GEOEVENT_LEXICON, else installed)")
        ->type_name("DIR");
    app.add_option("--lexicon", m_extra_lexicons, "extra event lexicon file(s) with your own actors and triggers")
        ->type_name("FILE");
    app.add_option("--lang", m_lang, "language of every article (default: the article's, else detected)")
        ->check(CLI::IsMember({"fr", "en"}));
    app.add_option("--date", m_date, "publication date for articles that have none (YYYY-MM-DD)");
    app.add_option("--t-srs", m_t_srs, "output CRS, e.g. EPSG:3857 (default: WGS 84 lon/lat)");
    app.add_option("--rejects", m_rejects, "write rejected articles (file, line, id, reason) to this TSV");
    app.add_flag("--overwrite", m_overwrite, "replace an existing output");
    app.add_flag("--append", m_append, "add to an existing output; events already there (same event_id) are skipped");
    app.add_flag("--strict", m_strict, "stop at the first bad article instead of skipping it");
    app.add_flag("--quiet", m_quiet, "no summary line");
}

int ExtractCommand::run(Context& ctx) {
    auto start = std::chrono::steady_clock::now();
    std::optional<Date> fallback;
    if (!m_date.empty()) {
        fallback = Date::parse_iso(m_date);
        if (!fallback) throw UsageError("--date '" + m_date + "' is not a date", "use YYYY-MM-DD, e.g. --date 2017-11-09");
    }
    output::WriterOptions wopts;
    wopts.driver = m_driver;
    wopts.overwrite = m_overwrite;
    wopts.append = m_append;
    wopts.t_srs = m_t_srs;
    // Open the output first: a bad target fails before any work, and nothing is written.
    auto writer = output::DatasetWriter::open(m_output, wopts);
    auto index = gazetteer::Index::open(resolve_gazetteer(m_gazetteer), gazetteer::Verify::structure);
    std::string lexdir = resolve_lexicon(m_lexicon);
    auto toponym_lexicon = toponym::Lexicon::load(lexdir);
    auto event_lexicon = event::EventLexicon::load(lexdir, {"fr", "en"}, m_extra_lexicons);
    toponym::Geoparser parser(index, toponym_lexicon);
    event::Extractor extractor(event_lexicon);

    std::vector<event::Event> events;
    std::uint64_t articles = 0, rejected = 0, undated = 0;
    std::ofstream rejects;
    if (!m_rejects.empty()) {
        rejects.open(m_rejects);
        if (!rejects) throw Error("cannot write " + m_rejects, "choose a writable path for --rejects");
        rejects << "file\tline\tid\treason\n";
    }
    io::ReaderOptions ropts;
    ropts.strict = m_strict;
    for (auto& input : m_inputs) {
        io::read_articles(
            input, ropts,
            [&](io::Article&& a) {
                ++articles;
                if (!m_lang.empty()) a.lang = m_lang;
                if (a.lang.empty()) a.lang = toponym_lexicon.detect_language(a.text);
                auto mentions = parser.parse(a);
                auto r = extractor.extract(a, mentions, fallback);
                undated += r.date_missing;
                for (auto& e : r.events) events.push_back(std::move(e));
            },
            [&](const io::Reject& r) {
                ++rejected;
                ctx.err << "geoevent: warning: " << r.file << (r.line ? ":" + std::to_string(r.line) : "") << ": "
                        << (r.id.empty() ? "" : "article " + r.id + ": ") << r.reason << " (skipped)\n";
                if (rejects) rejects << r.file << '\t' << r.line << '\t' << r.id << '\t' << r.reason << '\n';
            });
    }
    // One event told by several articles becomes one feature.
    events = event::merge_events(std::move(events));
    auto layer = writer.layer(events_layer());
    for (auto& e : events) {
        event::finalize(e, event_lexicon);
        writer.write(layer, to_feature(e, index));
    }
    writer.close();
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (undated)
        ctx.err << "geoevent: note: " << undated << " article(s) had no date (no `date`, dateline or --date): "
                << "their events carry time_precision 3 unless the text gives a full date\n";
    if (!m_quiet)
        ctx.err << "geoevent extract: " << articles << " articles read, " << rejected << " rejected, " << events.size()
                << " events, " << writer.counts().written << " written to " << m_output << ", " << std::fixed
                << std::setprecision(2) << secs << " s\n";
    return m_strict && rejected ? Exit::failure : Exit::ok;
}

}  // namespace geoevent::cli
