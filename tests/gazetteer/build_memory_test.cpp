// The bounded-memory parts of the index builder: interned string pool, compact place
// store, postings sorted in spilled runs. Each must give exactly what the plain in-memory
// structures gave, because the index bytes depend on them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "gazetteer/index_format.hpp"
#include "gazetteer/place_store.hpp"
#include "gazetteer/posting_sort.hpp"
#include "gazetteer/slot_table.hpp"
#include "gazetteer/string_pool.hpp"
#include "gazetteer/temp_dir.hpp"
#include "geoevent/gazetteer/index.hpp"
#include "geoevent/gazetteer/index_builder.hpp"
#include "test_config.hpp"

using namespace geoevent::gazetteer;
using namespace geoevent::gazetteer::detail;
using geoevent::test::TempDir;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

std::string pool_string(const std::string& data, std::uint32_t off) {
    std::uint16_t len;
    std::memcpy(&len, data.data() + off, 2);
    return data.substr(off + 2, len);
}

}  // namespace

TEST_CASE("the string pool interns: one copy per spelling, offsets in order of first add", "[gazetteer][build]") {
    StringPool pool;
    std::vector<std::string> words;
    for (int i = 0; i < 200000; ++i) words.push_back("name" + std::to_string(i % 70000) + (i % 3 ? "é" : ""));
    std::vector<std::uint32_t> offs;
    for (auto& w : words) offs.push_back(pool.add(w));
    const std::string data = pool.contents();
    CHECK(data.size() == pool.size());
    std::uint32_t expected_next = 0;
    std::vector<std::string> seen_order;
    for (std::size_t i = 0; i < words.size(); ++i) {
        CHECK(pool_string(data, offs[i]) == words[i]);
        auto first = std::find(words.begin(), words.begin() + static_cast<long>(i), words[i]);
        if (first == words.begin() + static_cast<long>(i)) {
            // A new spelling is appended right after the previous new one.
            REQUIRE(offs[i] == expected_next);
            expected_next += static_cast<std::uint32_t>(2 + words[i].size());
        } else {
            REQUIRE(offs[i] == offs[static_cast<std::size_t>(first - words.begin())]);
        }
        if (i == 3000) break;  // the quadratic check above is enough on a prefix
    }
    for (std::size_t i = 0; i < words.size(); ++i) REQUIRE(pool_string(data, offs[i]) == words[i]);
    CHECK(pool.add("") == pool.add(""));
    std::string long_name(70000, 'x');
    auto long_off = pool.add(long_name);
    CHECK(pool_string(pool.contents(), long_off) == long_name.substr(0, 0xFFFF));
}

TEST_CASE("the string table's packed 6-byte slots keep each value and tag apart from their neighbours", "[gazetteer][build]") {
    // 2^20 slots: 6 MiB, past the size where huge pages are asked for.
    SlotTable table(std::size_t{1} << 20);
    REQUIRE(table.size() == (std::size_t{1} << 20));
    std::mt19937 rng(11);
    std::vector<std::uint32_t> values(table.size());
    std::vector<std::uint16_t> tags(table.size());
    for (std::size_t i = 0; i < table.size(); i += 997) REQUIRE(table.value(i) == 0);
    // Written in a scattered order, so a write that spilled into a neighbour would show.
    for (std::size_t k = 0; k < table.size(); ++k) {
        const std::size_t i = (k * 40503u) & (table.size() - 1);
        values[i] = static_cast<std::uint32_t>(rng()) | 1u;
        tags[i] = static_cast<std::uint16_t>(rng());
        table.set(i, values[i], tags[i]);
    }
    table.set(table.size() - 1, 0xFFFFFFFFu, 0xFFFF);  // the last slot ends the mapping
    values.back() = 0xFFFFFFFFu;
    tags.back() = 0xFFFF;
    for (std::size_t i = 0; i < table.size(); ++i) {
        REQUIRE(table.value(i) == values[i]);
        REQUIRE(table.tag(i) == tags[i]);
    }
    table.reset(1024);
    for (std::size_t i = 0; i < table.size(); ++i) REQUIRE((table.value(i) == 0 && table.tag(i) == 0));
}

