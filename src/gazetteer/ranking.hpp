#pragma once
// Scores for candidate places. Kept apart from the index so the weights are in one place
// and can be tested on their own.
#include <cstdint>
#include <string>
#include <string_view>

#include "geoevent/gazetteer/index.hpp"

namespace geoevent::gazetteer::detail {

// Quality of the name match in [0, 1]: exact and demonym matches are 1; a loose match
// is worth less, more when the flat spellings are close.
double match_quality(MatchKind kind, double flat_similarity) noexcept;
inline constexpr double max_loose_quality = 0.80;
// The largest value place_prior() can return.
inline constexpr double max_prior = 0.30;

// What the feature code says about how often news names a place; stored in each posting
// so ranking needs neither the place record nor a logarithm per candidate.
enum class FeatureCategory : std::uint8_t { country, capital, seat1, seat2, seat_minor, admin1, populated, other };
FeatureCategory categorize(char feature_class, std::string_view feature_code) noexcept;

// log10(population + 1) / 8, clamped to [0, 1], as 0..255.
std::uint8_t quantize_prominence(long long population) noexcept;

// Everything but the name match: population, feature code, expectation.
double place_prior(FeatureCategory category, std::uint8_t prominence, Expect expect) noexcept;

// A flat key folded so that transliteration conventions do not count as differences when
// spellings are compared (Raqa = Raqqa = Rakka, Falloujah = Fallujah): digraphs unified,
// q and c as k, ou as u, a final h after a vowel dropped, doubled letters collapsed.
std::string phonetic_fold(std::string_view flat);

// Combined score in [0, 1].
double combine(double quality, double prior) noexcept;

}  // namespace geoevent::gazetteer::detail
