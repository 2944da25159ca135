#include "cli/command_gazetteer_refresh.hpp"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <ostream>

#include "cli/cli.hpp"
#include "cli/gazetteer_path.hpp"
#include "geoevent/gazetteer/refresh.hpp"

namespace geoevent::cli {

using namespace geoevent::gazetteer;

void GazetteerRefreshCommand::setup(CLI::App& app) {
    app.add_option("--index", m_index, "index to refresh (default: as for --gazetteer)")->type_name("PATH");
    app.add_option("--from", m_from, "full dump(s): cities500.zip, allCountries.zip, XX.txt … (local or /vsicurl/ URL)")
        ->type_name("PATH");
    app.add_option("--alternate-names", m_alternate_names, "alternateNamesV2 file(s) for a full reload")->type_name("PATH");
    app.add_option("--demonyms", m_demonyms, "demonyms TSV (default: the one installed with geoevent)")->type_name("PATH");
    app.add_option("--overlay", m_overlay, "user overlay re-applied on every refresh (default: $GEOEVENT_OVERLAY)")
        ->type_name("PATH");
    app.add_option("--daily", m_daily, "directory or URL prefix holding modifications-YYYY-MM-DD.txt etc.")
        ->type_name("DIR|URL");
    app.add_option("--until", m_until, "last day of daily files to apply (default: the newest found)")->type_name("DATE");
    app.add_option("--data-date", m_data_date, "day the full dumps are current to (default: today)")->type_name("DATE");
    app.add_option("--max-shrink", m_max_shrink, "refuse if the place count shrinks by more than this percentage (default 2)")
        ->check(CLI::Range(0.0, 100.0));
    app.add_flag("--force", m_force, "skip the shrink and bad-row checks");
    app.add_option("--check", m_checks, "sanity lookup that must hold: NAME=GEONAMEID or NAME=CC (repeatable)");
    app.add_flag("--no-default-checks", m_no_default_checks, "do not require the default capitals to keep resolving");
    app.add_flag("--quiet", m_quiet, "print nothing on success (errors still go to stderr)");
}

namespace {

SanityCheck parse_check(const std::string& spec) {
    auto eq = spec.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
        throw UsageError("--check '" + spec + "' is not NAME=GEONAMEID or NAME=CC", "e.g. --check Paris=2988507 or --check Paris=FR");
    SanityCheck c;
    c.name = spec.substr(0, eq);
    std::string v = spec.substr(eq + 1);
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), c.geonameid);
    if (ec != std::errc() || p != v.data() + v.size()) {
        c.geonameid = 0;
        if (v.size() != 2) throw UsageError("--check '" + spec + "': expected a geonameid or a 2-letter country code");
        c.country = v;
    }
    return c;
}

std::string installed_demonyms(const std::string& index_path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path share = fs::path(resolve_gazetteer("")).parent_path();
    for (auto p : {share / "demonyms.tsv", fs::path(index_path).parent_path() / "demonyms.tsv"})
        if (fs::exists(p, ec)) return p.string();
    return {};
}

}  // namespace

int GazetteerRefreshCommand::run(Context& ctx) {
    RefreshOptions o;
    o.index_path = m_index.empty() ? resolve_gazetteer("") : m_index;
    o.full_dumps = m_from;
    o.alternate_names = m_alternate_names;
    o.demonyms = m_demonyms;
    if (o.demonyms.empty())
        if (auto d = installed_demonyms(o.index_path); !d.empty()) o.demonyms.push_back(d);
    o.overlay_path = m_overlay;
    if (o.overlay_path.empty())
        if (const char* env = std::getenv("GEOEVENT_OVERLAY"); env && *env) o.overlay_path = env;
    o.daily_source = m_daily;
    o.until = m_until;
    o.data_date = m_data_date;
    o.max_shrink = m_max_shrink / 100.0;
    o.force = m_force;
    for (auto& c : m_checks) o.checks.push_back(parse_check(c));
    o.default_checks = !m_no_default_checks;
    if (o.full_dumps.empty() && o.daily_source.empty())
        throw UsageError("nothing to refresh from", "give --from DUMP (full reload) and/or --daily DIR|URL (daily files)");
    if (!m_quiet && ::isatty(STDERR_FILENO))
        o.progress = [&](const std::string& s) { ctx.err << "geoevent: " << s << "...\n"; };

    RefreshReport r;
    try {
        r = refresh(o);
    } catch (const RefreshLockedError& e) {
        print_error(ctx.err, e.what(), e.hint());
        return refresh_locked;
    } catch (const Error& e) {
        print_error(ctx.err, std::string(e.what()) + " (the previous index, if any, is unchanged)", e.hint());
        return refresh_failed;
    }
    for (auto& n : r.notes) ctx.err << "geoevent: note: " << n << '\n';
    if (!m_quiet) {
        ctx.out << "geoevent refresh: " << (r.outcome == RefreshOutcome::updated ? "updated" : "already up to date")
                << " " << o.index_path << ": mode " << r.mode << ", source " << r.source << ", data date "
                << r.data_date << ", days applied " << r.days_applied.size();
        if (!r.days_applied.empty()) ctx.out << " (" << r.days_applied.front() << ".." << r.days_applied.back() << ")";
        ctx.out << ", places +" << r.added << " ~" << r.changed << " -" << r.deleted << " (" << r.places_after
                << " in all), " << std::fixed << std::setprecision(1) << r.seconds << " s\n";
    }
    return r.outcome == RefreshOutcome::updated ? refresh_updated : refresh_up_to_date;
}

}  // namespace geoevent::cli
