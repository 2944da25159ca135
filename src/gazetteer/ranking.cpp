#include "gazetteer/ranking.hpp"

#include <algorithm>
#include <cmath>

namespace geoevent::gazetteer::detail {

namespace {
// The name match dominates; prominence separates namesakes (Tripoli, Libya over Tripoli,
// Lebanon; Palmyra, Syria over Palmyra, New York); the feature code breaks near-ties
// towards capitals and countries, which news mentions far more often.
constexpr double w_quality = 0.70;
constexpr double w_prominence = 0.18;
constexpr double w_feature = 0.12;

double feature_weight(FeatureCategory c, Expect expect) {
    switch (expect) {
    case Expect::admin1: return c == FeatureCategory::admin1 ? 1.0 : c == FeatureCategory::country ? 0.2 : 0.0;
    case Expect::country: return c == FeatureCategory::country ? 1.0 : 0.0;
    case Expect::populated_place:
        if (c == FeatureCategory::country || c == FeatureCategory::admin1 || c == FeatureCategory::other) return 0.0;
        break;
    case Expect::any: break;
    }
    switch (c) {
    case FeatureCategory::country: return 1.0;
    case FeatureCategory::capital: return 0.8;
    case FeatureCategory::seat1: return 0.55;
    case FeatureCategory::seat2: return 0.35;
    case FeatureCategory::seat_minor: return 0.2;
    // A division is named after its capital; the town is what a bare name means.
    case FeatureCategory::admin1: return 0.1;
    case FeatureCategory::populated: return 0.1;
    case FeatureCategory::other: return 0.0;
    }
    return 0.0;
}
}  // namespace

double match_quality(MatchKind kind, double sim) noexcept {
    if (kind != MatchKind::loose) return 1.0;
    return 0.35 + 0.45 * std::clamp(sim, 0.0, 1.0);
}

FeatureCategory categorize(char fclass, std::string_view code) noexcept {
    if (code.substr(0, 3) == "PCL") return FeatureCategory::country;
    if (code == "PPLC") return FeatureCategory::capital;
    if (code == "PPLA") return FeatureCategory::seat1;
    if (code == "PPLA2") return FeatureCategory::seat2;
    if (code == "PPLA3" || code == "PPLA4" || code == "PPLG") return FeatureCategory::seat_minor;
    if (code == "ADM1") return FeatureCategory::admin1;
    if (fclass == 'P') return FeatureCategory::populated;
    return FeatureCategory::other;
}

std::uint8_t quantize_prominence(long long population) noexcept {
    double p = std::min(1.0, std::log10(static_cast<double>(std::max(0LL, population)) + 1.0) / 8.0);
    return static_cast<std::uint8_t>(std::lround(p * 255.0));
}

double place_prior(FeatureCategory category, std::uint8_t prominence, Expect expect) noexcept {
    return w_prominence * (prominence / 255.0) + w_feature * feature_weight(category, expect);
}

std::string phonetic_fold(std::string_view w) {
    auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
    std::string s;
    s.reserve(w.size());
    for (std::size_t i = 0; i < w.size(); ++i) {
        char c = w[i];
        char n = i + 1 < w.size() ? w[i + 1] : '\0';
        char out = c;
        if (n == 'h' && (c == 'c' || c == 's')) { out = 's'; ++i; }
        else if (n == 'h' && (c == 'k' || c == 'g' || c == 't')) { ++i; }
        else if (n == 'h' && c == 'd') { out = 'z'; ++i; }
        else if (n == 'h' && c == 'p') { out = 'f'; ++i; }
        else if (c == 'd' && n == 'j') { out = 'j'; ++i; }
        else if (c == 'o' && n == 'u') { out = 'u'; ++i; }
        else if (c == 'q' || c == 'c') { out = 'k'; }
        if (!s.empty() && s.back() == out) continue;
        s += out;
    }
    if (s.size() > 1 && s.back() == 'h' && vowel(s[s.size() - 2])) s.pop_back();
    return s;
}

double combine(double quality, double prior) noexcept { return w_quality * quality + prior; }

}  // namespace geoevent::gazetteer::detail
