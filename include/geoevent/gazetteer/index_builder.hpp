#pragma once
// Builds an index file from GeoNames dumps (and the user overlay). The output is written
// next to the target, fsynced, validated and renamed over it, so a failed build never
// leaves a half-written or missing index behind.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "geoevent/gazetteer/geonames_reader.hpp"
#include "geoevent/gazetteer/records.hpp"

namespace geoevent::gazetteer {

class Overlay;

struct BuildOptions {
    std::string source;     // free text stored in the header ("cities500.zip 2026-11-23")
    std::string data_date;  // YYYY-MM-DD the data is current to, if known
    std::string overlay_path;
    // Bytes of postings sorted in memory before a sorted run is spilled to a temporary
    // file next to the output (0 = 256 MiB). Only memory use depends on it, not the file.
    std::size_t sort_memory = 0;
    // Bytes of the rows' strings (0 = 64 MiB) and of the index's string pool (0 = 256 MiB)
    // kept in memory; the rest waits in temporary files. Only memory use depends on them.
    std::size_t place_memory = 0;
    std::size_t string_memory = 0;
    // Where the rows' strings are spilled while the input is read (empty: $TMPDIR or
    // /tmp); sorted postings and the string pool go next to the output.
    std::string spill_directory;
};

struct BuildReport {
    std::uint64_t places = 0;
    std::uint64_t names = 0;
    std::uint64_t keys = 0;
    std::uint64_t overlay_added = 0;
    std::uint64_t overlay_aliases = 0;
    std::uint64_t overlay_suppressed = 0;
    std::uint64_t file_size = 0;
};

class IndexBuilder {
public:
    explicit IndexBuilder(BuildOptions options = {});
    ~IndexBuilder();
    IndexBuilder(IndexBuilder&&) noexcept;
    IndexBuilder& operator=(IndexBuilder&&) noexcept;

    // A later record with the same geonameid replaces the earlier one (daily files).
    void add_place(PlaceRecord record);
    void remove_place(std::uint32_t geonameid);
    // Alternate names from alternateNamesV2; pseudo-languages are ignored for matching.
    void add_alternate_name(const AlternateNameRecord& record);
    void remove_alternate_name(std::uint32_t alternate_name_id);
    // "syrien" -> the country place of "SY".
    void add_demonym(const std::string& iso2, const std::string& form);

    // Convenience: whole files through the readers (paths as the readers accept).
    ReadStats add_places_file(const std::string& path, ReadOptions options = {});
    ReadStats add_alternate_names_file(const std::string& path, ReadOptions options = {});
    // TSV with a header line: iso2, lang, form.
    ReadStats add_demonyms_file(const std::string& path, ReadOptions options = {});

    std::size_t place_count() const noexcept;

    // Applies the overlay (if any), writes `path` atomically, reopens it with a checksum
    // check before the rename. Throws GazetteerError on failure; the old file is intact.
    BuildReport write(const std::string& path);

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

}  // namespace geoevent::gazetteer
