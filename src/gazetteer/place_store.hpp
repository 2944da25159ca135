#pragma once
// The builder's copy of every place row until the index is written, compact: numbers in a
// fixed-size record, the strings of a row packed into one arena blob (length-prefixed),
// ids mapped through an open-addressing table. A PlaceRecord with its vector of
// std::string cost several times its text; at allCountries scale that was gigabytes.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "geoevent/gazetteer/records.hpp"

namespace geoevent::gazetteer::detail {

// The strings of one stored place, viewing the arena (valid until the next put()).
struct PlaceStrings {
    std::string_view name, ascii_name, feature_code, country, admin1, admin2;
    std::vector<std::string_view> alternate_names;
};

struct StoredPlace {
    std::uint32_t geonameid;
    char feature_class;
    bool removed;
    double latitude;
    double longitude;
    std::int64_t population;
    std::uint64_t blob;  // arena address of the strings
};

class PlaceStore {
public:
    // A later record with the same geonameid replaces the earlier one (its old blob stays
    // in the arena: replacements are the few rows of daily files).
    void put(const PlaceRecord& record);
    void remove(std::uint32_t geonameid);
    // Index into places(), or -1.
    std::int64_t find(std::uint32_t geonameid) const noexcept;

    const std::vector<StoredPlace>& places() const noexcept { return m_places; }
    void strings(const StoredPlace& place, PlaceStrings& out) const;
    std::size_t live_count() const noexcept { return m_places.size() - m_removed; }

private:
    std::uint64_t store_blob(const PlaceRecord& record);
    void grow_ids();

    std::vector<StoredPlace> m_places;
    std::size_t m_removed = 0;
    std::vector<std::unique_ptr<char[]>> m_blocks;
    std::size_t m_block_used = 0;
    std::size_t m_block_size = 0;
    std::vector<std::uint32_t> m_slots;  // index into m_places + 1; 0 = empty
    std::string m_scratch;
};

}  // namespace geoevent::gazetteer::detail
