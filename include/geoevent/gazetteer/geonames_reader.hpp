#pragma once
// Streaming readers for the GeoNames dump formats. Any path GDAL can open works: plain
// files, `.gz` and `.zip` (opened through /vsigzip/ and /vsizip/ automatically), and GDAL
// virtual paths such as /vsicurl/https://… . A bad row is counted, recorded with file and
// line, and skipped; in strict mode it throws InputError instead.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "geoevent/gazetteer/records.hpp"

namespace geoevent::io {
class LineReader;
}

namespace geoevent::gazetteer {

struct ReadIssue {
    std::string file;
    std::uint64_t line = 0;
    std::string message;
};

struct ReadStats {
    std::uint64_t lines = 0;
    std::uint64_t records = 0;
    std::uint64_t skipped = 0;
    std::vector<ReadIssue> issues;  // the first `max_issues` problems, in order
};

struct ReadOptions {
    bool strict = false;
    std::size_t max_issues = 100;
};

// Reads rows of type Record from one file; one class per format keeps each parser small.
template <typename Record>
class DumpReader {
public:
    explicit DumpReader(const std::string& path, ReadOptions options = {});
    ~DumpReader();
    DumpReader(DumpReader&&) noexcept;
    DumpReader& operator=(DumpReader&&) noexcept;

    // False at end of input. Bad rows are skipped (or throw in strict mode).
    bool next(Record& record);
    const ReadStats& stats() const noexcept { return m_stats; }
    const std::string& path() const noexcept { return m_path; }

private:
    void report(const std::string& message);
    std::string m_path;
    ReadOptions m_options;
    std::unique_ptr<io::LineReader> m_lines;
    ReadStats m_stats;
};

using GeonamesReader = DumpReader<PlaceRecord>;
using AlternateNamesReader = DumpReader<AlternateNameRecord>;
using AdminCodesReader = DumpReader<AdminCodeRecord>;
using CountryInfoReader = DumpReader<CountryRecord>;
using DeletesReader = DumpReader<DeleteRecord>;

// Parse one line; returns an error message, or empty on success. Exposed for tests and
// fuzzers; the readers above call these.
std::string parse_place(std::string_view line, PlaceRecord& out);
std::string parse_alternate_name(std::string_view line, AlternateNameRecord& out);
std::string parse_admin_code(std::string_view line, AdminCodeRecord& out);
std::string parse_country(std::string_view line, CountryRecord& out);
std::string parse_delete(std::string_view line, DeleteRecord& out);

}  // namespace geoevent::gazetteer
