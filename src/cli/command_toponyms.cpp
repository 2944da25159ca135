#include "cli/command_toponyms.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <ostream>

#include "cli/cli.hpp"
#include "cli/gazetteer_path.hpp"
#include "cli/lexicon_path.hpp"
#include "cli/rejects_log.hpp"
#include "geoevent/error.hpp"
#include "geoevent/gazetteer/index.hpp"
#include "geoevent/io/article.hpp"
#include "geoevent/output/dataset_writer.hpp"
#include "geoevent/toponym/geoparser.hpp"
#include "geoevent/toponym/json_io.hpp"

namespace geoevent::cli {

// Declared in lexicon_path.hpp, shared with `extract`.

namespace {

output::LayerDef mentions_layer() {
    using output::FieldType;
    output::LayerDef def;
    def.name = "mentions";
    def.fields = {{"article_id", FieldType::string}, {"start", FieldType::integer64}, {"end", FieldType::integer64},
                  {"name", FieldType::string},       {"geonameid", FieldType::integer64},
                  {"feature_code", FieldType::string}, {"country", FieldType::string},
                  {"admin1", FieldType::string},     {"kind", FieldType::string},
                  {"score", FieldType::real},        {"reason", FieldType::string}};
    return def;
}

output::Feature to_feature(const std::string& id, const toponym::Mention& m) {
    output::Feature f;
    f.values = {id,
                static_cast<std::int64_t>(m.start),
                static_cast<std::int64_t>(m.end),
                m.name,
                static_cast<std::int64_t>(m.geonameid),
                m.feature_code,
                m.country,
                m.admin1,
                std::string(toponym::to_string(m.kind)),
                m.score,
                m.reason};
    f.geometry = output::LonLat{m.lon, m.lat};
    return f;
}

}  // namespace

void ToponymsCommand::setup(CLI::App& app) {
    app.add_option("INPUT", m_inputs,
                   "article files: .jsonl/.ndjson/.json (one article per line: id, text, optional date, lang, "
                   "title, url, spans), any other file is one plain-text article; - reads JSON Lines from stdin")
        ->required();
    add_gazetteer_option(app, m_gazetteer);
    app.add_option("--lexicon", m_lexicon,
                   "directory with toponyms.fr.json and toponyms.en.json (default: $GEOEVENT_LEXICON, else the "
                   "installed lexicon)")
        ->type_name("DIR");
    app.add_option("--lang", m_lang, "language of every article (fr, en); default: the article's lang, else detected")
        ->check(CLI::IsMember({"fr", "en"}));
    app.add_option("--format", m_format, "input format: auto (by extension), text, jsonl")
        ->check(CLI::IsMember({"auto", "text", "jsonl"}));
    app.add_option("--rejects", m_rejects, "write skipped articles (file, line, id, reason) to this TSV");
    app.add_option("--max-article-bytes", m_max_article_bytes,
                   "longer articles (JSON Lines: longer lines) are reported and skipped (default 10485760)")
        ->check(CLI::Range(std::size_t(1), std::size_t(1) << 34));
    app.add_option("-o,--output", m_output,
                   "write a point layer `mentions` (.geojson, .gpkg, any OGR format) instead of JSON Lines")
        ->type_name("FILE");
    app.add_flag("--overwrite", m_overwrite, "replace an existing output file");
    app.add_flag("--strict", m_strict, "stop with exit code 1 at the first bad record instead of skipping it");
    app.add_flag("--no-demonyms", m_no_demonyms, "leave demonyms (syrien, Iraqi) out of the output");
    app.add_flag("-q,--quiet", m_quiet, "no summary on stderr");
}

int ToponymsCommand::run(Context& ctx) {
    // Open the output first: a bad target fails before any work, and nothing is written.
    std::optional<output::DatasetWriter> writer;
    std::optional<output::LayerHandle> layer;
    if (!m_output.empty()) {
        output::WriterOptions wopts;
        wopts.overwrite = m_overwrite;
        writer.emplace(output::DatasetWriter::open(m_output, wopts));
        layer.emplace(writer->layer(mentions_layer()));
    }
    auto index = gazetteer::Index::open(resolve_gazetteer(m_gazetteer), gazetteer::Verify::structure);
    auto lexicon = toponym::Lexicon::load(resolve_lexicon(m_lexicon));
    toponym::GeoparserOptions gopts;
    gopts.report_demonyms = !m_no_demonyms;
    toponym::Geoparser parser(index, lexicon, gopts);

    io::ReaderOptions ropts;
    ropts.strict = m_strict;
    ropts.max_article_bytes = m_max_article_bytes;
    RejectsLog rejects(ctx.err, m_rejects);
    ropts.on_warning = [&](const io::Reject& r) { rejects.warned(r); };
    ropts.format = m_format == "text" ? io::InputFormat::text
                   : m_format == "jsonl" ? io::InputFormat::json_lines
                                         : io::InputFormat::automatic;
    std::uint64_t articles = 0, mentions = 0, rejected = 0;
    // JSON lines reach the stream a megabyte at a time: through std::cout, which shares
    // stdio's small buffer, each line would otherwise cost a write(2) or two.
    std::string lines;
    auto hand_over = [&] {
        ctx.out.write(lines.data(), static_cast<std::streamsize>(lines.size()));
        lines.clear();
    };
    auto on_article = [&](io::Article&& a) {
        if (!m_lang.empty()) a.lang = m_lang;
        auto found = parser.parse(a);
        ++articles;
        mentions += found.size();
        if (writer) {
            for (auto& m : found) writer->write(*layer, to_feature(a.id, m));
        } else {
            lines += toponym::to_json_line(a.id, found);
            lines += '\n';
            if (lines.size() >= (std::size_t{1} << 20)) hand_over();
        }
    };
    auto on_reject = [&](const io::Reject& r) {
        ++rejected;
        rejects.skipped(r);
    };
    try {
        for (auto& input : m_inputs) io::read_articles(input, ropts, on_article, on_reject);
    } catch (...) {
        hand_over();  // what was found before a --strict stop is still printed
        throw;
    }
    hand_over();
    if (writer) writer->close();
    ctx.out.flush();
    if (!m_quiet)
        ctx.err << "geoevent: " << articles << " articles, " << mentions << " toponyms, " << rejected
                << " records skipped\n";
    return Exit::ok;
}

}  // namespace geoevent::cli
