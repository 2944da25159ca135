// Table of sentence patterns the extractor must read: triggers with words between
// their parts, participles and nouns as triggers, passives, background changes with a
// month, several events in one sentence, coordinated actors and places, coreference,
// and what must give nothing (plans, relative locations, datelines). Every sentence
// here was written for this test.
#include <catch2/catch.hpp>

#include <algorithm>

#include "geoevent/event/extractor.hpp"
#include "geoevent/gazetteer/index.hpp"
#include "geoevent/io/article.hpp"
#include "geoevent/toponym/geoparser.hpp"
#include "geoevent/toponym/lexicon.hpp"
#include "test_config.hpp"

using namespace geoevent;

namespace {

std::vector<event::Event> extract(const std::string& text, const std::string& lang, const std::string& date) {
    static const auto index = gazetteer::Index::open(test::default_index);
    static const auto tlex = toponym::Lexicon::load(std::string(test::source_dir) + "/lexicon");
    static const auto elex = event::EventLexicon::load(std::string(test::source_dir) + "/lexicon");
    static const event::Extractor extractor(elex);
    io::Article a;
    a.id = "t";
    a.text = text;
    a.lang = lang;
    a.date = date;
    toponym::Geoparser parser(index, tlex);
    return extractor.extract(a, parser.parse(a)).events;
}

const event::Event* find(const std::vector<event::Event>& events, std::uint32_t geonameid, const std::string& iso = "") {
    for (auto& e : events)
        if (e.geonameid == geonameid && (iso.empty() || e.date.iso == iso)) return &e;
    return nullptr;
}

bool has(const std::vector<std::string>& v, const char* s) { return std::find(v.begin(), v.end(), s) != v.end(); }

constexpr std::uint32_t mosul = 99072, tikrit = 90150, palmyra = 163808, raqqa = 172955, ramadi = 98717,
                        manbij = 167357, sirte = 2210554, rawa = 92004, qaim = 92138, damascus = 170654,
                        khan_shaykhun = 168325, timbuktu = 2449067;
const char* const syria = "Syrian government forces";
const char* const iraq = "Iraqi government forces";
const char* const is = "Islamic State";

}  // namespace

TEST_CASE("a trigger may have time words and adverbs between its words", "[event]") {
    // "a repris ... le contrôle total de": a weekday and an adjective inside the phrase.
    auto ev = extract("En Irak, l'armée irakienne a repris samedi matin le contrôle total de Tikrit.", "fr", "2015-04-06");
    auto* e = find(ev, tikrit);
    REQUIRE(e);
    CHECK(e->event_class == event::EventClass::control_change);
    CHECK(e->actor1 == iraq);
    CHECK(e->date.iso == "2015-04-04");
}

TEST_CASE("a trigger with a gap names the loser inside it", "[event]") {
    auto ev = extract("In Syria, Syrian troops drove Islamic State fighters out of Palmyra on Monday.", "en", "2017-03-08");
    auto* e = find(ev, palmyra);
    REQUIRE(e);
    CHECK(e->actor1 == syria);
    CHECK(e->actor2 == is);
    CHECK(e->date.iso == "2017-03-06");
}

TEST_CASE("nouns as triggers: la reprise de X, the capture of X by Y", "[event]") {
    auto fr = extract("L'armée irakienne a célébré jeudi la reprise de Ramadi, en Irak.", "fr", "2016-01-01");
    auto* e = find(fr, ramadi);
    REQUIRE(e);
    CHECK(e->actor1 == iraq);
    CHECK(e->date.iso == "2015-12-31");

    auto en = extract("In Syria, the capture of Manbij by the Syrian Democratic Forces was confirmed on Friday.", "en", "2016-08-14");
    e = find(en, manbij);
    REQUIRE(e);
    CHECK(e->actor1 == "Syrian Democratic Forces");
    CHECK(e->date.iso == "2016-08-12");
}

TEST_CASE("a participle after the place, with its agent: X, reprise par Y", "[event]") {
    auto ev = extract("En Irak, Tikrit, reprise mardi par les forces irakiennes, reste sous haute surveillance.", "fr", "2015-04-02");
    auto* e = find(ev, tikrit);
    REQUIRE(e);
    CHECK(e->event_class == event::EventClass::control_change);
    CHECK(e->actor1 == iraq);
    CHECK(e->date.iso == "2015-03-31");
}

TEST_CASE("an active participle after a form of be is passive", "[event]") {
    auto ev = extract("In Libya, Sirte was finally liberated by GNA forces on Monday, officials said.", "en", "2016-12-06");
    auto* e = find(ev, sirte);
    REQUIRE(e);
    CHECK(e->actor1 == "Government of National Accord");
    CHECK(e->date.iso == "2016-12-05");
}

