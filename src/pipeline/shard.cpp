#include "geoevent/pipeline/shard.hpp"

#include <charconv>

#include "geoevent/error.hpp"

namespace geoevent::pipeline {

std::uint64_t stable_hash(std::string_view s) noexcept {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

bool Shard::contains(std::string_view article_id) const noexcept {
    return count <= 1 || stable_hash(article_id) % count == index;
}

Shard parse_shard(const std::string& text) {
    auto bad = [&](const std::string& why) {
        return UsageError("--shard '" + text + "': " + why,
                          "write I/N with 0 <= I < N, e.g. --shard 0/4 ... --shard 3/4 for four runs");
    };
    auto slash = text.find('/');
    if (slash == std::string::npos) throw bad("no '/'");
    Shard s;
    auto parse = [&](std::string_view part, std::uint32_t& out) {
        auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
        if (ec != std::errc() || end != part.data() + part.size() || part.empty()) throw bad("not a number");
    };
    parse(std::string_view(text).substr(0, slash), s.index);
    parse(std::string_view(text).substr(slash + 1), s.count);
    if (s.count == 0) throw bad("N must be at least 1");
    if (s.index >= s.count) throw bad("I must be smaller than N");
    return s;
}

}  // namespace geoevent::pipeline
