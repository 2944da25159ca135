#include <catch2/catch.hpp>

#include <string>

#include "geoevent/error.hpp"
#include "geoevent/gazetteer/geonames_reader.hpp"
#include "test_config.hpp"

using namespace geoevent::gazetteer;

namespace {
std::string fixture(const std::string& name) {
    return std::string(geoevent::test::data_dir) + "/gazetteer/" + name;
}
}  // namespace

TEST_CASE("a real cities500 row parses into every column", "[gazetteer]") {
    GeonamesReader reader(fixture("cities_sample.txt"));
    PlaceRecord r;
    bool found = false;
    while (reader.next(r)) {
        if (r.geonameid != 174448) continue;
        found = true;
        CHECK(r.name == "Ālbū Kamāl");
        CHECK(r.ascii_name == "Albu Kamal");
        CHECK(r.latitude == Approx(34.45226));
        CHECK(r.longitude == Approx(40.91854));
        CHECK(r.feature_class == 'P');
        CHECK(r.feature_code == "PPLA2");
        CHECK(r.country == "SY");
        CHECK(r.admin1 == "07");
        CHECK(r.population == 57572);
        CHECK(r.timezone == "Asia/Damascus");
        CHECK(std::find(r.alternate_names.begin(), r.alternate_names.end(), "Abu Kamal") != r.alternate_names.end());
        CHECK(std::find(r.alternate_names.begin(), r.alternate_names.end(), "أبو كمال") != r.alternate_names.end());
    }
    CHECK(found);
    CHECK(reader.stats().records == 17);
    CHECK(reader.stats().skipped == 0);
}

TEST_CASE("plain, .gz and .zip dumps read the same rows", "[gazetteer]") {
    auto ids = [](const std::string& path) {
        GeonamesReader reader(path);
        PlaceRecord r;
        std::vector<std::uint32_t> out;
        while (reader.next(r)) out.push_back(r.geonameid);
        return out;
    };
    auto plain = ids(fixture("cities_sample.txt"));
    REQUIRE(plain.size() == 17);
    CHECK(ids(fixture("cities_sample.txt.gz")) == plain);
    CHECK(ids(fixture("cities_sample.zip")) == plain);
    CHECK(ids("/vsigzip/" + fixture("cities_sample.txt.gz")) == plain);
}

TEST_CASE("bad rows are counted, reported with file and line, and skipped", "[gazetteer]") {
    GeonamesReader reader(fixture("bad_rows.txt"));
    PlaceRecord r;
    std::vector<std::uint32_t> ids;
    while (reader.next(r)) ids.push_back(r.geonameid);
    CHECK(ids == std::vector<std::uint32_t>{2988507, 99072});
    const auto& s = reader.stats();
    CHECK(s.lines == 6);
    CHECK(s.skipped == 4);
    REQUIRE(s.issues.size() == 4);
    CHECK(s.issues[0].line == 2);
    CHECK_THAT(s.issues[0].message, Catch::Contains("3 tab-separated columns where 19"));
    CHECK(s.issues[1].line == 3);
    CHECK_THAT(s.issues[1].message, Catch::Contains("bad latitude '95.5'"));
    CHECK(s.issues[2].line == 4);
    CHECK_THAT(s.issues[2].message, Catch::Contains("bad longitude 'east'"));
    CHECK(s.issues[3].line == 5);
    CHECK_THAT(s.issues[3].message, Catch::Contains("invalid UTF-8"));
    CHECK_THAT(s.issues[0].file, Catch::EndsWith("bad_rows.txt"));
}

TEST_CASE("strict mode fails on the first bad row, naming file and line", "[gazetteer]") {
    ReadOptions strict;
    strict.strict = true;
    GeonamesReader reader(fixture("bad_rows.txt"), strict);
    PlaceRecord r;
    REQUIRE(reader.next(r));
    try {
        reader.next(r);
        FAIL("no exception");
    } catch (const geoevent::InputError& e) {
        CHECK(e.line() == 2);
        CHECK_THAT(std::string(e.what()), Catch::Contains("bad_rows.txt:2:"));
        CHECK_THAT(e.hint(), Catch::Contains("--strict"));
    }
}

TEST_CASE("a truncated .gz is a read error, not silent data loss", "[gazetteer]") {
    GeonamesReader reader(fixture("cities_sample_truncated.txt.gz"));
    PlaceRecord r;
    CHECK_THROWS_AS([&] { while (reader.next(r)) {} }(), geoevent::InputError);
}

TEST_CASE("a missing file is an InputError naming it", "[gazetteer]") {
    CHECK_THROWS_WITH(GeonamesReader(fixture("no_such_file.txt")), Catch::Contains("no_such_file.txt"));
}

TEST_CASE("alternateNamesV2 rows parse, including flags and languages", "[gazetteer]") {
    AlternateNamesReader reader(fixture("alternate_names_sample.txt"));
    AlternateNameRecord r;
    std::vector<AlternateNameRecord> rows;
    while (reader.next(r)) rows.push_back(r);
    REQUIRE(rows.size() == 6);
    CHECK(rows[0].geonameid == 174448);
    CHECK(rows[0].language == "fr");
    CHECK(rows[0].name == "Boukamal");
    CHECK(rows[0].preferred);
    CHECK(is_pseudo_language(rows[1].language));
    CHECK(rows[2].name == "البوكمال");
    CHECK(reader.stats().skipped == 1);
    CHECK(reader.stats().issues.at(0).line == 6);
}

TEST_CASE("admin codes, country info and deletes parse", "[gazetteer]") {
    AdminCodesReader admin(fixture("admin1_sample.txt"));
    AdminCodeRecord a;
    REQUIRE(admin.next(a));
    CHECK(a.code == "SY.07");
    CHECK(a.name == "Deir ez-Zor");
    REQUIRE(admin.next(a));
    CHECK_FALSE(admin.next(a));
    CHECK(admin.stats().skipped == 1);

    CountryInfoReader countries(fixture("country_info_sample.txt"));
    CountryRecord c;
    REQUIRE(countries.next(c));
    CHECK(c.iso2 == "SY");
    CHECK(c.name == "Syria");
    CHECK(c.geonameid == 163843);
    CHECK(c.population == 22933531);
    CHECK_FALSE(countries.next(c));

    DeletesReader deletes(fixture("deletes_sample.txt"));
    DeleteRecord d;
    REQUIRE(deletes.next(d));
    CHECK(d.geonameid == 92004);
    CHECK(d.comment == "duplicate");
}

TEST_CASE("row parsers reject malformed lines without crashing", "[gazetteer]") {
    PlaceRecord p;
    auto table = GENERATE(as<std::string>{}, "", "\t", "abc", std::string(18, '\t'), std::string(25, '\t'),
                          "0\tX\tX\t\t1\t1\tP\tPPL\tSY\t\t\t\t\t\t0\t\t\t\t",
                          "1\tX\tX\t\tnan\t1\tP\tPPL\tSY\t\t\t\t\t\t0\t\t\t\t",
                          "1\tX\tX\t\t1\tinf\tP\tPPL\tSY\t\t\t\t\t\t0\t\t\t\t",
                          "1\tX\tX\t\t1\t1\tP\tPPL\tSY\t\t\t\t\t\t-5\t\t\t\t");
    CHECK_FALSE(parse_place(table, p).empty());
}
