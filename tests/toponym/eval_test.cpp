#include <catch2/catch.hpp>

#include <cmath>

#include "geoevent/toponym/eval.hpp"

using namespace geoevent::toponym;

namespace {
Mention m(std::size_t start, std::size_t end, std::uint32_t id, double lat, double lon,
          MentionKind kind = MentionKind::place) {
    Mention x;
    x.start = start;
    x.end = end;
    x.geonameid = id;
    x.lat = lat;
    x.lon = lon;
    x.kind = kind;
    return x;
}
}  // namespace

TEST_CASE("great-circle distance", "[toponym]") {
    CHECK(great_circle_km(0, 0, 0, 0) == 0);
    CHECK(great_circle_km(0, 0, 0, 1) == Approx(111.2).epsilon(0.01));
    CHECK(great_circle_km(48.8566, 2.3522, 51.5074, -0.1278) == Approx(343.5).epsilon(0.01));  // Paris-London
}

TEST_CASE("span and geocoding scores on a hand-computed case", "[toponym]") {
    // Gold: 3 toponyms + a demonym (ignored). Predicted: one exact and right, one
    // overlapping but 1 degree of longitude off (111 km), one spurious, one gold missed.
    std::vector<ToponymDocument> gold{{"d", {m(0, 4, 1, 0, 0), m(10, 20, 2, 0, 10), m(30, 35, 3, 0, 20),
                                             m(40, 46, 9, 0, 0, MentionKind::demonym)}}};
    std::vector<ToponymDocument> pred{{"d", {m(0, 4, 1, 0, 0), m(12, 20, 5, 0, 11), m(50, 55, 7, 5, 5)}}};
    auto r = evaluate(gold, pred);
    CHECK(r.exact.true_positives == 1);
    CHECK(r.exact.precision == Approx(1.0 / 3));
    CHECK(r.exact.recall == Approx(1.0 / 3));
    CHECK(r.overlap.true_positives == 2);
    CHECK(r.overlap.f1 == Approx(2.0 / 3));
    CHECK(r.geocoded == 2);
    CHECK(r.accuracy_161 == Approx(1.0));
    CHECK(r.median_error_km == Approx(111.2 / 2).epsilon(0.01));
    CHECK(r.geonameid_accuracy == Approx(0.5));
    double expected_auc = (std::log1p(0.0) + std::log1p(111.19)) / 2 / std::log(20039.0);
    CHECK(r.auc == Approx(expected_auc).epsilon(0.01));
}

TEST_CASE("a document missing from the predictions counts as all missed", "[toponym]") {
    std::vector<ToponymDocument> gold{{"a", {m(0, 4, 1, 0, 0)}}, {"b", {m(0, 4, 1, 0, 0)}}};
    std::vector<ToponymDocument> pred{{"a", {m(0, 4, 2, 10, 0)}}};
    auto r = evaluate(gold, pred);
    CHECK(r.exact.recall == Approx(0.5));
    CHECK(r.exact.precision == Approx(1.0));
    CHECK(r.accuracy_161 == Approx(0.0));  // 10 degrees of latitude: ~1112 km
    CHECK(r.mean_error_km == Approx(1112).epsilon(0.01));
}

TEST_CASE("toponyms JSON: numbers keep 5 (coordinates) or 3 (scores) decimals, and read back", "[toponym]") {
    Mention x = m(3, 9, 170654, 33.510204, -0.000001);
    x.name = "Damas \"ville\"";
    x.score = 1.0;
    x.candidates = {{170654, 0.99951}, {4352728, 0.0004}};
    auto line = to_json_line("a\tb", {x});
    CHECK(line.find("\"lat\":33.5102,") != std::string::npos);
    CHECK(line.find("\"lon\":0,") != std::string::npos);
    CHECK(line.find("\"score\":1,") != std::string::npos);
    CHECK(line.find("{\"geonameid\":170654,\"score\":1}") != std::string::npos);
    CHECK(line.find("{\"geonameid\":4352728,\"score\":0}") != std::string::npos);
    CHECK(line.find("\"name\":\"Damas \\\"ville\\\"\"") != std::string::npos);
    CHECK(line.rfind("{\"id\":\"a\\tb\",\"toponyms\":[", 0) == 0);
}
