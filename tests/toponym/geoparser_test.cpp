// Behaviour of detection and resolution on the embedded gazetteer, one phenomenon per case.
#include <catch2/catch.hpp>

#include "geoevent/error.hpp"
#include "toponym/fixture.hpp"

using namespace geoevent::toponym;
using geoevent::test::find;
using geoevent::test::parse;

TEST_CASE("people and organisations are not places", "[toponym]") {
    auto ms = parse(
        "Le président syrien Bachar el-Assad a reçu Rami Abdel Rahmane, directeur de l'Observatoire syrien "
        "des droits de l'Homme, à Damas.",
        "fr");
    for (auto& m : ms) {
        INFO(m.name);
        CHECK((m.name == "Damas" || m.kind == MentionKind::demonym));
    }
    REQUIRE(find(ms, "Damas"));
    CHECK(find(ms, "Damas")->geonameid == 170654);
    auto en = parse("President Bashar al-Assad met the Syrian Observatory for Human Rights in Damascus.", "en");
    for (auto& m : en) CHECK((m.name == "Damascus" || m.kind == MentionKind::demonym));
}

TEST_CASE("province de X means the first-level division", "[toponym]") {
    auto ms = parse("Les combats ont repris dans la province de Deir Ezzor, puis dans la ville de Deir Ezzor.", "fr");
    REQUIRE(ms.size() == 2);
    CHECK(ms[0].geonameid == 170792);
    CHECK(ms[0].kind == MentionKind::admin1);
    CHECK(ms[0].reason.find("admin1_cue") != std::string::npos);
    CHECK(ms[1].geonameid == 170794);
    CHECK(ms[1].kind == MentionKind::place);
    auto en = parse("Airstrikes hit villages in Idlib province on Monday.", "en");
    REQUIRE(find(en, "Idlib"));
    CHECK(find(en, "Idlib")->geonameid == 169387);
}

TEST_CASE("a named country moves an ambiguous name there", "[toponym]") {
    auto libya = parse("Clashes erupted in Tripoli on Friday.", "en");
    REQUIRE(find(libya, "Tripoli"));
    CHECK(find(libya, "Tripoli")->country == "LY");  // the capital, without context
    auto lebanon = parse("Clashes erupted in Tripoli, the second city of Lebanon, on Friday.", "en");
    REQUIRE(find(lebanon, "Tripoli"));
    CHECK(find(lebanon, "Tripoli")->geonameid == 266826);
    CHECK(find(lebanon, "Tripoli")->reason.find("country_ctx") != std::string::npos);
    auto demonym = parse("Des affrontements ont eu lieu à Tripoli, selon l'armée libanaise.", "fr");
    CHECK(find(demonym, "Tripoli")->country == "LB");
}

TEST_CASE("nearby places pull a namesake towards them", "[toponym]") {
    auto ms = parse("Snow fell on Paris and on Sherman, north of Dallas.", "en");
    REQUIRE(find(ms, "Paris"));
    CHECK(find(ms, "Paris")->geonameid == 4717560);
    CHECK(find(ms, "Paris")->reason.find("near") != std::string::npos);
    CHECK(find(parse("Snow fell on Paris.", "en"), "Paris")->geonameid == 2988507);
}

TEST_CASE("X, Country pairs", "[toponym]") {
    auto ms = parse("A bridge opened in London, Canada, on Monday.", "en");
    REQUIRE(find(ms, "London"));
    CHECK(find(ms, "London")->country == "CA");
    CHECK(find(ms, "London")->reason.find("pair") != std::string::npos);
}

TEST_CASE("one sense per name per document", "[toponym]") {
    auto ms = parse("Tripoli is calm. The army of Lebanon patrols Tripoli and Beirut.", "en");
    std::vector<std::uint32_t> ids;
    for (auto& m : ms)
        if (m.name == "Tripoli") ids.push_back(m.geonameid);
    REQUIRE(ids.size() == 2);
    CHECK(ids[0] == ids[1]);
    CHECK(ids[0] == 266826);
}