TEST_CASE("a string pool with most of its bytes in a file gives the offsets and bytes of one in memory", "[gazetteer][build]") {
    TempDir dir;
    std::mt19937 rng(5);
    std::vector<std::string> words;
    // Repeats near and far (a place's other names, codes seen long ago), the longest
    // string the format holds, and enough strings for the table to grow while spilled.
    for (int i = 0; i < 300000; ++i) {
        std::uint32_t r = rng();
        if (r % 10 < 4) words.push_back("near" + std::to_string(i / 3));
        else if (r % 10 < 6) words.push_back("far" + std::to_string(rng() % 50000));
        else if (r % 10 < 7) words.push_back(r % 7 ? "PPL" : "ADM" + std::to_string(r % 5));
        else words.push_back("new" + std::to_string(i) + "ş");
        if (i % 50000 == 7) words.push_back(std::string(70000, static_cast<char>('a' + i % 26)));
    }
    StringPool memory;
    StringPool spilled(dir.path().string(), 8192);
    // Presized before the first add, and again (a rehash of spilled strings) half-way.
    StringPool reserved(dir.path().string(), 8192);
    reserved.reserve(1000);
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i];
        const auto h = StringPool::hash(w);
        spilled.prefetch(h);
        spilled.prefetch_string(h);  // hints only: the offsets must not change
        memory.prefetch_string(h);
        const std::uint32_t off = memory.add(w);
        REQUIRE(off == spilled.add(w, h));
        if (i == words.size() / 2) reserved.reserve(words.size());
        REQUIRE(off == reserved.add(w, h));
    }
    CHECK(reserved.contents() == memory.contents());
    CHECK(spilled.file_reads() > 0);
    CHECK(spilled.size() == memory.size());
    CHECK(spilled.contents() == memory.contents());
    std::string streamed;
    spilled.write([&](const char* p, std::size_t n) { streamed.append(p, n); });
    CHECK(streamed == memory.contents());
    // Repeats of every spelling, after all of them are in: still the first offsets.
    for (std::size_t i = 0; i < words.size(); i += 13) REQUIRE(spilled.add(words[i]) == memory.add(words[i]));
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 0);
}

TEST_CASE("the place store keeps every string of a row and follows replacements and deletes", "[gazetteer][build]") {
    PlaceStore store;
    PlaceRecord r;
    r.geonameid = 174448;
    r.name = "Ālbū Kamāl";
    r.ascii_name = "Albu Kamal";
    r.alternate_names = {"Abou Kamal", "", std::string(300, 'k'), "البوكمال"};
    r.latitude = 34.45226;
    r.longitude = 40.91854;
    r.feature_class = 'P';
    r.feature_code = "PPLA2";
    r.country = "SY";
    r.admin1 = "07";
    r.population = 80808;
    store.put(r);
    PlaceRecord other = r;
    other.geonameid = 7;
    other.name = "Seven";
    other.alternate_names.clear();
    store.put(other);
    REQUIRE(store.live_count() == 2);

    PlaceStrings s;
    store.strings(store.places()[static_cast<std::size_t>(store.find(174448))], s);
    CHECK(s.name == "Ālbū Kamāl");
    CHECK(s.ascii_name == "Albu Kamal");
    CHECK(s.feature_code == "PPLA2");
    CHECK(s.country == "SY");
    CHECK(s.admin1 == "07");
    CHECK(s.admin2.empty());
    REQUIRE(s.alternate_names.size() == 4);
    CHECK(s.alternate_names[2] == std::string(300, 'k'));
    CHECK(s.alternate_names[3] == "البوكمال");
    const StoredPlace& p = store.places()[static_cast<std::size_t>(store.find(174448))];
    CHECK(p.latitude == 34.45226);
    CHECK(p.population == 80808);
    CHECK(p.feature_class == 'P');

    store.remove(7);
    CHECK(store.live_count() == 1);
    other.name = "Seven again";
    store.put(other);  // a later row brings a deleted place back, replaced
    CHECK(store.live_count() == 2);
    store.strings(store.places()[static_cast<std::size_t>(store.find(7))], s);
    CHECK(s.name == "Seven again");
    CHECK(s.alternate_names.empty());
    CHECK(store.find(8) == -1);

    for (std::uint32_t id = 100000; id < 160000; ++id) {
        other.geonameid = id;
        store.put(other);
    }
    CHECK(store.live_count() == 60002);
    CHECK(store.places()[static_cast<std::size_t>(store.find(123456))].geonameid == 123456);
}

