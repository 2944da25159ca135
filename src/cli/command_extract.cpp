#include "cli/command_extract.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <optional>
#include <ostream>
#include <thread>
#include <unordered_set>

#include <unistd.h>

#include "cli/cli.hpp"
#include "cli/extract_progress.hpp"
#include "cli/rejects_log.hpp"
#include "cli/gazetteer_path.hpp"
#include "cli/lexicon_path.hpp"
#include "geoevent/error.hpp"
#include "geoevent/event/extractor.hpp"
#include "geoevent/gazetteer/index.hpp"
#include "geoevent/io/article.hpp"
#include "geoevent/io/inputs.hpp"
#include "geoevent/output/dataset_writer.hpp"
#include "geoevent/output/qgis_project.hpp"
#include "geoevent/output/sources_table.hpp"
#include "geoevent/pipeline/event_merger.hpp"
#include "geoevent/pipeline/extract_pipeline.hpp"
#include "geoevent/pipeline/partial_events.hpp"
#include "geoevent/pipeline/resume.hpp"
#include "geoevent/pipeline/shard.hpp"
#include "geoevent/toponym/geoparser.hpp"
#include "geoevent/toponym/lexicon.hpp"

namespace geoevent::cli {

namespace {

using output::FieldType;

output::LayerDef events_layer() {
    output::LayerDef def;
    def.name = "events";
    def.unique_field = "event_id";
    // QGIS default style: coloured by the gaining actor, labelled with place and date,
    // and on the Temporal Controller's time line by event_date.
    def.style = output::LayerStyle{"actor1", "concat(\"location\", ' ', format_date(\"event_date\", 'yyyy-MM-dd'))",
                                   "event_date", "", "Events by gaining actor"};
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
    app.add_option("INPUT", m_inputs, "article files, directories (read recursively) or quoted globs; .gz is "
                                      "decompressed (.jsonl: one article per line with id, text, date, lang, "
                                      "title, url; other files: one plain-text article each; - = JSON Lines on stdin)");
    app.add_option("-o,--output", m_output, "output dataset: .geojson, .gpkg, .fgb, .csv, .kml, .shp, PG:…, or - for stdout with -f GeoJSONSeq")
        ->type_name("PATH");
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
    app.add_option("--qgis-project", m_qgis_project, "also write a QGIS project with the styled layers (default path: "
                                                     "the output with .qgs; required for PG: outputs)")
        ->expected(0, 1)->type_name("[PATH]");
    app.add_flag("--strict", m_strict, "stop at the first bad article instead of skipping it");
    app.add_option("--max-article-bytes", m_max_article_bytes,
                   "longer articles (JSON Lines: longer lines) are reported and skipped (default 10485760)")
        ->check(CLI::Range(std::size_t(1), std::size_t(1) << 34));
    app.add_flag("--quiet", m_quiet, "no summary line");
    app.add_option("--threads", m_threads, "threads extracting events (default: every core); the output is the same "
                                           "for any number")
        ->check(CLI::Range(0u, 1024u))->type_name("N");
    app.add_flag("--progress,!--no-progress", m_progress, "progress line on stderr (default: when it is a terminal)");
    app.add_flag("--resume", m_resume, "skip articles whose id is already a source_id in the output (implies --append)");
    app.add_option("--shard", m_shard, "process only shard I of N (0-based; by a stable hash of the article id)")
        ->type_name("I/N");
    app.add_option("--tmp-dir", m_tmp_dir, "directory for the temporary files of the cross-article merge "
                                           "and of the sources table (default: $TMPDIR or /tmp)")
        ->type_name("DIR");
    app.add_option("--partial-out", m_partial_out, "scale-out step 1: write this shard's per-article events to "
                                                   "DIR/shard-I-of-N.events instead of an output (see --merge)")
        ->type_name("DIR");
    app.add_option("--merge", m_merge, "scale-out step 2: merge the partial event files of DIR (no INPUT) and write "
                                       "them to the output")
        ->type_name("DIR");
    app.add_option("--place-shard", m_place_shard, "with --merge: only the places of merge shard I of N (by a stable "
                                                   "hash of the GeoNames id), so N machines can write one table")
        ->type_name("I/N");
}

void ExtractCommand::check_modes() const {
    if (!m_merge.empty() && !m_inputs.empty())
        throw UsageError("--merge reads partial event files, not articles", "drop the INPUT arguments");
    if (m_merge.empty() && m_inputs.empty())
        throw UsageError("no INPUT", "give article files, directories or globs, or - for JSON Lines on stdin");
    if (!m_partial_out.empty() && !m_output.empty())
        throw UsageError("--partial-out and -o exclude each other",
                         "write the shards' partial files first, then `geoevent extract --merge DIR -o OUTPUT`");
    if (!m_partial_out.empty() && !m_merge.empty())
        throw UsageError("--partial-out and --merge are two different steps", "run them one after the other");
    if (m_partial_out.empty() && m_output.empty())
        throw UsageError("no output", "give -o OUTPUT (e.g. -o events.gpkg), or --partial-out DIR for a shard");
    if (!m_place_shard.empty() && m_merge.empty())
        throw UsageError("--place-shard only applies to --merge", "use --shard I/N to split articles");
    if (m_output == "-" && (m_append || m_resume || m_qgis_project))
        throw UsageError("-o - streams the events to standard output, which cannot be appended to or have a project",
                         "write to a file for --append, --resume or --qgis-project");
    if (m_resume && m_overwrite)
        throw UsageError("--resume and --overwrite exclude each other", "--resume adds to the existing output");
    if (m_resume && (!m_merge.empty() || !m_partial_out.empty()))
        throw UsageError("--resume applies to one-step runs", "re-run a failed shard instead; its file is replaced");
}

int ExtractCommand::run(Context& ctx) {
    auto start = std::chrono::steady_clock::now();
    std::optional<Date> fallback;
    if (!m_date.empty()) {
        fallback = Date::parse_iso(m_date);
        if (!fallback) throw UsageError("--date '" + m_date + "' is not a date", "use YYYY-MM-DD, e.g. --date 2017-11-09");
    }
    check_modes();
    pipeline::ExtractOptions popts;
    if (!m_shard.empty()) popts.shard = pipeline::parse_shard(m_shard);
    pipeline::Shard place_shard;
    if (!m_place_shard.empty()) place_shard = pipeline::parse_shard(m_place_shard);
    popts.threads = m_threads;
    popts.lang = m_lang;
    popts.fallback_date = fallback;
    popts.reader.strict = m_strict;
    popts.reader.max_article_bytes = m_max_article_bytes;
    // What earlier runs wrote, read before this run opens (and may stage or lock) the target.
    std::unordered_set<std::string> done;
    if (m_resume) done = pipeline::read_done_sources(m_output);
    popts.skip_ids = &done;
    // Open the output first: a bad target fails before any work, and nothing is written.
    std::optional<output::DatasetWriter> writer;
    if (!m_output.empty()) {
        output::WriterOptions wopts;
        wopts.driver = m_driver;
        wopts.overwrite = m_overwrite;
        wopts.append = m_append || m_resume;
        wopts.t_srs = m_t_srs;
        writer.emplace(output::DatasetWriter::open(m_output, wopts));
        if (m_qgis_project && m_qgis_project->empty()) m_qgis_project = output::default_project_path(m_output);
        if (m_qgis_project && !m_overwrite && !(m_append || m_resume) && std::filesystem::exists(*m_qgis_project))
            throw UsageError(*m_qgis_project + " already exists", "add --overwrite to replace it and the output");
    }
    auto index = gazetteer::Index::open(resolve_gazetteer(m_gazetteer), gazetteer::Verify::structure);
    std::string lexdir = resolve_lexicon(m_lexicon);
    auto toponym_lexicon = toponym::Lexicon::load(lexdir);
    auto event_lexicon = event::EventLexicon::load(lexdir, {"fr", "en"}, m_extra_lexicons);

    RejectsLog rejects(ctx.err, m_rejects);
    popts.reader.on_warning = [&](const io::Reject& r) { rejects.warned(r); };
    // Events go to temporary files as articles are done; merging them across articles
    // then needs one partition of them in memory, not the whole corpus.
    pipeline::MergerOptions mopts;
    mopts.tmp_dir = m_tmp_dir;
    mopts.threads = m_threads > 0 ? m_threads : std::max(1u, std::thread::hardware_concurrency());
    std::optional<pipeline::EventMerger> merger;
    std::optional<pipeline::PartialWriter> partial;
    if (m_partial_out.empty()) merger.emplace(mopts);
    else partial.emplace(m_partial_out, popts.shard);
    auto keep = [&](std::uint64_t seq, const event::Event& e) {
        if (partial) partial->add(seq, e);
        else if (place_shard.contains(std::to_string(e.geonameid))) merger->add(e, seq);
    };

    pipeline::ExtractStats stats;
    if (!m_merge.empty()) {
        pipeline::read_partials(m_merge, [&](std::uint64_t seq, event::Event&& e) { keep(seq, e); });
    } else {
        bool show = m_progress > 0 || (m_progress == 0 && !m_quiet && ::isatty(STDERR_FILENO) != 0);
        ExtractProgress progress(ctx.err, show, show ? io::known_input_bytes(m_inputs) : 0);
        pipeline::ExtractPipeline extraction(index, toponym_lexicon, event_lexicon, popts);
        io::InputWalker inputs(m_inputs);
        stats = extraction.run(
            inputs,
            [&](std::uint64_t article, std::vector<event::Event>&& events) {
                for (std::size_t i = 0; i < events.size(); ++i) keep(pipeline::event_seq(article, i), events[i]);
            },
            [&](const io::Reject& r) {
                progress.finish();
                rejects.skipped(r);
            },
            [&](const pipeline::ExtractStats& s) { progress.update(s); });
        progress.finish();
    }
    std::uint64_t events = stats.events;
    std::uint64_t written = events;  // events written: the writer's counts include the sources
    if (partial) {
        partial->commit();
    } else {
        // One event told by several articles becomes one feature.
        auto layer = writer->layer(events_layer());
        output::SourcesTable sources(m_tmp_dir);  // the articles events point to (source_id)
        const bool keep_sources = writer->holds_several_layers();  // a GeoJSON has no room for them
        events = merger->finish([&](event::Event&& e) {
            event::finalize(e, event_lexicon);
            if (keep_sources) {
                output::Value published;
                if (auto d = Date::parse_iso(e.source_date)) published = output::Date{d->year, d->month, d->day};
                sources.add(e.source_id, {e.source_url, e.source, published});
            }
            writer->write(layer, to_feature(e, index));
        });
        written = writer->counts(layer).written;
        // Written after the events, not as they come: concurrent appenders into one
        // PostgreSQL table (the scale-out recipe) then take the two tables' locks in the
        // same order; interleaved, they deadlocked.
        sources.write(*writer);
        writer->close();
        // An appended output's project is rewritten: its styles now know the new actors.
        if (m_qgis_project)
            output::write_qgis_project(*m_qgis_project, writer->qgis_layers(), true,
                                       {{"events", "source_id", output::SourcesTable::layer_name, "source_id"}});
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (stats.undated)
        ctx.err << "geoevent: note: " << stats.undated << " article(s) had no date (no `date`, dateline or --date): "
                << "their events carry time_precision 3 unless the text gives a full date\n";
    if (!m_quiet && !m_merge.empty())
        ctx.err << "geoevent extract: merged the partial events of " << m_merge << ": " << events << " events, "
                << written << " written to " << m_output << ", " << std::fixed << std::setprecision(2)
                << secs << " s\n";
    else if (!m_quiet)
        ctx.err << ExtractProgress::summary(stats, events, written,
                                            partial ? partial->path() : m_output, secs)
                << '\n';
    return m_strict && stats.rejected ? Exit::failure : Exit::ok;
}

}  // namespace geoevent::cli
