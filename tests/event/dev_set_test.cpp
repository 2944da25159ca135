// End to end on the hand-written development set (tests/data/events/dev.jsonl): articles
// -> toponyms -> events, scored like `geoevent eval events`.
#include <catch2/catch.hpp>

#include <iostream>

#include "geoevent/event/eval.hpp"
#include "geoevent/event/extractor.hpp"
#include "geoevent/gazetteer/index.hpp"
#include "geoevent/io/article.hpp"
#include "geoevent/toponym/geoparser.hpp"
#include "geoevent/toponym/lexicon.hpp"
#include "test_config.hpp"

using namespace geoevent;

namespace {

event::EventEvalResult score(const std::string& file) {
    const std::string path = std::string(test::data_dir) + "/events/" + file;
    static const auto index = gazetteer::Index::open(test::default_index);
    static const auto tlex = toponym::Lexicon::load(std::string(test::source_dir) + "/lexicon");
    static const auto elex = event::EventLexicon::load(std::string(test::source_dir) + "/lexicon");
    toponym::Geoparser parser(index, tlex);
    event::Extractor extractor(elex);
    std::vector<event::EventDocument> predicted;
    io::read_articles(path, {}, [&](io::Article&& a) {
        auto mentions = parser.parse(a);
        predicted.push_back({a.id, extractor.extract(a, mentions).events});
    }, [](const io::Reject& r) { FAIL("line rejected: " << r.reason); });
    auto gold = event::read_event_documents(path);
    auto r = event::evaluate_events(gold, predicted);
    std::cout << file << ": " << r.documents << " articles; F1 place " << r.place.f1 << ", place+date "
              << r.place_date.f1 << ", place+date+actors " << r.full.f1 << " (P " << r.full.precision << ", R "
              << r.full.recall << "); events at gold-free articles " << r.events_at_gold_free_documents << '\n';
    return r;
}

}  // namespace

TEST_CASE("event dev set: F1 on place + date + actors", "[event][devset]") {
    auto r = score("dev.jsonl");
    REQUIRE(r.documents >= 40);
    // Issue #5 asks for F1 >= 0.90. 0.979 (P 1.00, R 0.96) on 2026-11-30; the three misses are
    // places the toponym stage does not find (Boukamal after "de", Hodeidah). The floor sits
    // just below, so any regression fails.
    CHECK(r.full.f1 >= 0.97);
    CHECK(r.place.f1 >= 0.97);
    CHECK(r.events_at_gold_free_documents == 0);
}

TEST_CASE("event held-out set: written before the extractor was run on it", "[event][devset]") {
    // tests/data/events/heldout.jsonl: 17 articles written after the dev-set work, scored once
    // before any change was made with them in view (F1 0.863), then 0.941 after two general
    // fixes (coordinated nationalities, "had taken full control of"). A low floor: this set
    // measures how well the rules generalise, it is not something to tune on.
    auto r = score("heldout.jsonl");
    REQUIRE(r.documents >= 10);
    CHECK(r.full.f1 >= 0.75);
    CHECK(r.events_at_gold_free_documents == 0);
}
