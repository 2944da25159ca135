// Acceptance tests of issue #4: end-to-end scores on the development set (computed by
// the same code as `geoevent eval toponyms`) and the Boukamal example.
#include <catch2/catch.hpp>

#include <set>

#include "geoevent/toponym/eval.hpp"
#include "toponym/fixture.hpp"

using namespace geoevent;
using namespace geoevent::toponym;

namespace {

std::vector<io::Article> read_all(const std::string& path) {
    std::vector<io::Article> out;
    io::ReaderOptions o;
    o.strict = true;
    io::read_articles(path, o, [&](io::Article&& a) { out.push_back(std::move(a)); }, {});
    return out;
}

const std::string dev_path = std::string(test::data_dir) + "/toponyms/dev.jsonl";

}  // namespace

TEST_CASE("dev set: at least 40 articles, half French, half English, gold ids in the embedded index",
          "[toponym][devset]") {
    auto articles = read_all(dev_path);
    std::size_t fr = 0, en = 0;
    for (auto& a : articles) (a.lang == "fr" ? fr : en) += 1;
    CHECK(articles.size() >= 40);
    CHECK(fr >= 20);
    CHECK(en >= 20);
    auto gold = read_toponyms_file(dev_path);
    REQUIRE(gold.size() == articles.size());
    for (std::size_t i = 0; i < gold.size(); ++i) {
        for (auto& t : gold[i].toponyms) {
            INFO(gold[i].id << ": " << t.name << " " << t.geonameid);
            auto place = test::embedded_index().find(t.geonameid);
            REQUIRE(place);
            CHECK(great_circle_km(place->latitude, place->longitude, t.lat, t.lon) < 1.0);
        }
    }
}

TEST_CASE("dev set end to end: span F1 >= 0.90 and accuracy@161km >= 0.95", "[toponym][devset]") {
    auto articles = read_all(dev_path);
    GeoparserOptions o;
    o.report_demonyms = false;
    Geoparser parser(test::embedded_index(), test::project_lexicon(), o);
    std::vector<ToponymDocument> predicted;
    for (auto& a : articles) predicted.push_back({a.id, parser.parse(a)});
    auto r = evaluate(read_toponyms_file(dev_path), predicted);
    WARN("dev set: exact span P " << r.exact.precision << " R " << r.exact.recall << " F1 " << r.exact.f1
                                  << ", overlap F1 " << r.overlap.f1 << ", acc@161km " << r.accuracy_161
                                  << ", mean error " << r.mean_error_km << " km, AUC " << r.auc);
    CHECK(r.exact.f1 >= 0.90);
    CHECK(r.overlap.f1 >= 0.90);
    CHECK(r.accuracy_161 >= 0.95);
}

TEST_CASE("Boukamal example: the places resolve, people and organisations are not places",
          "[toponym][example]") {
    auto articles = read_all(std::string(test::source_dir) + "/examples/boukamal.fr.txt");
    REQUIRE(articles.size() == 1);
    Geoparser parser(test::embedded_index(), test::project_lexicon());
    auto ms = parser.parse(articles[0]);
    struct Expected {
        const char* name;
        std::uint32_t geonameid;
    };
    for (auto e : {Expected{"Boukamal", 174448}, Expected{"Deir Ezzor", 170792}, Expected{"Rawa", 92004},
                   Expected{"al-Qaïm", 92138}, Expected{"Syrie", 163843}, Expected{"Irak", 99237}}) {
        INFO(e.name);
        bool seen = false;
        for (auto& m : ms)
            if (m.name == e.name) {
                seen = true;
                CHECK(m.geonameid == e.geonameid);
            }
        CHECK(seen);
    }
    auto* deir = test::find(ms, "Deir Ezzor");
    REQUIRE(deir);
    CHECK(deir->kind == MentionKind::admin1);
    CHECK(deir->admin1 == "07");
    for (auto& m : ms) {
        if (m.kind == MentionKind::demonym) continue;
        INFO(m.name);
        for (const char* word : {"Bachar", "Assad", "Rami", "Abdel", "Rahmane", "Observatoire", "Homme", "Etat",
                                 "Hezbollah", "Gardiens", "Révolution", "EI", "ONG"})
            CHECK(m.name.find(word) == std::string::npos);
    }
    // Offsets index the text in code points.
    for (auto& m : ms) CHECK(m.end > m.start);
}
