// Inputs found by the fuzz targets (tests/fuzz/corpus/<target>/regression-<id>) that once
// crashed, replayed through the same code in the normal and sanitizer test builds.
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

std::string corpus_file(const std::string& target, const std::string& name) {
    std::ifstream in(std::string(test::source_dir) + "/tests/fuzz/corpus/" + target + "/" + name, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST_CASE("fuzz regression 93479644: a dateline near a truncated UTF-8 sequence stays inside the text",
          "[event][fuzz]") {
    // Stray continuation bytes made the code-point walk step past the end of the text
    // before the dateline's dash was searched (heap-buffer-overflow under ASan).
    static const auto index = gazetteer::Index::open(test::default_index);
    static const auto tlex = toponym::Lexicon::load(std::string(test::source_dir) + "/lexicon");
    static const auto elex = event::EventLexicon::load(std::string(test::source_dir) + "/lexicon");
    const event::Extractor extractor(elex);
    io::Article a;
    a.id = "regression-93479644";
    a.text = corpus_file("pipeline", "regression-93479644");
    a.date = "2017-11-09";
    for (const char* lang : {"fr", "en", ""}) {
        a.lang = lang;
        toponym::Geoparser parser(index, tlex);
        auto mentions = parser.parse(a);
        auto result = extractor.extract(a, mentions);
        for (const auto& e : result.events) CHECK_FALSE(e.location.empty());
    }
}
