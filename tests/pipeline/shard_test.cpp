#include <catch2/catch.hpp>

#include "geoevent/error.hpp"
#include "geoevent/pipeline/shard.hpp"

using namespace geoevent;

TEST_CASE("shard I/N parses, and what is not a shard is a usage error", "[pipeline]") {
    auto s = pipeline::parse_shard("2/4");
    CHECK(s.index == 2);
    CHECK(s.count == 4);
    for (const char* bad : {"4/4", "1/0", "1", "a/2", "1/2x", "-1/2", "/2", "1/"})
        CHECK_THROWS_AS(pipeline::parse_shard(bad), UsageError);
}

TEST_CASE("every article is in exactly one shard, and shards are balanced", "[pipeline]") {
    const std::uint32_t n = 4;
    std::vector<int> sizes(n, 0);
    for (int i = 0; i < 4000; ++i) {
        std::string id = "wire-" + std::to_string(i);
        int owners = 0;
        for (std::uint32_t k = 0; k < n; ++k)
            if (pipeline::Shard{k, n}.contains(id)) {
                ++owners;
                ++sizes[k];
            }
        REQUIRE(owners == 1);
    }
    for (int size : sizes) CHECK((size > 850 && size < 1150));
}

TEST_CASE("the shard hash is pinned: other machines and versions must agree", "[pipeline]") {
    // FNV-1a 64 test vectors; a change here would send re-run shards to other articles.
    CHECK(pipeline::stable_hash("") == 0xcbf29ce484222325ull);
    CHECK(pipeline::stable_hash("a") == 0xaf63dc4c8601ec8cull);
    CHECK(pipeline::stable_hash("foobar") == 0x85944171f73967e8ull);
}
