#pragma once
// The builder's copy of every place row until the index is written, compact: numbers in a
// fixed-size record, the strings of a row packed into one blob (length-prefixed), ids
// mapped through an open-addressing table. A PlaceRecord with its vector of std::string
// cost several times its text; at allCountries scale that was gigabytes.
//
// The blobs are appended to an arena that keeps at most `resident_bytes` in memory and
// moves the rest to an unlinked temporary file: at 13 M rows they are ≈ 2.6 GB that are
// only read again, once, in geonameid order while the index is written (fetch()).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gazetteer/spill_file.hpp"
#include "geoevent/gazetteer/records.hpp"

namespace geoevent::gazetteer::detail {

// The strings of one stored place, viewing a blob (valid as long as the memory it was
// decoded from: the store until the next put(), or a PlaceBlobs until its next fetch).
struct PlaceStrings {
    std::string_view name, ascii_name, feature_code, country, admin1, admin2;
    std::vector<std::string_view> alternate_names;
    std::string bytes;  // the blob, when strings() had to read it back from the file
};

struct StoredPlace {
    std::uint32_t geonameid;
    char feature_class;
    bool removed;
    double latitude;
    double longitude;
    std::int64_t population;
    // Where the strings are in the arena (memory or file): 256 GiB of arena and blobs up
    // to 64 MiB, more than a row can hold (the line reader stops at 64 MiB).
    std::uint64_t blob : 38;
    std::uint64_t blob_size : 26;
};

// The blobs of a range of places, read back in a few large reads.
class PlaceBlobs {
public:
    // k-th place of the fetched range.
    void strings(std::size_t k, PlaceStrings& out) const;
    std::size_t size() const noexcept { return m_at.size(); }

private:
    friend class PlaceStore;
    std::vector<const char*> m_at;
    std::vector<char> m_bytes;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> m_order;  // (blob, k), sorted
    std::vector<std::size_t> m_bytes_at;                           // per k, into m_bytes
};

class PlaceStore {
public:
    static constexpr std::size_t default_resident_bytes = 64u << 20;
    // `spill_directory`: where the temporary file goes (empty: the system's temp directory).
    explicit PlaceStore(std::string spill_directory = {}, std::size_t resident_bytes = default_resident_bytes);
    ~PlaceStore();
    PlaceStore(PlaceStore&&) noexcept;
    PlaceStore& operator=(PlaceStore&&) noexcept;

    // A later record with the same geonameid replaces the earlier one (its old blob stays
    // in the arena: replacements are the few rows of daily files).
    void put(const PlaceRecord& record);
    void remove(std::uint32_t geonameid);
    // Index into places(), or -1.
    std::int64_t find(std::uint32_t geonameid) const noexcept;

    const std::vector<StoredPlace>& places() const noexcept { return m_places; }
    // One place's strings (a read of the file when its blob was spilled).
    void strings(const StoredPlace& place, PlaceStrings& out) const;
    // The strings of places()[ids[k]] for k in [begin, end), read with one read per run of
    // adjacent blobs (rows added in geonameid order are adjacent).
    void fetch(const std::vector<std::uint32_t>& ids, std::size_t begin, std::size_t end, PlaceBlobs& out) const;
    std::size_t live_count() const noexcept { return m_places.size() - m_removed; }
    std::uint64_t spilled_bytes() const noexcept { return m_file_bytes; }

private:
    std::uint64_t store_blob(const PlaceRecord& record);
    void grow_ids();
    void read(std::uint64_t at, std::size_t size, char* out) const;

    std::vector<StoredPlace> m_places;
    std::size_t m_removed = 0;
    std::string m_spill_directory;
    std::size_t m_resident_bytes;
    std::unique_ptr<SpillFile> m_file;  // arena bytes [0, m_file_bytes)
    std::uint64_t m_file_bytes = 0;
    std::vector<char> m_tail;  // arena bytes [m_file_bytes, m_file_bytes + size)
    std::vector<std::uint32_t> m_slots;  // index into m_places + 1; 0 = empty
    std::string m_scratch;
};

}  // namespace geoevent::gazetteer::detail
