#include <catch2/catch.hpp>

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
