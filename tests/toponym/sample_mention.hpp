#pragma once
// A fully filled Mention for the JSON writer tests, which vary its numbers and name.
#include <string>
#include <utility>

#include "geoevent/toponym/mention.hpp"

namespace geoevent::test {

inline toponym::Mention mention_with(double lat, double lon, double score, std::string name = "Deir ez-Zor") {
    toponym::Mention m;
    m.start = 3;
    m.end = 14;
    m.name = std::move(name);
    m.geonameid = 170794;
    m.lat = lat;
    m.lon = lon;
    m.feature_code = "PPLA";
    m.country = "SY";
    m.admin1 = "07";
    m.kind = toponym::MentionKind::place;
    m.score = score;
    m.reason = "exact+country_ctx+near";
    m.candidates = {{170794, score}, {170792, 1 - score}, {1, score / 3}};
    return m;
}

}  // namespace geoevent::test