TEST_CASE("a transliteration the gazetteer knows only loosely is found after a cue, then everywhere", "[toponym]") {
    auto ms = parse("Boukamal est tombée. L'armée a repris la ville de Boukamal.", "fr");
    REQUIRE(ms.size() == 2);
    for (auto& m : ms) {
        CHECK(m.geonameid == 174448);
        CHECK(m.reason.rfind("loose", 0) == 0);
    }
    // Without any cue, a loose collision is not reported (Homme is not Homo, nor Qom).
    CHECK(parse("Homme libre.", "fr").empty());
}

TEST_CASE("demonyms are their own kind and count as country evidence", "[toponym]") {
    auto ms = parse("Les forces irakiennes ont repris Rawa.", "fr");
    auto* dem = find(ms, "irakiennes");
    REQUIRE(dem);
    CHECK(dem->kind == MentionKind::demonym);
    CHECK(dem->geonameid == 99237);
    REQUIRE(find(ms, "Rawa"));
    CHECK(find(ms, "Rawa")->geonameid == 92004);
}

TEST_CASE("stop words, months and sentence-initial common words are not places", "[toponym]") {
    CHECK(parse("Mars a été pluvieux. En mars, il a plu.", "fr").empty());
    auto en = parse("Nice work. The view was nice.", "en");
    CHECK(en.empty());
    CHECK(find(parse("We flew to Nice.", "en"), "Nice"));
}

TEST_CASE("offsets are code points into the text", "[toponym]") {
    std::string text = "Réfugiés à Kobané et à Ḩamāh.";
    auto ms = parse(text, "fr");
    REQUIRE(find(ms, "Kobané"));
    CHECK(find(ms, "Kobané")->start == 11);
    CHECK(find(ms, "Kobané")->end == 17);
}

TEST_CASE("bring-your-own spans are resolved, nothing else detected", "[toponym]") {
    geoevent::io::Article a;
    a.text = "Rawa et Alep, puis Mossoul.";
    a.lang = "fr";
    a.spans = std::vector<geoevent::io::Span>{{8, 12}};
    Geoparser parser(geoevent::test::embedded_index(), geoevent::test::project_lexicon());
    auto ms = parser.parse(a);
    REQUIRE(ms.size() == 1);
    CHECK(ms[0].name == "Alep");
    CHECK(ms[0].geonameid == 170063);
}

TEST_CASE("language detection picks French or English", "[toponym]") {
    auto& lex = geoevent::test::project_lexicon();
    CHECK(lex.detect_language("Les forces du régime ont repris la ville selon une ONG.") == "fr");
    CHECK(lex.detect_language("The forces of the regime took the town, the group said.") == "en");
}

TEST_CASE("a broken lexicon is a ConfigError naming the file and entry", "[toponym]") {
    CHECK_THROWS_AS(Lexicon::load("/nonexistent"), geoevent::ConfigError);
}

TEST_CASE("spans over punctuation-only text do not break resolution", "[toponym]") {
    geoevent::io::Article a;
    a.text = "... ---";
    a.lang = "en";
    a.spans = std::vector<geoevent::io::Span>{{0, 3}, {4, 7}};
    Geoparser parser(geoevent::test::embedded_index(), geoevent::test::project_lexicon());
    CHECK_NOTHROW(parser.parse(a));
}

TEST_CASE("a place name running on into another capitalised name is a person's name", "[toponym]") {
    auto ms = parse("Jordan Henderson scored twice for the visitors in Amman.", "en");
    REQUIRE(ms.size() == 1);
    CHECK(ms[0].name == "Amman");
    // …but not when what follows is a division word or a demonym.
    auto prov = parse("Shelling continued in Idlib Province and in Mosul.", "en");
    REQUIRE(find(prov, "Idlib"));
    CHECK(find(prov, "Idlib")->geonameid == 169387);
    CHECK(find(parse("Near Mosul Iraqi troops advanced.", "en"), "Mosul"));
}
