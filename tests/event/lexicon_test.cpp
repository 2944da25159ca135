#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>

#include "gazetteer/temp_dir.hpp"
#include "geoevent/error.hpp"
#include "geoevent/event/lexicon.hpp"
#include "test_config.hpp"

using namespace geoevent;

TEST_CASE("the shipped event lexicons load", "[event]") {
    auto lex = event::EventLexicon::load(std::string(test::source_dir) + "/lexicon");
    REQUIRE(lex.actor("Islamic State"));
    CHECK(lex.actor("Islamic State")->inter == 2);
    CHECK(lex.actor("Syrian government forces")->country == "SY");
    CHECK(lex.language("fr").triggers.size() >= 5);
    CHECK(lex.language("en").triggers.size() >= 5);
}

TEST_CASE("a bad lexicon names the file and the JSON pointer of the entry", "[event]") {
    test::TempDir dir;
    struct Case {
        std::string json;
        std::string message;
    };
    auto c = GENERATE(values<Case>({
        {"{\"language\": \"fr\", \"actors\": [{\"aliases\": [\"x\"]}]}", "at /actors/0/name"},
        {"{\"language\": \"fr\", \"actors\": [{\"name\": \"X\", \"inter\": 12}]}", "at /actors/0/inter"},
        {"{\"language\": \"fr\", \"triggers\": [{\"class\": \"victory\", \"phrases\": [\"a\"]}]}", "at /triggers/0/class"},
        {"{\"language\": \"fr\", \"triggers\": [{\"class\": \"offensive\", \"phrases\": [\"a\", 3]}]}", "at /triggers/0/phrases/1"},
        {"{\"language\": \"fr\", \"actors\": [", "invalid JSON at line 1"},
        {"{\"actors\": []}", "at /language"},
        {"{\"language\": \"fr\", \"triggers\": [{\"class\": \"offensive\", \"voice\": \"noun\", \"phrases\": [\"a\"]}]}", "at /triggers/0/voice"},
        {"{\"language\": \"fr\", \"actors\": [{\"name\": \"X\", \"demonyms\": [\"x\", 1]}]}", "at /actors/0/demonyms/1"},
    }));
    auto path = dir / "mine.json";
    std::ofstream(path) << c.json;
    try {
        event::EventLexicon::load(std::string(test::source_dir) + "/lexicon", {"fr"}, {path});
        FAIL("accepted " << c.json);
    } catch (const ConfigError& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains(path) && Catch::Contains(c.message));
        CHECK_FALSE(e.hint().empty());
    }
}

TEST_CASE("a user lexicon adds actors and aliases", "[event]") {
    test::TempDir dir;
    auto path = dir / "mine.json";
    std::ofstream(path) << R"({"language": "fr", "actors": [{"name": "Islamic State", "aliases": ["organisation EI"]},
                              {"name": "Local militia", "inter": 4, "country": "SY", "aliases": ["milice locale"]}]})";
    auto lex = event::EventLexicon::load(std::string(test::source_dir) + "/lexicon", {"fr", "en"}, {path});
    REQUIRE(lex.actor("Local militia"));
    auto& is = lex.actor("Islamic State")->aliases;
    CHECK(std::find(is.begin(), is.end(), "organisation EI") != is.end());
    CHECK(std::find(is.begin(), is.end(), "Daech") != is.end());
}

TEST_CASE("a user lexicon adds nationality adjectives, military nouns and noun triggers", "[event]") {
    test::TempDir dir;
    auto path = dir / "mine.json";
    std::ofstream(path) << R"({"language": "fr",
        "actors": [{"name": "Egyptian armed forces", "inter": 8, "country": "EG", "aliases": ["armée égyptienne"],
                    "demonyms": ["égyptien", "égyptiens"]}],
        "military_nouns": ["garde-côtes"],
        "triggers": [{"class": "control_change", "voice": "nominal", "phrases": ["la libération ... de"]}]})";
    auto lex = event::EventLexicon::load(std::string(test::source_dir) + "/lexicon", {"fr", "en"}, {path});
    REQUIRE(lex.actor("Egyptian armed forces"));
    CHECK(lex.actor("Egyptian armed forces")->demonyms.size() == 2);
    auto& nouns = lex.language("fr").military_nouns;
    CHECK(std::find(nouns.begin(), nouns.end(), "garde-côtes") != nouns.end());
    CHECK(lex.language("fr").triggers.back().voice == event::Voice::nominal);
}
