#pragma once
// A resolved place mention, as written to the toponyms JSON Lines output.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace geoevent::toponym {

enum class MentionKind : std::uint8_t { place, country, admin1, demonym };
const char* to_string(MentionKind kind) noexcept;

struct ScoredId {
    std::uint32_t geonameid = 0;
    double score = 0;
};

struct Mention {
    std::size_t start = 0;  // code points into the article text, end exclusive
    std::size_t end = 0;
    std::string name;       // the surface text
    std::uint32_t geonameid = 0;
    double lat = 0;
    double lon = 0;
    std::string feature_code;
    std::string country;    // ISO2
    std::string admin1;
    MentionKind kind = MentionKind::place;
    double score = 0;       // in [0, 1]
    std::string reason;     // e.g. "exact+country_ctx+near"
    std::vector<ScoredId> candidates;  // best first, at most 3
};

}  // namespace geoevent::toponym
