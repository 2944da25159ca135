#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <ostream>

#include "cli/command_gazetteer.hpp"
#include "geoevent/error.hpp"
#include "geoevent/gazetteer/index_builder.hpp"

namespace geoevent::cli {

using namespace geoevent::gazetteer;

void GazetteerBuildCommand::setup(CLI::App& app) {
    app.add_option("--from", m_from, "GeoNames geoname rows: allCountries/cities500/XX (.txt, .gz, .zip)")
        ->required()->type_name("PATH");
    app.add_option("--alternate-names", m_alternate_names, "alternateNamesV2 file(s)")->type_name("PATH");
    app.add_option("--demonyms", m_demonyms, "demonyms TSV (iso2, lang, form)")->type_name("PATH");
    app.add_option("--overlay", m_overlay, "user overlay TSV (default: $GEOEVENT_OVERLAY)")->type_name("PATH");
    app.add_option("-o,--output", m_output, "index file to write")->required()->type_name("PATH");
    app.add_option("--source", m_source, "description stored in the header (default: the input paths)");
    app.add_option("--data-date", m_data_date, "day the data is current to (YYYY-MM-DD)");
    app.add_flag("--strict", m_strict, "fail on the first bad row instead of skipping it");
    app.add_flag("--overwrite", m_overwrite, "replace an existing index");
    app.add_flag("--quiet", m_quiet, "print nothing but errors");
}

int GazetteerBuildCommand::run(Context& ctx) {
    auto start = std::chrono::steady_clock::now();
    std::error_code ec;
    if (!m_overwrite && std::filesystem::exists(m_output, ec))
        throw UsageError(m_output + " already exists", "add --overwrite to replace it");
    if (m_overlay.empty())
        if (const char* env = std::getenv("GEOEVENT_OVERLAY"); env && *env) m_overlay = env;

    BuildOptions options;
    options.source = m_source;
    if (options.source.empty())
        for (auto& f : m_from) options.source += (options.source.empty() ? "" : ", ") + f;
    options.data_date = m_data_date;
    options.overlay_path = m_overlay;
    // Rows spill next to the output, as refresh does: that disk has room for the index.
    auto parent = std::filesystem::path(m_output).parent_path();
    options.spill_directory = parent.empty() ? "." : parent.string();
    IndexBuilder builder(options);
    ReadOptions read;
    read.strict = m_strict;

    std::uint64_t skipped = 0;
    auto note = [&](const ReadStats& stats) {
        skipped += stats.skipped;
        for (auto& issue : stats.issues)
            ctx.err << "geoevent: warning: " << issue.file << ":" << issue.line << ": " << issue.message
                    << " (row skipped)\n";
        if (stats.skipped > stats.issues.size())
            ctx.err << "geoevent: warning: " << stats.skipped - stats.issues.size() << " more bad rows skipped\n";
    };
    for (auto& f : m_from) note(builder.add_places_file(f, read));
    for (auto& f : m_alternate_names) note(builder.add_alternate_names_file(f, read));
    for (auto& f : m_demonyms) note(builder.add_demonyms_file(f, read));
    if (builder.place_count() == 0)
        throw InputError(m_from.front(), 0, "no valid place rows found",
                         "check that the file is a GeoNames geoname dump (19 tab-separated columns)");
    auto report = builder.write(m_output);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!m_quiet)
        ctx.out << "built " << m_output << ": " << report.places << " places, " << report.names << " names, "
                << report.keys << " keys, " << report.file_size / 1024 << " KiB, " << skipped
                << " bad rows skipped, " << std::fixed << secs << " s\n";
    return 0;
}

}  // namespace geoevent::cli
