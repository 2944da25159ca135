#include "geoevent/gazetteer/refresh.hpp"

#include <cpl_vsi.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <cstring>
#include <unistd.h>

#include "gazetteer/build_timing.hpp"
#include "gazetteer/refresh_lock.hpp"
#include "geoevent/date.hpp"
#include "geoevent/gazetteer/geonames_reader.hpp"
#include "geoevent/gazetteer/index.hpp"
#include "geoevent/gazetteer/index_builder.hpp"
#include "io/atomic_file.hpp"

namespace geoevent::gazetteer {

namespace fs = std::filesystem;

namespace {

// A row stream where more than this share of rows is bad is not trusted, whatever the
// shrink check says: it is a broken download, not GeoNames' data.
constexpr double max_bad_row_share = 0.01;

// Capitals that any world-wide gazetteer resolves; checked only when the old index
// resolved them, so a regional index is not held to them.
const SanityCheck default_checks[] = {
    {"Paris", 0, "FR"}, {"London", 0, "GB"}, {"Damascus", 0, "SY"},
    {"Baghdad", 0, "IQ"}, {"Cairo", 0, "EG"}, {"Washington", 0, "US"},
};

bool vsi_exists(const std::string& path) {
    VSIStatBufL st;
    return VSIStatExL(path.c_str(), &st, VSI_STAT_EXISTS_FLAG) == 0;
}

std::string join(const std::string& dir, const std::string& name) {
    if (dir.empty()) return name;
    return dir.back() == '/' ? dir + name : dir + "/" + name;
}

struct DailyFiles {
    std::string day;
    std::string modifications, deletes, alt_modifications, alt_deletes;
};

std::optional<DailyFiles> daily_files(const std::string& source, const Date& d) {
    DailyFiles f;
    f.day = d.iso();
    f.modifications = join(source, "modifications-" + f.day + ".txt");
    f.deletes = join(source, "deletes-" + f.day + ".txt");
    f.alt_modifications = join(source, "alternateNamesModifications-" + f.day + ".txt");
    f.alt_deletes = join(source, "alternateNamesDeletes-" + f.day + ".txt");
    if (!vsi_exists(f.modifications) || !vsi_exists(f.deletes)) return std::nullopt;
    return f;
}

bool check_holds(const Index& index, const SanityCheck& c) {
    auto cands = index.lookup(c.name, LookupOptions{"", 1, Expect::any, false});
    if (cands.empty()) return false;
    if (c.geonameid) return cands.front().place.geonameid == c.geonameid;
    return cands.front().place.country == c.country;
}

std::string describe(const SanityCheck& c) {
    return "'" + c.name + "' -> " + (c.geonameid ? std::to_string(c.geonameid) : "a place in " + c.country);
}

void note_stats(const ReadStats& s, std::uint64_t& lines, std::uint64_t& bad) {
    lines += s.records + s.skipped;
    bad += s.skipped;
}

void remove_stale_temps(const std::string& index_path, RefreshReport& report) {
    fs::path target(index_path);
    fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::error_code ec;
    for (const auto& base : {target.filename().string(), target.filename().string() + ".new"}) {
        std::string prefix = "." + base + ".tmp-";
        for (auto& e : fs::directory_iterator(dir, ec)) {
            if (e.path().filename().string().rfind(prefix, 0) == 0) {
                fs::remove(e.path(), ec);
                report.notes.push_back("removed " + e.path().string() + " left by an interrupted run");
            }
        }
    }
    fs::remove(index_path + ".new", ec);
}

void diff(const Index* old_index, const Index& fresh, RefreshReport& r) {
    r.places_after = fresh.size();
    if (!old_index) {
        r.added = fresh.size();
        return;
    }
    r.places_before = old_index->size();
    std::size_t i = 0, j = 0;
    while (i < old_index->size() || j < fresh.size()) {
        if (j == fresh.size() || (i < old_index->size() && old_index->place(i).geonameid < fresh.place(j).geonameid)) {
            ++r.deleted;
            ++i;
        } else if (i == old_index->size() || fresh.place(j).geonameid < old_index->place(i).geonameid) {
            ++r.added;
            ++j;
        } else {
            Place a = old_index->place(i), b = fresh.place(j);
            bool same = a.name == b.name && a.latitude == b.latitude && a.longitude == b.longitude &&
                        a.population == b.population && a.feature_code == b.feature_code &&
                        a.admin1 == b.admin1 && old_index->names(a.geonameid) == fresh.names(b.geonameid);
            r.changed += !same;
            ++i;
            ++j;
        }
    }
}

}  // namespace

RefreshReport refresh(const RefreshOptions& o) {
    auto start = std::chrono::steady_clock::now();
    detail::build_timing("refresh: start");
    auto progress = [&](const std::string& s) { if (o.progress) o.progress(s); };
    RefreshReport report;
    detail::RefreshLock lock(o.index_path);
    if (lock.took_over_stale())
        report.notes.push_back("the previous refresh (pid " + lock.stale_pid() +
                               ") was killed before it finished; the index it left is the one before it");
    remove_stale_temps(o.index_path, report);

    std::optional<Index> old_index;
    std::error_code ec;
    if (fs::exists(o.index_path, ec)) {
        try {
            old_index.emplace(Index::open(o.index_path, Verify::checksum));
        } catch (const GazetteerError& e) {
            if (o.full_dumps.empty()) throw;
            report.notes.push_back(std::string("the current index is unusable (") + e.what() + "); rebuilding it in full");
        }
    }

    // Which daily files apply, and whether a gap forces a full reload.
    std::vector<DailyFiles> days;
    bool full = o.daily_source.empty();
    if (!full) {
        std::optional<Date> since;
        if (old_index) since = Date::parse_iso(old_index->info().data_date);
        std::optional<Date> until;
        if (!o.until.empty()) {
            until = Date::parse_iso(o.until);
            if (!until) throw UsageError("--until '" + o.until + "' is not a date", "use YYYY-MM-DD");
        }
        if (!since) {
            full = true;
            report.notes.push_back(old_index ? "the index does not record the day its data is current to; full reload"
                                             : "no current index; full reload");
        } else {
            Date last = until ? *until : Date::today_utc();
            for (Date d = since->plus_days(1); d <= last; d = d.plus_days(1)) {
                auto f = daily_files(o.daily_source, d);
                if (!f) {
                    if (!until) break;  // no explicit end: the newest published day was reached
                    full = true;
                    report.notes.push_back("daily files for " + d.iso() + " are missing from " + o.daily_source +
                                           " (a gap); full reload instead");
                    days.clear();
                    break;
                }
                days.push_back(*f);
            }
            if (!full && days.empty()) {
                report.outcome = RefreshOutcome::up_to_date;
                report.mode = "incremental";
                report.source = o.daily_source;
                report.data_date = since->iso();
                report.places_before = report.places_after = old_index->size();
                report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                return report;
            }
        }
        if (full && o.full_dumps.empty())
            throw GazetteerError("cannot apply daily files to " + o.index_path + ": " + report.notes.back(),
                                 "pass the full dumps too (--from cities500.zip …) so a gap can fall back to a full reload");
    }

    BuildOptions build;
    build.overlay_path = o.overlay_path;
    // The rows' strings wait next to the index, on the disk that has room for it.
    build.spill_directory = io::parent_directory(o.index_path);
    std::uint64_t lines = 0, bad = 0;
    IndexBuilder builder;
    if (full) {
        report.mode = o.daily_source.empty() ? "full" : "full (fallback)";
        for (auto& f : o.full_dumps) report.source += (report.source.empty() ? "" : ", ") + f;
        report.data_date = o.data_date.empty() ? Date::today_utc().iso() : o.data_date;
        build.source = report.source;
        build.data_date = report.data_date;
        builder = IndexBuilder(build);
        for (auto& f : o.full_dumps) {
            progress("reading " + f);
            note_stats(builder.add_places_file(f), lines, bad);
        }
        for (auto& f : o.alternate_names) {
            progress("reading " + f);
            note_stats(builder.add_alternate_names_file(f), lines, bad);
        }
    } else {
        report.mode = "incremental";
        report.source = o.daily_source;
        report.data_date = days.back().day;
        build.source = old_index->info().source + " + daily files to " + report.data_date;
        build.data_date = report.data_date;
        builder = IndexBuilder(build);
        progress("loading " + o.index_path);
        old_index->for_each_record([&](PlaceRecord& p, std::vector<AlternateNameRecord>& alts) {
            builder.add_place(std::move(p));
            for (auto& a : alts) builder.add_alternate_name(a);
        });
        for (auto& d : days) {
            progress("applying " + d.day);
            {
                GeonamesReader r(d.modifications);
                PlaceRecord p;
                while (r.next(p)) builder.add_place(std::move(p));
                note_stats(r.stats(), lines, bad);
            }
            {
                DeletesReader r(d.deletes);
                DeleteRecord del;
                while (r.next(del)) builder.remove_place(del.geonameid);
                note_stats(r.stats(), lines, bad);
            }
            if (vsi_exists(d.alt_modifications)) {
                AlternateNamesReader r(d.alt_modifications);
                AlternateNameRecord a;
                while (r.next(a)) builder.add_alternate_name(a);
                note_stats(r.stats(), lines, bad);
            }
            if (vsi_exists(d.alt_deletes)) {
                DeletesReader r(d.alt_deletes);
                DeleteRecord del;
                while (r.next(del)) builder.remove_alternate_name(del.id);
                note_stats(r.stats(), lines, bad);
            }
            report.days_applied.push_back(d.day);
        }
    }
    for (auto& f : o.demonyms) builder.add_demonyms_file(f);

    if (lines > 0 && static_cast<double>(bad) > max_bad_row_share * static_cast<double>(lines) && !o.force)
        throw RefreshRejectedError(std::to_string(bad) + " of " + std::to_string(lines) +
                                       " rows in the input are malformed; the index was not replaced",
                                   "the download is probably corrupt: fetch it again (or pass --force)");

    detail::build_timing("refresh: input read");
    const std::string fresh_path = o.index_path + ".new";
    progress("writing " + fresh_path);
    builder.write(fresh_path);
    builder = IndexBuilder();  // free the build's memory before validating

    auto reject = [&](const std::string& why, const std::string& hint) {
        fs::remove(fresh_path, ec);
        throw RefreshRejectedError("refresh of " + o.index_path + " rejected: " + why + "; the old index is kept", hint);
    };
    // write() verified the checksum of this very file before renaming it to .new; a second
    // pass over a multi-gigabyte index would only cost time.
    detail::build_timing("refresh: built");
    Index fresh = Index::open(fresh_path, Verify::structure);
    if (old_index && !o.force && old_index->size() > 0) {
        double shrink = 1.0 - static_cast<double>(fresh.size()) / static_cast<double>(old_index->size());
        if (shrink > o.max_shrink) {
            char pct[32];
            std::snprintf(pct, sizeof pct, "%.1f%%", shrink * 100);
            reject("the place count would shrink by " + std::string(pct) + " (" + std::to_string(old_index->size()) +
                       " -> " + std::to_string(fresh.size()) + ")",
                   "check the input; if the shrink is expected, run again with --force or a larger --max-shrink");
        }
    }
    for (auto& c : o.checks)
        if (!check_holds(fresh, c)) reject("sanity lookup failed: " + describe(c), "check the input dumps and the overlay");
    if (o.default_checks && old_index)
        for (auto& c : default_checks)
            if (check_holds(*old_index, c) && !check_holds(fresh, c))
                reject("sanity lookup failed: " + describe(c), "check the input dumps and the overlay");

    diff(old_index ? &*old_index : nullptr, fresh, report);
    if (std::rename(fresh_path.c_str(), o.index_path.c_str()) != 0)
        reject(std::string("cannot rename the new index into place: ") + std::strerror(errno),
               "check the directory's permissions and free space");
    if (FILE* dir = std::fopen(io::parent_directory(o.index_path).c_str(), "r")) {
        ::fsync(fileno(dir));
        std::fclose(dir);
    }
    detail::build_timing("refresh: renamed");
    report.outcome = RefreshOutcome::updated;
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

}  // namespace geoevent::gazetteer
