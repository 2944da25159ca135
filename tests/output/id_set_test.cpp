// The writer's set of unique_field values (issue #8): event ids cost 8-16 bytes each
// instead of ~200, and membership stays exact against a std::unordered_set reference.
#include <catch2/catch.hpp>

#include <cstdio>
#include <random>
#include <string>
#include <unordered_set>

#include "output/id_set.hpp"

using geoevent::output::detail::IdSet;
using geoevent::output::detail::U64Set;

namespace {

std::string hex16(std::uint64_t v) {
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

}  // namespace

TEST_CASE("IdSet keeps texts that look alike apart", "[output]") {
    IdSet ids;
    CHECK(ids.insert("00000000000000ff"));
    CHECK_FALSE(ids.insert("00000000000000ff"));
    // Same number, other texts: upper case hex, decimal, shorter hex, leading zeros, sign.
    for (const char* other : {"00000000000000FF", "255", "ff", "0255", "+255", "00000000000000ff ", "-0"}) {
        CHECK_FALSE(ids.contains(other));
        CHECK(ids.insert(other));
        CHECK(ids.contains(other));
    }
    CHECK(ids.insert("0000000000000000"));  // the key 0 has no slot of its own
    CHECK(ids.contains("0000000000000000"));
    CHECK_FALSE(ids.contains("0"));
    CHECK(ids.insert("0"));
    CHECK(ids.insert("-9223372036854775808"));
    CHECK(ids.insert("9223372036854775808"));  // beyond int64: kept as text, still exact
    CHECK(ids.contains("9223372036854775808"));
    CHECK_FALSE(ids.contains("-9223372036854775807"));
    CHECK(ids.insert(""));
    CHECK(ids.size() == 13);
}

TEST_CASE("IdSet agrees with std::unordered_set on a million mixed ids", "[output]") {
    std::mt19937_64 rng(2026);
    IdSet ids;
    std::unordered_set<std::string> reference;
    auto random_id = [&] {
        std::uint64_t v = rng();
        switch (v % 4) {
        case 0: return hex16(rng() % 5000);           // collide often
        case 1: return std::to_string(std::int64_t(rng() % 5000) - 2500);
        case 2: return "ev-" + std::to_string(rng() % 5000);
        default: return hex16(rng());
        }
    };
    for (int i = 0; i < 1'000'000; ++i) {
        std::string id = random_id();
        if (i % 2) {
            REQUIRE(ids.contains(id) == (reference.count(id) == 1));
        } else {
            REQUIRE(ids.insert(id) == reference.insert(id).second);
        }
    }
    CHECK(ids.size() == reference.size());
}

TEST_CASE("a million event ids take under 24 bytes each", "[output]") {
    IdSet ids;
    std::uint64_t h = 14695981039346656037ull;
    for (int i = 0; i < 1'000'000; ++i) {
        h = (h ^ std::uint64_t(i)) * 1099511628211ull;  // like event_id: a 64-bit FNV hash
        ids.insert(hex16(h));
    }
    CHECK(ids.size() == 1'000'000);
    CHECK(ids.memory_bytes() < 24u * 1'000'000u);
    U64Set set;
    for (std::uint64_t k = 0; k < 1000; ++k) CHECK(set.insert(k * 7919));
    for (std::uint64_t k = 0; k < 1000; ++k) CHECK(set.contains(k * 7919));
    CHECK_FALSE(set.contains(13));
    CHECK(set.size() == 1000);
}
