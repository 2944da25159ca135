// The threaded place-dump reader must hand on exactly what GeonamesReader reads: the same
// rows in the same order, the same counts and issues, the same strict-mode error.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "gazetteer/place_reader.hpp"
#include "gazetteer/temp_dir.hpp"
#include "geoevent/error.hpp"
#include "geoevent/gazetteer/geonames_reader.hpp"
#include "io/line_reader.hpp"
#include "test_config.hpp"

using namespace geoevent::gazetteer;
using geoevent::test::TempDir;

namespace {

// The embedded GeoNames rows (several reader batches), with blank, comment and bad lines
// spread through them.
std::string write_dump(const TempDir& dir) {
    std::string path = dir / "rows.txt";
    std::ofstream out(path, std::ios::binary);
    geoevent::io::LineReader lines(geoevent::test::embedded_places);
    std::string_view line;
    std::size_t n = 0;
    while (lines.next(line)) {
        out << line << '\n';
        ++n;
        if (n % 997 == 0) out << '\n';
        if (n % 1499 == 0) out << "# a comment\n";
        if (n % 1201 == 0) out << "123\tbroken row\n";
        if (n % 2003 == 0) out << std::string(line).replace(0, line.find('\t'), "x") << '\n';
    }
    REQUIRE(n > 9000);
    return path;
}

std::string describe(const PlaceRecord& r) {
    std::string s = std::to_string(r.geonameid) + "|" + r.name + "|" + r.ascii_name + "|" + r.feature_code + "|" +
                    r.country + "|" + r.admin1 + "|" + r.admin2 + "|" + std::to_string(r.population) + "|" +
                    std::to_string(r.latitude) + "," + std::to_string(r.longitude) + "|" + r.feature_class;
    for (auto& a : r.alternate_names) s += "," + a;
    return s;
}

}  // namespace

TEST_CASE("the threaded place reader reads what GeonamesReader reads", "[gazetteer][build]") {
    TempDir dir;
    const std::string path = write_dump(dir);
    ReadOptions options;
    options.max_issues = 5;
    GeonamesReader reader(path, options);
    std::vector<std::string> expected;
    PlaceRecord r;
    while (reader.next(r)) expected.push_back(describe(r));
    const ReadStats& want = reader.stats();
    REQUIRE(want.skipped > 10);

    for (std::size_t threads : {1, 2, 3}) {
        std::vector<std::string> got;
        ReadStats stats = detail::read_places(path, options, threads, [&](PlaceRecord& p) { got.push_back(describe(p)); });
        CHECK(got == expected);
        CHECK(stats.lines == want.lines);
        CHECK(stats.records == want.records);
        CHECK(stats.skipped == want.skipped);
        REQUIRE(stats.issues.size() == want.issues.size());
        for (std::size_t i = 0; i < want.issues.size(); ++i) {
            CHECK(stats.issues[i].line == want.issues[i].line);
            CHECK(stats.issues[i].message == want.issues[i].message);
            CHECK(stats.issues[i].file == want.issues[i].file);
        }
    }

    // Strict: the same first bad line, after the same rows.
    ReadOptions strict;
    strict.strict = true;
    std::uint64_t want_line = 0;
    std::size_t want_rows = 0;
    try {
        GeonamesReader s(path, strict);
        while (s.next(r)) ++want_rows;
    } catch (const geoevent::InputError& e) {
        want_line = e.line();
    }
    REQUIRE(want_line > 0);
    std::size_t rows = 0;
    try {
        detail::read_places(path, strict, 2, [&](PlaceRecord&) { ++rows; });
        FAIL("no error in strict mode");
    } catch (const geoevent::InputError& e) {
        CHECK(e.line() == want_line);
    }
    CHECK(rows == want_rows);
}
