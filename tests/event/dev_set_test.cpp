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

TEST_CASE("event dev set: F1 on place + date + actors", "[event][devset]") {
    const std::string path = std::string(test::data_dir) + "/events/dev.jsonl";
    auto index = gazetteer::Index::open(test::default_index);
    auto tlex = toponym::Lexicon::load(std::string(test::source_dir) + "/lexicon");
    auto elex = event::EventLexicon::load(std::string(test::source_dir) + "/lexicon");
    toponym::Geoparser parser(index, tlex);
    event::Extractor extractor(elex);
    std::vector<event::EventDocument> predicted;
    io::read_articles(path, {}, [&](io::Article&& a) {
        auto mentions = parser.parse(a);
        predicted.push_back({a.id, extractor.extract(a, mentions).events});
    }, [](const io::Reject& r) { FAIL("dev set line rejected: " << r.reason); });
    auto gold = event::read_event_documents(path);
    REQUIRE(gold.size() >= 40);
    auto r = event::evaluate_events(gold, predicted);
    std::cout << "event dev set: " << r.documents << " articles; F1 place " << r.place.f1 << ", place+date "
              << r.place_date.f1 << ", place+date+actors " << r.full.f1 << " (P " << r.full.precision << ", R "
              << r.full.recall << "); events at gold-free articles " << r.events_at_gold_free_documents << '\n';
    // Issue #5 asks for F1 >= 0.90; the extractor is not there yet (0.52 on 2026-11-24,
    // see bench/RESULTS.md and the issue). This floor catches regressions meanwhile.
    CHECK(r.full.f1 >= 0.50);
    CHECK(r.place.f1 >= 0.65);
    CHECK(r.events_at_gold_free_documents == 0);
}
