// to_json_line writes integers two digits at a time, decimals from a scaled integer and
// strings a word at a time; RapidJSON's Writer with std::to_chars for the decimals
// (detail::to_json_line_rapidjson) is the reference every line must equal, byte for byte.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "geoevent/toponym/json_io.hpp"
#include "toponym/json_reference.hpp"
#include "toponym/sample_mention.hpp"

using namespace geoevent::toponym;

namespace {

// Another place, and a candidate scored with the longitude, so every number varies.
Mention sample(double lat, double lon, double score) {
    Mention m = geoevent::test::mention_with(lat, lon, score, "Kobané");
    m.geonameid = 172256;
    m.candidates = {{172256, score}, {99237, lon}};
    return m;
}

bool same_as_reference(const std::vector<Mention>& ms, const std::string& id = "a") {
    const auto fast = to_json_line(id, ms), reference = detail::to_json_line_rapidjson(id, ms);
    if (fast != reference) UNSCOPED_INFO("fast:      " << fast << "\nreference: " << reference);
    return fast == reference;
}

// Checks values four at a time (lat, lon, score and a candidate's score are all written).
std::size_t check_all(const std::vector<double>& values) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < values.size(); i += 4) {
        auto at = [&](std::size_t k) { return values[std::min(i + k, values.size() - 1)]; };
        INFO(std::hexfloat << at(0) << " " << at(1) << " " << at(2) << " " << at(3));
        auto m = sample(at(0), at(1), at(2));
        m.candidates[0].score = at(3);
        REQUIRE(same_as_reference({m}));
        n += 4;
    }
    return n;
}

}  // namespace

TEST_CASE("to_json_line decimals: every multiple of 1e-3 and of 1e-5 near zero and their neighbours", "[toponym]") {
    std::vector<double> values;
    for (int k = -20000; k <= 20000; ++k)
        for (double v : {k / 1000.0, k / 100000.0, (k + 0.5) / 1000.0, (k + 0.5) / 100000.0}) {
            values.push_back(v);
            values.push_back(std::nextafter(v, 1e300));
            values.push_back(std::nextafter(v, -1e300));
        }
    CHECK(check_all(values) >= values.size());
}

// Not beyond 1e30: the fixed form of larger values does not fit the formatter's 40-byte
// buffer (no coordinate or score comes near).
TEST_CASE("to_json_line decimals: coordinates, scores and the edges of the integer path", "[toponym]") {
    std::vector<double> values = {0.0, -0.0, 1e-300, -1e-300, 5e-324, -5e-324,
                                  std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                                  std::numeric_limits<double>::quiet_NaN(), 1e30, -1e30, 4294967295.0, 4294967296.0,
                                  9999.999995, 9999.999994, -9999.999995, 9999.99999, 10000.0, 999999.9995,
                                  999999.9994, 1e6, -1e6, 0.999999, 0.9999995, 180.0, -180.0, 90.0, -90.0};
    // Around the 1e9 bound of the scaled value, for 3 and 5 decimals.
    for (double bound : {1e9 / 1e3, 1e9 / 1e5})
        for (double s : {1.0, -1.0}) {
            double v = s * bound;
            for (int k = 0; k < 50; ++k) {
                values.push_back(v);
                v = std::nextafter(v, 0.0);
            }
            for (double d : {0.5, 1.0, 1.5, 2.0, 10.0}) values.push_back(s * (bound - d / (bound == 1e6 ? 1e3 : 1e5)));
        }
    std::mt19937_64 rng(20261201);
    std::uniform_real_distribution<double> lat(-90, 90), lon(-180, 180), unit(0, 1), wide(-1e7, 1e7);
    for (int i = 0; i < 150000; ++i) {
        values.push_back(lat(rng));
        values.push_back(lon(rng));
        values.push_back(unit(rng));
    }
    for (int i = 0; i < 20000; ++i) values.push_back(wide(rng));
    // Scores as the resolver makes them: ratios of small sums.
    for (int a = 0; a <= 300; ++a)
        for (int b = a; b <= 300; b += 7)
            if (b) values.push_back(static_cast<double>(a) / b);
    // Coordinates as GeoNames has them: 4 or 5 decimals read from text.
    for (int i = 0; i < 50000; ++i) {
        const auto k = static_cast<std::int64_t>(rng() % 36000001) - 18000000;
        values.push_back(std::strtod((std::to_string(k / 100000) + "." + std::to_string(std::llabs(k % 100000) + 100000).substr(1)).c_str(), nullptr) * (k < 0 && k / 100000 == 0 ? -1 : 1));
        values.push_back(std::strtod((std::to_string(k / 10000) + "." + std::to_string(std::llabs(k % 10000) + 10000).substr(1)).c_str(), nullptr));
    }
    CHECK(check_all(values) >= values.size());
}

