#pragma once
// `--shard I/N`: which articles one of N cooperating runs processes. The hash of the
// article id is stable across machines, runs and versions (FNV-1a 64), so a shard
// re-run after a crash processes exactly the same articles.
#include <cstdint>
#include <string>
#include <string_view>

namespace geoevent::pipeline {

struct Shard {
    std::uint32_t index = 0;  // 0-based
    std::uint32_t count = 1;
    bool contains(std::string_view article_id) const noexcept;
};

// Parses "I/N" with 0 <= I < N; throws UsageError with a hint otherwise.
Shard parse_shard(const std::string& text);

std::uint64_t stable_hash(std::string_view s) noexcept;

}  // namespace geoevent::pipeline
