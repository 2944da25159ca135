#pragma once
// The compiled gazetteer: one memory-mapped, versioned, checksummed file that opens in
// milliseconds and answers lookups without loading places into the heap. Several
// processes share the mapping; replacing the file (rename) never disturbs a process that
// has the old one open.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "geoevent/gazetteer/records.hpp"

namespace geoevent::gazetteer {

// A place as stored in the index. The string views point into the mapping and stay valid
// as long as the Index lives.
struct Place {
    std::uint32_t geonameid = 0;
    std::string_view name;
    double latitude = 0;
    double longitude = 0;
    char feature_class = 0;
    std::string_view feature_code;
    std::string_view country;
    std::string_view admin1;
    std::string_view admin2;
    std::int64_t population = 0;

    // Compared letter by letter: the resolver asks these for every candidate many times.
    bool is_country() const noexcept {
        return feature_code.size() >= 3 && feature_code[0] == 'P' && feature_code[1] == 'C' && feature_code[2] == 'L';
    }
    bool is_admin1() const noexcept {
        return feature_code.size() == 4 && feature_code[0] == 'A' && feature_code[1] == 'D' && feature_code[2] == 'M' &&
               feature_code[3] == '1';
    }
};

// How a name matched: the exact key (spelling up to case, accents, punctuation and
// spaces), a loose transliteration key, or a demonym (Syrian -> Syria).
enum class MatchKind : std::uint8_t { exact = 0, loose = 1, demonym = 2 };
const char* to_string(MatchKind kind) noexcept;

struct Candidate {
    Place place;
    double score = 0;  // in [0, 1]; comparable across lookups
    MatchKind match = MatchKind::exact;
    std::string_view matched_name;  // the stored spelling that matched
};

// What kind of place the caller expects; `admin1` when the text says "province de X".
enum class Expect : std::uint8_t { any, populated_place, admin1, country };

struct LookupOptions {
    std::string country;  // ISO2 filter; empty = any
    std::size_t limit = 10;
    Expect expect = Expect::any;
    bool include_demonyms = false;
};

struct IndexInfo {
    std::uint32_t format_version = 0;
    std::string path;
    std::string source;      // what it was built from
    std::string built_at;    // ISO 8601 UTC
    std::string data_date;   // GeoNames day the data is current to (YYYY-MM-DD), if known
    std::string overlay;     // overlay file applied, if any
    std::uint64_t places = 0;
    std::uint64_t names = 0;
    std::uint64_t keys = 0;
    std::uint64_t file_size = 0;
    std::uint32_t checksum = 0;  // CRC-32 of everything after the header
};

enum class Verify : std::uint8_t {
    structure,  // header, sizes and section bounds (cheap; catches truncation)
    checksum,   // structure + CRC-32 of the whole body (catches any corruption)
};

class Index {
public:
    // Throws GazetteerError naming the file and suggesting a rebuild when the file is
    // missing, truncated, corrupt, or of another format version.
    static Index open(const std::string& path, Verify verify = Verify::checksum);
    ~Index();
    Index(Index&&) noexcept;
    Index& operator=(Index&&) noexcept;

    std::vector<Candidate> lookup(std::string_view name, const LookupOptions& options = {}) const;
    std::optional<Place> find(std::uint32_t geonameid) const;
    // The country place (PCL*) for an ISO2 code, if the index has one.
    std::optional<Place> country(std::string_view iso2) const;

    std::size_t size() const noexcept;
    Place place(std::size_t i) const;  // 0 <= i < size(), in geonameid order
    // Every stored spelling of a place (primary name first).
    std::vector<std::string_view> names(std::uint32_t geonameid) const;
    IndexInfo info() const;

    // The GeoNames state the index was built from (overlay entries left out), one place
    // at a time, so a refresh can apply daily changes without the original dumps. Names
    // that came from alternateNamesV2 are returned with their alternateNameId.
    void for_each_record(
        const std::function<void(PlaceRecord&, std::vector<AlternateNameRecord>&)>& fn) const;

    struct Impl;

private:
    explicit Index(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace geoevent::gazetteer