TEST_CASE("to_json_line integers: every digit count and the 32-bit edge", "[toponym]") {
    std::vector<std::uint64_t> starts = {0, 1, std::numeric_limits<std::uint64_t>::max(), 4294967295ull, 4294967296ull};
    for (std::uint64_t p = 1; p <= 10000000000000000000ull; p *= 10) {
        starts.push_back(p - 1);
        starts.push_back(p);
        starts.push_back(p + 1);
        if (p > std::numeric_limits<std::uint64_t>::max() / 10) break;
    }
    std::mt19937_64 rng(7);
    for (int i = 0; i < 20000; ++i) starts.push_back(rng() >> (rng() % 64));
    for (auto s : starts) {
        auto m = sample(1, 2, 0.5);
        m.start = s;
        m.end = ~s;
        m.geonameid = static_cast<std::uint32_t>(s);
        m.candidates[1].geonameid = static_cast<std::uint32_t>(s >> 32);
        INFO(s);
        REQUIRE(same_as_reference({m}));
    }
}

TEST_CASE("to_json_line strings: one or two special bytes anywhere in strings of 0-40 bytes", "[toponym]") {
    const std::string specials = std::string("\"\\\n\t\b\f\r\x01\x1f\x7f\x80\xc3\xff !/", 16) + std::string(1, '\0');
    std::size_t compared = 0;
    for (std::size_t n = 0; n <= 40; ++n) {
        for (std::size_t at = 0; at < n; ++at)
            for (char c : specials) {
                std::string s(n, 'q');
                s[at] = c;
                auto m = sample(1, 2, 0.5);
                m.name = m.reason = m.feature_code = m.country = m.admin1 = s;
                INFO(n << " " << at << " " << static_cast<int>(static_cast<unsigned char>(c)));
                REQUIRE(same_as_reference({m, m}, s));
                std::string two = s;
                two[n - 1 - at] = '"';
                m.name = two;
                REQUIRE(same_as_reference({m}, two));
                ++compared;
            }
        auto m = sample(1, 2, 0.5);
        m.name = std::string(n, 'x');
        REQUIRE(same_as_reference({m}, std::string(n, 'y')));
    }
    CHECK(compared == 17 * 820);
}

TEST_CASE("to_json_line kinds, empty lists and many mentions (the buffer grows)", "[toponym]") {
    for (auto kind : {MentionKind::place, MentionKind::country, MentionKind::admin1, MentionKind::demonym,
                      static_cast<MentionKind>(9)}) {
        auto m = sample(1, 2, 0.5);
        m.kind = kind;
        m.candidates.clear();
        CHECK(same_as_reference({m}));
    }
    CHECK(same_as_reference({}));
    CHECK(same_as_reference({}, ""));
    std::vector<Mention> many;
    for (int i = 0; i < 500; ++i) {
        many.push_back(sample(i * 0.37, -i * 1.13, 1.0 / (i + 1)));
        many.back().name = std::string(static_cast<std::size_t>(i), 'n');
    }
    CHECK(same_as_reference(many, std::string(5000, 'i')));
    CHECK(same_as_reference({many[3]}));  // a short line after a long one: the buffer is reused
}

// The coordinates' text is kept per place id and both doubles: a place seen again copies it,
// a place with the same id and other coordinates (another index) or another place in the
// same slot must not.
TEST_CASE("to_json_line coordinates: places repeated, moved and sharing a slot", "[toponym]") {
    std::mt19937_64 rng(99);
    std::uniform_real_distribution<double> lat(-90, 90), lon(-180, 180);
    std::vector<Mention> places;
    for (std::uint32_t id = 0; id < 3000; ++id) {
        auto m = sample(lat(rng), lon(rng), 0.5);
        m.geonameid = id * 1024 + (id % 7);  // many ids per slot of a 1,024-slot table
        places.push_back(m);
    }
    for (int round = 0; round < 20000; ++round) {
        auto m = places[rng() % places.size()];
        switch (rng() % 4) {
        case 0: m.lat = std::nextafter(m.lat, 100.0); break;  // same id, moved by one ulp
        case 1: m.lon = -m.lon; break;
        case 2: m.lat = m.lat == 0 ? -0.0 : m.lat; break;
        default: break;  // the same place again
        }
        INFO(round);
        REQUIRE(same_as_reference({m, places[rng() % places.size()], m}));
    }
    auto zero = sample(0.0, -0.0, 1), negative_zero = sample(-0.0, 0.0, 1);
    CHECK(same_as_reference({zero, negative_zero, zero}));
}