TEST_CASE("the place store moves its rows' strings to a file past its memory budget and reads them back", "[gazetteer][build]") {
    TempDir dir;
    std::mt19937 rng(11);
    auto make = [&](std::uint32_t id, int variant) {
        PlaceRecord r;
        r.geonameid = id;
        r.name = "Place " + std::to_string(id) + (variant ? " v" + std::to_string(variant) : "");
        r.ascii_name = "Place" + std::to_string(id);
        const auto alternates = rng() % 6;
        for (std::uint32_t k = 0; k < alternates; ++k) r.alternate_names.push_back("alt" + std::to_string(rng()) + "ç");
        if (id % 97 == 0) r.alternate_names.push_back(std::string(5000, 'z'));  // larger than the budget
        r.feature_code = id % 2 ? "PPL" : "ADM2";
        r.country = "SY";
        r.admin1 = std::to_string(id % 13);
        r.latitude = id % 90;
        return r;
    };
    auto same = [](const PlaceStrings& s, const PlaceRecord& r) {
        if (s.name != r.name || s.ascii_name != r.ascii_name || s.feature_code != r.feature_code ||
            s.country != r.country || s.admin1 != r.admin1 || s.admin2 != r.admin2 ||
            s.alternate_names.size() != r.alternate_names.size())
            return false;
        for (std::size_t i = 0; i < r.alternate_names.size(); ++i)
            if (s.alternate_names[i] != r.alternate_names[i]) return false;
        return true;
    };
    PlaceStore store(dir.path().string(), 4096);
    std::vector<PlaceRecord> expected;
    for (std::uint32_t id = 1; id <= 3000; ++id) {
        expected.push_back(make(id, 0));
        store.put(expected.back());
    }
    // Replacements land at the end of the arena, out of geonameid order.
    for (std::uint32_t id = 50; id <= 3000; id += 211) {
        expected[id - 1] = make(id, 2);
        store.put(expected[id - 1]);
    }
    REQUIRE(store.spilled_bytes() > 100000);
    const std::uint64_t tail_start = store.spilled_bytes();
    PlaceStrings s;
    for (std::uint32_t id = 1; id <= 3000; ++id) {
        store.strings(store.places()[static_cast<std::size_t>(store.find(id))], s);
        REQUIRE(same(s, expected[id - 1]));
    }
    // fetch() over ranges in order, shuffled and with an id listed twice, file and tail mixed.
    std::vector<std::uint32_t> ids(3000);
    for (std::uint32_t i = 0; i < 3000; ++i) ids[i] = i;
    std::vector<std::uint32_t> shuffled = ids;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    shuffled[10] = shuffled[11];
    bool saw_tail = false;
    PlaceBlobs blobs;
    for (const auto* order : {&ids, &shuffled}) {
        for (std::size_t first = 0; first < order->size(); first += 700) {
            std::size_t last = std::min(order->size(), first + 700);
            store.fetch(*order, first, last, blobs);
            REQUIRE(blobs.size() == last - first);
            for (std::size_t k = first; k < last; ++k) {
                const StoredPlace& p = store.places()[(*order)[k]];
                saw_tail |= p.blob >= tail_start;
                blobs.strings(k - first, s);
                REQUIRE(same(s, expected[p.geonameid - 1]));
            }
        }
    }
    CHECK(saw_tail);
    // The file is unlinked at once: nothing is left in the directory.
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 0);
}

