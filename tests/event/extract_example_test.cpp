// The README's main job: the original French Boukamal article (examples/boukamal.fr.txt)
// must give exactly the three events of issue #5, with their dates, actors and allies.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "geoevent/event/extractor.hpp"
#include "geoevent/gazetteer/index.hpp"
#include "geoevent/io/article.hpp"
#include "geoevent/toponym/geoparser.hpp"
#include "geoevent/toponym/lexicon.hpp"
#include "test_config.hpp"

using namespace geoevent;

namespace {

std::vector<event::Event> extract_file(const std::string& path, const std::string& lang) {
    static const auto index = gazetteer::Index::open(test::default_index);
    static const auto tlex = toponym::Lexicon::load(std::string(test::source_dir) + "/lexicon");
    static const auto elex = event::EventLexicon::load(std::string(test::source_dir) + "/lexicon");
    std::ifstream in(path);
    io::Article a;
    a.id = "boukamal";
    a.text.assign(std::istreambuf_iterator<char>(in), {});
    a.lang = lang;
    toponym::Geoparser parser(index, tlex);
    auto mentions = parser.parse(a);
    return event::Extractor(elex).extract(a, mentions).events;
}

const event::Event* at(const std::vector<event::Event>& events, std::uint32_t geonameid) {
    for (auto& e : events)
        if (e.geonameid == geonameid) return &e;
    return nullptr;
}

}  // namespace

TEST_CASE("the Boukamal example yields exactly its three events", "[event]") {
    auto events = extract_file(std::string(test::source_dir) + "/examples/boukamal.fr.txt", "fr");
    REQUIRE(events.size() == 3);

    auto* boukamal = at(events, 174448);
    REQUIRE(boukamal);
    CHECK(boukamal->event_class == event::EventClass::control_change);
    CHECK(boukamal->actor1 == "Syrian government forces");
    CHECK(boukamal->actor2 == "Islamic State");
    CHECK(boukamal->date.iso == "2017-11-09");  // "jeudi" in a story dated Thursday 9 November
    CHECK(boukamal->date.precision == 1);
    for (const char* ally : {"Popular Mobilization Forces", "Hezbollah", "Islamic Revolutionary Guard Corps",
                             "Russian armed forces"}) {
        INFO(ally);
        CHECK(std::find(boukamal->assoc_actor_1.begin(), boukamal->assoc_actor_1.end(), ally) != boukamal->assoc_actor_1.end());
    }
    CHECK(boukamal->event_type == "Battles");
    CHECK(boukamal->sub_event_type == "Government regains territory");
    CHECK(boukamal->inter1 == 1);
    CHECK(boukamal->inter2 == 2);

    auto* qaim = at(events, 92138);
    REQUIRE(qaim);
    CHECK(qaim->event_class == event::EventClass::control_change);
    CHECK(qaim->actor1 == "Iraqi government forces");
    CHECK(qaim->actor2 == "Islamic State");
    CHECK(qaim->date.iso == "2017-11-09");  // "récemment": on or shortly before publication
    CHECK(qaim->date.precision == 2);

    auto* rawa = at(events, 92004);
    REQUIRE(rawa);
    CHECK(rawa->event_class == event::EventClass::control_status);
    CHECK(rawa->actor1 == "Islamic State");
    CHECK(rawa->date.iso == "2017-11-09");

    // Context-only places get nothing: Deir Ezzor (governorate), Syria, Iraq.
    for (std::uint32_t context : {170792u, 170794u, 163843u, 99237u}) CHECK_FALSE(at(events, context));
    // Stable ids: the same input gives the same ids.
    auto again = extract_file(std::string(test::source_dir) + "/examples/boukamal.fr.txt", "fr");
    for (std::size_t i = 0; i < events.size(); ++i) CHECK(events[i].event_id == again[i].event_id);
}
