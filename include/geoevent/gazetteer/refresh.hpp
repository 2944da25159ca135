#pragma once
// Nightly refresh of a gazetteer index: from full GeoNames dumps, or by applying GeoNames'
// daily files since the day the index is current to. The new index is built next to the
// live one, validated, and only then renamed over it; whatever fails, the old index is
// left byte-identical and keeps answering.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "geoevent/error.hpp"

namespace geoevent::gazetteer {

struct SanityCheck {
    std::string name;               // looked up with default options
    std::uint32_t geonameid = 0;    // expected rank-1 id (0: use `country`)
    std::string country;            // or: rank 1 must be in this country
};

struct RefreshOptions {
    std::string index_path;
    // Full reload sources (also the fallback when daily files have a gap).
    std::vector<std::string> full_dumps;
    std::vector<std::string> alternate_names;
    std::vector<std::string> demonyms;
    std::string overlay_path;
    // Directory (or GDAL path prefix such as /vsicurl/https://…/dump/) holding
    // modifications-YYYY-MM-DD.txt, deletes-…, alternateNamesModifications-…,
    // alternateNamesDeletes-…
    std::string daily_source;
    std::string until;        // last day to apply (YYYY-MM-DD); default: the latest day found
    std::string data_date;    // day a full dump is current to; default: today (UTC)
    double max_shrink = 0.02; // refuse when places shrink by more than this fraction
    bool force = false;       // skip the shrink check
    std::vector<SanityCheck> checks;  // must hold in the new index
    bool default_checks = true;       // capitals that resolved in the old index must still
    std::function<void(const std::string&)> progress;  // human-readable steps
};

enum class RefreshOutcome { updated, up_to_date };

struct RefreshReport {
    RefreshOutcome outcome = RefreshOutcome::up_to_date;
    std::string mode;   // "full", "incremental", "full (gap in daily files)"
    std::string source;
    std::vector<std::string> days_applied;
    std::uint64_t places_before = 0;
    std::uint64_t places_after = 0;
    std::uint64_t added = 0;
    std::uint64_t changed = 0;
    std::uint64_t deleted = 0;
    std::string data_date;
    std::vector<std::string> notes;  // e.g. why a full reload replaced the daily files
    double seconds = 0;
};

// Another refresh holds the lock on this index.
class RefreshLockedError : public GazetteerError {
public:
    using GazetteerError::GazetteerError;
};

// The new index was built but failed validation; the old one is untouched.
class RefreshRejectedError : public GazetteerError {
public:
    using GazetteerError::GazetteerError;
};

RefreshReport refresh(const RefreshOptions& options);

}  // namespace geoevent::gazetteer
