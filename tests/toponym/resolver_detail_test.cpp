// The resolver's per-document machinery against the plain code it replaced: the key
// grouping against a hash map of strings, the country tally against the inline list, and
// the two-at-a-time nearest-anchor search against the scalar loop, bit for bit.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "toponym/resolver_detail.hpp"

using namespace geoevent::toponym::detail;

TEST_CASE("KeyGroups numbers keys as a map of strings would, document after document", "[toponym]") {
    std::mt19937 rng(11);
    KeyGroups groups;
    for (int doc = 0; doc < 300; ++doc) {
        const std::size_t names = rng() % 60;
        groups.reset(names);
        std::unordered_map<std::string, std::uint32_t> reference;
        std::string distinct;  // what keys() must hold: each new key once, in order
        std::uint32_t next = 0;
        for (std::size_t i = 0; i < names; ++i) {
            // Short keys over a small alphabet, so many repeat; some empty, some long.
            std::string key(rng() % 3 == 0 ? rng() % 40 : rng() % 4, 'a');
            for (char& c : key) c = static_cast<char>('a' + rng() % 3);
            std::string& keys = groups.keys();
            const std::size_t begin = keys.size();
            keys += key;
            bool fresh = false;
            const std::uint32_t got = groups.find_or_add(begin, next, fresh);
            auto [at, inserted] = reference.try_emplace(key, next);
            REQUIRE(fresh == inserted);
            REQUIRE(got == at->second);
            if (inserted) {
                ++next;
                distinct += key;
            }
            REQUIRE(groups.keys() == distinct);
        }
    }
}

TEST_CASE("CountryTally counts every code as CountryCounts does, across clears", "[toponym]") {
    const std::vector<std::string> codes = {"SY", "IQ", "FR", "US", "ZZ", "AA", "", "X", "sy", "S1", "XYZ",
                                            "ABCD", "ABCDE", "é"};
    std::mt19937 rng(5);
    CountryTally tally;
    for (int doc = 0; doc < 200; ++doc) {
        tally.clear();
        CountryCounts reference;
        for (int i = 0, n = static_cast<int>(rng() % 30); i < n; ++i) {
            const std::string& c = codes[rng() % codes.size()];
            tally.add(c, country_slot(c), packed_code(c));
            reference.add(c);
        }
        for (const std::string& c : codes) REQUIRE(tally.count(c, country_slot(c), packed_code(c)) == reference.count(c));
    }
}

TEST_CASE("nearest_square is the scalar loop's minimum, bit for bit", "[toponym]") {
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> lat(-90, 90), lon(-180, 180), near(-0.5, 0.5);
    for (int round = 0; round < 2000; ++round) {
        const std::size_t n = rng() % 12;
        std::vector<double> lats(n), lons(n), coss(n);
        const double qlat = lat(rng), qlon = lon(rng);
        for (std::size_t k = 0; k < n; ++k) {
            // Far places, near ones, ones across the antimeridian, and exact duplicates.
            switch (rng() % 4) {
                case 0: lats[k] = lat(rng), lons[k] = lon(rng); break;
                case 1: lats[k] = qlat + near(rng), lons[k] = qlon + near(rng); break;
                case 2: lats[k] = qlat, lons[k] = qlon > 0 ? qlon - 359.9 : qlon + 359.9; break;
                default: lats[k] = k ? lats[k - 1] : qlat, lons[k] = k ? lons[k - 1] : qlon;
            }
            coss[k] = std::cos(lats[k] * deg);
        }
        if (n > 0 && rng() % 10 == 0) lats[rng() % n] = std::numeric_limits<double>::quiet_NaN();
        const std::size_t begin = n ? rng() % (n + 1) : 0;
        const double start = rng() % 2 ? std::numeric_limits<double>::infinity() : 1e-4;
        double expected = start;
        for (std::size_t k = begin; k < n; ++k) {
            const double sq = approx_square(qlat, qlon, lats[k], lons[k], coss[k]);
            if (sq < expected) expected = sq;
        }
        const double got = nearest_square(qlat, qlon, lats.data(), lons.data(), coss.data(), begin, n, start);
        REQUIRE(std::memcmp(&got, &expected, sizeof got) == 0);
    }
}