TEST_CASE("one sentence, two events, each with the date of its own clause", "[event]") {
    auto ev = extract("En Syrie, l'armée syrienne a repris dimanche Palmyre, tombée aux mains de l'EI en mai 2015.", "fr",
                      "2016-03-28");
    auto* now = find(ev, palmyra, "2016-03-27");
    REQUIRE(now);
    CHECK(now->actor1 == syria);
    CHECK(now->actor2 == is);
    CHECK(now->date.precision == 1);
    auto* then = find(ev, palmyra, "2015-05-01");
    REQUIRE(then);
    CHECK(then->actor1 == is);
    CHECK(then->date.precision == 3);
}

TEST_CASE("past events with a month: last month, in June", "[event]") {
    auto ev = extract("In Iraq, Iraqi forces recaptured Tikrit last month.", "en", "2015-04-20");
    auto* e = find(ev, tikrit);
    REQUIRE(e);
    CHECK(e->date.iso == "2015-03-01");
    CHECK(e->date.precision == 3);
}

TEST_CASE("coordinated actors and coordinated places", "[event]") {
    auto ev = extract("In Mali, French and Malian troops entered Timbuktu on Monday.", "en", "2013-01-29");
    auto* e = find(ev, timbuktu);
    REQUIRE(e);
    CHECK(e->actor1 == "French armed forces");
    CHECK(has(e->assoc_actor_1, "Malian armed forces"));

    auto status = extract("In Iraq, the jihadists of IS still hold Rawa and al-Qaim on the Euphrates.", "en", "2017-10-01");
    REQUIRE(find(status, rawa));
    REQUIRE(find(status, qaim));
    CHECK(find(status, rawa)->event_class == event::EventClass::control_status);
    CHECK(find(status, qaim)->actor1 == is);
}

TEST_CASE("pronouns and 'la ville' refer back to the story", "[event]") {
    auto ev = extract("En Syrie, les Forces démocratiques syriennes ont encerclé Raqqa début juin. "
                      "Mardi, elles ont pris le contrôle de la ville, chassant les derniers combattants de l'EI.",
                      "fr", "2017-10-18");
    auto* e = find(ev, raqqa, "2017-10-17");
    REQUIRE(e);
    CHECK(e->event_class == event::EventClass::control_change);
    CHECK(e->actor1 == "Syrian Democratic Forces");
    auto* siege = find(ev, raqqa, "2017-06-01");
    REQUIRE(siege);
    CHECK(siege->event_class == event::EventClass::encirclement);
}

TEST_CASE("an alias several actors share is the one the article names", "[event]") {
    auto ev = extract("In Syria, government forces seized Khan Sheikhoun from the jihadists on Wednesday. "
                      "Hayat Tahrir al-Sham had dominated the area for years.",
                      "en", "2019-08-22");
    auto* e = find(ev, khan_shaykhun);
    REQUIRE(e);
    CHECK(e->actor1 == syria);
    CHECK(e->actor2 == "Hayat Tahrir al-Sham");
}

TEST_CASE("no event for plans, relative locations, or the dateline city", "[event]") {
    CHECK(extract("In Syria, the SDF are preparing for an assault on Raqqa.", "en", "2017-05-17").empty());
    CHECK(extract("In Iraq, Turkish officials threatened to seize Mosul.", "en", "2016-10-17").empty());
    CHECK_FALSE(find(extract("Iraqi forces captured a village 20 km south of Mosul on Sunday.", "en", "2016-10-24"), mosul));
    auto ev = extract("DAMAS, jeudi 2 mars 2017 - L'armée syrienne a repris jeudi Palmyre aux jihadistes de l'EI.", "fr", "");
    CHECK_FALSE(find(ev, damascus));
    REQUIRE(find(ev, palmyra));
    CHECK(find(ev, palmyra)->date.iso == "2017-03-02");
}

TEST_CASE("no event when no armed actor takes part", "[event]") {
    CHECK(extract("Le président a quitté Paris mardi pour Bruxelles, où il a pris part à un sommet européen.", "fr",
                  "2019-05-02").empty());
    CHECK(extract("The company took control of a Berlin-based start-up last month, and its shares entered London "
                  "trading on Monday.", "en", "2019-05-02").empty());
    CHECK(extract("Les supporters ont pris d'assaut les rues de Marseille après la victoire sur Lyon.", "fr",
                  "2019-05-02").empty());
}