TEST_CASE("postings merged from spilled runs equal one stable sort of them all", "[gazetteer][build]") {
    TempDir dir;
    std::mt19937 rng(7);
    std::vector<Posting> all;
    for (int i = 0; i < 50000; ++i) {
        // Few distinct hashes and places, so ties and duplicates cross run boundaries.
        std::uint8_t kind = static_cast<std::uint8_t>(rng() % 2);
        std::uint64_t hash = (static_cast<std::uint64_t>(rng() % 300) << 40) * 2 + kind;
        all.push_back({hash, static_cast<std::uint32_t>(rng() % 50), static_cast<std::uint32_t>(i),
                       static_cast<std::uint32_t>(rng() % 4), kind, 0, 0, 0});
    }
    std::vector<Posting> expected = all;
    std::stable_sort(expected.begin(), expected.end(), posting_less);
    expected.erase(std::unique(expected.begin(), expected.end(), posting_duplicate), expected.end());

    // Runs merged: 0 (all in memory), 1 (one spilled, none left), 2, 3 (two spilled and
    // the rest in memory), 7 and 49: tournament trees of every shape.
    for (std::size_t budget : {std::size_t{0}, sizeof(Posting) * 50000, sizeof(Posting) * 25000,
                               sizeof(Posting) * 20000, sizeof(Posting) * 7777, sizeof(Posting) * 1024}) {
        INFO("budget of " << budget / sizeof(Posting) << " postings");
        PostingSorter sorter(dir.path().string(), budget ? budget : std::size_t{1} << 30);
        for (auto& p : all) sorter.add(p);
        if (budget) CHECK(sorter.runs() == all.size() / (budget / sizeof(Posting)));
        std::vector<Posting> got;
        std::uint64_t n = sorter.finish([&](const Posting* p, std::size_t k) { got.insert(got.end(), p, p + k); });
        REQUIRE(n == got.size());
        REQUIRE(got.size() == expected.size());
        // name = insertion number: the same posting of each duplicate group survives.
        for (std::size_t i = 0; i < got.size(); ++i) REQUIRE(std::memcmp(&got[i], &expected[i], sizeof(Posting)) == 0);
    }
    // The runs live in unlinked files: nothing is left in the directory.
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 0);
}

TEST_CASE("an index built in many spilled runs is byte-identical to one built in memory", "[gazetteer][build]") {
    TempDir dir;
    ::setenv("SOURCE_DATE_EPOCH", "1795000000", 1);
    auto build = [&](std::size_t sort_memory, const std::string& name, std::size_t place_memory = 0,
                     std::size_t string_memory = 0) {
        BuildOptions o{"embedded", "2026-11-30", ""};
        o.sort_memory = sort_memory;
        o.place_memory = place_memory;
        o.string_memory = string_memory;
        o.spill_directory = dir.path().string();
        IndexBuilder b(o);
        b.add_places_file(geoevent::test::embedded_places);
        b.add_demonyms_file(std::string(geoevent::test::source_dir) + "/gazetteer/demonyms.tsv");
        std::string path = dir / name;
        auto report = b.write(path);
        CHECK(report.keys > 50000);
        return path;
    };
    std::string in_memory = build(0, "memory.gidx");
    std::string spilled = build(64 * 1024, "spilled.gidx");  // ~2,700 postings a run
    // Rows' strings in a file but for the last 16 KiB, read back in batches.
    std::string rows_spilled = build(0, "rows-spilled.gidx", 16 * 1024);
    // The string pool in a file but for its last 4 KiB: repeats read back and cached.
    std::string pool_spilled = build(0, "pool-spilled.gidx", 0, 4096);
    ::unsetenv("SOURCE_DATE_EPOCH");
    CHECK(slurp(in_memory) == slurp(spilled));
    CHECK(slurp(in_memory) == slurp(rows_spilled));
    CHECK(slurp(in_memory) == slurp(pool_spilled));
    auto index = Index::open(spilled, Verify::checksum);
    CHECK(index.info().built_at == "2026-11-18T11:06:40Z");
    CHECK(index.lookup("Boukamal").front().place.geonameid == 174448);
    LookupOptions demonyms;
    demonyms.include_demonyms = true;
    demonyms.expect = Expect::country;
    CHECK(index.lookup("syrien", demonyms).front().place.country == "SY");
}
