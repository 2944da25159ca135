#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sys/stat.h>
#include <unistd.h>

#include "geoevent/error.hpp"
#include "geoevent/gazetteer/index.hpp"
#include "geoevent/gazetteer/index_builder.hpp"
#include "gazetteer/index_format.hpp"

#include <cstddef>
#include <cstring>
#include "gazetteer/temp_dir.hpp"
#include "test_config.hpp"

using namespace geoevent::gazetteer;
using geoevent::test::TempDir;

namespace {

std::string fixture(const std::string& name) {
    return std::string(geoevent::test::data_dir) + "/gazetteer/" + name;
}

std::string build_sample(const TempDir& dir, const std::string& name = "sample.gidx") {
    IndexBuilder b({"test sample", "2026-11-23", ""});
    b.add_places_file(fixture("cities_sample.txt"));
    b.add_alternate_names_file(fixture("alternate_names_sample.txt"));
    std::string path = dir / name;
    b.write(path);
    return path;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void spit(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

std::uint32_t top(const Index& index, const std::string& name, LookupOptions o = {}) {
    auto c = index.lookup(name, o);
    return c.empty() ? 0 : c.front().place.geonameid;
}

}  // namespace

TEST_CASE("an index round-trips places, names and header", "[gazetteer]") {
    TempDir dir;
    auto index = Index::open(build_sample(dir));
    CHECK(index.size() == 17);
    auto info = index.info();
    CHECK(info.format_version == 2);
    CHECK(info.source == "test sample");
    CHECK(info.data_date == "2026-11-23");
    CHECK(info.places == 17);
    CHECK(info.keys > info.places);
    auto p = index.find(174448);
    REQUIRE(p);
    CHECK(p->name == "Ālbū Kamāl");
    CHECK(p->country == "SY");
    CHECK(p->admin1 == "07");
    CHECK(p->feature_code == "PPLA2");
    CHECK(p->latitude == Approx(34.45226));
    auto names = index.names(174448);
    CHECK(names.front() == "Ālbū Kamāl");
    CHECK(std::find(names.begin(), names.end(), "Boukamal") != names.end());  // from alternateNamesV2
    CHECK_FALSE(index.find(1));
    for (std::size_t i = 1; i < index.size(); ++i) CHECK(index.place(i - 1).geonameid < index.place(i).geonameid);
}

TEST_CASE("lookups on a small index find spellings, namesakes and country filters", "[gazetteer]") {
    TempDir dir;
    auto index = Index::open(build_sample(dir));
    CHECK(top(index, "Abu Kamal") == 174448);
    CHECK(top(index, "Boukamal") == 174448);
    CHECK(top(index, "البوكمال") == 174448);
    CHECK(top(index, "Tripoli") == 2210247);  // Libya's capital over Lebanon's Tripoli
    LookupOptions lb;
    lb.country = "LB";
    CHECK(top(index, "Tripoli", lb) == 266826);
    CHECK(top(index, "Paris") == 2988507);
    CHECK(top(index, "Palmyra") == 163808);
    LookupOptions us;
    us.country = "US";
    auto id = top(index, "Palmyra", us);
    CHECK((id == 4246587 || id == 4262746));
    CHECK(index.lookup("Qwxzvbn").empty());
    auto c = index.lookup("Abu Kamal");
    REQUIRE_FALSE(c.empty());
    CHECK(c.front().match == MatchKind::exact);
    CHECK(c.front().score > 0);
    CHECK(c.front().score <= 1.0);
}

TEST_CASE("link, iata and other pseudo-language names never match", "[gazetteer]") {
    TempDir dir;
    auto index = Index::open(build_sample(dir));
    for (auto& c : index.lookup("ORAQ")) CHECK(c.matched_name != "ORAQ");
    for (auto& c : index.lookup("https://en.wikipedia.org/wiki/Abu_Kamal")) CHECK(c.match != MatchKind::exact);
    auto names = index.names(92138);
    CHECK(std::find(names.begin(), names.end(), "ORAQ") == names.end());
}

TEST_CASE("deleted and replaced places follow the latest record", "[gazetteer]") {
    TempDir dir;
    IndexBuilder b;
    b.add_places_file(fixture("cities_sample.txt"));
    DeletesReader deletes(fixture("deletes_sample.txt"));
    DeleteRecord d;
    while (deletes.next(d)) b.remove_place(d.geonameid);
    PlaceRecord renamed;
    GeonamesReader reader(fixture("cities_sample.txt"));
    while (reader.next(renamed) && renamed.geonameid != 99072) {}
    renamed.population = 1;
    b.add_place(renamed);
    auto path = dir / "d.gidx";
    b.write(path);
    auto index = Index::open(path);
    CHECK(index.size() == 15);
    CHECK_FALSE(index.find(92004));
    CHECK(index.find(99072)->population == 1);
}

TEST_CASE("demonyms and ISO codes point at the country place", "[gazetteer]") {
    TempDir dir;
    IndexBuilder b;
    PlaceRecord syria;
    syria.geonameid = 163843;
    syria.name = "Syria";
    syria.ascii_name = "Syria";
    syria.alternate_names = {"Syrie", "سوريا"};
    syria.latitude = 33.5102;
    syria.longitude = 36.29128;
    syria.feature_class = 'A';
    syria.feature_code = "PCLI";
    syria.country = "SY";
    syria.population = 22933531;
    b.add_place(syria);
    b.add_places_file(fixture("cities_sample.txt"));
    b.add_demonym("SY", "syrien");
    b.add_demonym("SY", "Syrian");
    b.add_demonym("XX", "nowhere");  // no such country: ignored
    auto path = dir / "c.gidx";
    b.write(path);
    auto index = Index::open(path);
    CHECK(top(index, "Syrie") == 163843);
    CHECK(top(index, "سوريا") == 163843);
    CHECK(index.lookup("syrien").empty());  // demonyms only when asked
    LookupOptions o;
    o.include_demonyms = true;
    o.expect = Expect::country;
    CHECK(top(index, "SYRIEN", o) == 163843);
    CHECK(index.lookup("SYRIEN", o).front().match == MatchKind::demonym);
    REQUIRE(index.country("SY"));
    CHECK(index.country("SY")->geonameid == 163843);
    CHECK_FALSE(index.country("FR"));
}

TEST_CASE("a damaged index is refused with the path and a rebuild hint, never misread", "[gazetteer]") {
    TempDir dir;
    auto path = build_sample(dir);
    const std::string good = slurp(path);
    auto expect_refused = [&](const std::string& bytes, const std::string& reason, Verify v = Verify::checksum) {
        auto bad = dir / "bad.gidx";
        spit(bad, bytes);
        try {
            Index::open(bad, v);
            FAIL("opened a damaged index: " << reason);
        } catch (const geoevent::GazetteerError& e) {
            CHECK_THAT(std::string(e.what()), Catch::Contains(bad));
            CHECK_THAT(std::string(e.what()), Catch::Contains(reason));
            CHECK_THAT(e.hint(), Catch::Contains("gazetteer build"));
        }
    };
    SECTION("truncated") {
        expect_refused(good.substr(0, good.size() / 2), "truncated", Verify::structure);
        expect_refused(good.substr(0, 100), "too small");
        expect_refused("", "too small");
    }
    SECTION("a flipped byte anywhere in the body") {
        for (std::size_t at : {good.size() / 3, good.size() / 2, good.size() - 1}) {
            std::string bytes = good;
            bytes[at] = static_cast<char>(bytes[at] ^ 0x5A);
            expect_refused(bytes, "checksum");
        }
    }
    SECTION("not an index at all") {
        expect_refused(std::string(4096, 'x'), "bad magic");
        expect_refused(slurp(fixture("cities_sample.txt")), "bad magic");
    }
    SECTION("another format version") {
        std::string bytes = good;
        bytes[8] = 99;
        expect_refused(bytes, "format version 99");
    }
    SECTION("missing") {
        CHECK_THROWS_AS(Index::open(dir / "nope.gidx"), geoevent::GazetteerError);
    }
}

TEST_CASE("a failed build leaves the previous index byte-identical", "[gazetteer]") {
    TempDir dir;
    auto path = build_sample(dir);
    const std::string before = slurp(path);
    SECTION("read-only directory") {
        if (::geteuid() == 0) {
            // root ignores directory permissions; a path under a file fails the same way.
            IndexBuilder b;
            b.add_places_file(fixture("cities_sample.txt"));
            CHECK_THROWS_AS(b.write(path + "/child.gidx"), geoevent::Error);
        } else {
            std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
            IndexBuilder b;
            b.add_places_file(fixture("cities_sample.txt"));
            CHECK_THROWS_AS(b.write(path), geoevent::Error);
            std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all);
        }
    }
    SECTION("bad overlay") {
        auto overlay = dir / "overlay.tsv";
        spit(overlay, "alias\tnot-a-number\tX\n");
        IndexBuilder b({"x", "", overlay});
        b.add_places_file(fixture("cities_sample.txt"));
        CHECK_THROWS_AS(b.write(path), geoevent::InputError);
    }
    CHECK(slurp(path) == before);
    CHECK(Index::open(path).find(174448));
    std::size_t files = 0;
    for (auto& e : std::filesystem::directory_iterator(dir.path())) files += e.path().filename() != "overlay.tsv";
    CHECK(files == 1);  // no temporary left behind
}

TEST_CASE("an index stays usable while a new one is renamed over it", "[gazetteer]") {
    TempDir dir;
    auto path = build_sample(dir);
    auto old_index = Index::open(path);
    IndexBuilder b;
    b.add_places_file(fixture("cities_sample.txt"));
    b.remove_place(174448);
    b.write(path);
    CHECK(old_index.find(174448));        // old mapping keeps the old inode
    CHECK_FALSE(Index::open(path).find(174448));  // new opens see the new index
}

// Regression for fuzz crash 12ab8ba6 (fuzz_index_open): a section offset near 2^64 made
// `offset + size` wrap around and pass the bounds check, then pointer arithmetic overflowed.
TEST_CASE("fuzz crash 12ab8ba6: a section offset that wraps around is refused", "[gazetteer]") {
    TempDir dir;
    auto path = build_sample(dir);
    std::string bytes = slurp(path);
    using geoevent::gazetteer::detail::Header;
    std::uint64_t offset = ~std::uint64_t{0} - 255, count = 8;
    std::memcpy(bytes.data() + offsetof(Header, places_offset), &offset, 8);
    std::memcpy(bytes.data() + offsetof(Header, place_count), &count, 8);
    auto bad = dir / "wrap.gidx";
    spit(bad, bytes);
    CHECK_THROWS_WITH(Index::open(bad, Verify::structure), Catch::Contains("outside the file"));
}

// Regression for the second fuzz_index_open crash: a string offset of 0xFFFFFFFF made the
// 32-bit bounds check `offset + 2` wrap, and the name was read 4 GiB past the mapping.
TEST_CASE("fuzz crash str-wrap: a string offset near 4 GiB reads as empty, not out of bounds", "[gazetteer]") {
    TempDir dir;
    auto path = build_sample(dir);
    std::string bytes = slurp(path);
    using geoevent::gazetteer::detail::Header;
    using geoevent::gazetteer::detail::PlaceRec;
    Header h;
    std::memcpy(&h, bytes.data(), sizeof h);
    std::uint32_t huge = 0xFFFFFFFFu;
    std::memcpy(bytes.data() + h.places_offset + offsetof(PlaceRec, name), &huge, 4);
    auto bad = dir / "strwrap.gidx";
    spit(bad, bytes);
    auto index = Index::open(bad, Verify::structure);  // the CLI's fast open: no checksum
    CHECK(index.place(0).name.empty());
    CHECK_THROWS_AS(Index::open(bad, Verify::checksum), geoevent::GazetteerError);
}

// Regression for fuzz crash 80f86894 (fuzz_index_open): a places section moved by 4 bytes
// passed the bounds check, and its 8-byte-aligned records were read misaligned (UB).
TEST_CASE("fuzz crash 80f86894: a misaligned section offset is refused", "[gazetteer]") {
    TempDir dir;
    auto path = build_sample(dir);
    std::string bytes = slurp(path);
    using geoevent::gazetteer::detail::Header;
    Header h;
    std::memcpy(&h, bytes.data(), sizeof h);
    std::uint64_t shifted = h.places_offset + 4;
    std::memcpy(bytes.data() + offsetof(Header, places_offset), &shifted, 8);
    auto bad = dir / "misaligned.gidx";
    spit(bad, bytes);
    CHECK_THROWS_WITH(Index::open(bad, Verify::structure), Catch::Contains("outside the file"));
}
