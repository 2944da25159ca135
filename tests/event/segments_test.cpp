// Long texts are cut into segments of whole sentences so that linking stays linear.
#include <catch2/catch.hpp>

#include <string>

#include "event/segments.hpp"
#include "geoevent/event/extractor.hpp"
#include "geoevent/gazetteer/index.hpp"
#include "geoevent/io/article.hpp"
#include "geoevent/toponym/geoparser.hpp"
#include "geoevent/toponym/lexicon.hpp"
#include "test_config.hpp"

using geoevent::event::detail::split_segments;

namespace {

std::size_t code_points(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

}  // namespace

TEST_CASE("segments cover the text and end at sentence ends", "[event]") {
    std::string text;
    for (int i = 0; i < 200; ++i) text += "L'armée a repris Qaïm à l'EI jeudi. ";
    auto segments = split_segments(text, 1000);
    REQUIRE(segments.size() > 5);
    std::size_t byte = 0, cp = 0;
    for (const auto& s : segments) {
        CHECK(s.byte_begin == byte);
        CHECK(s.cp_begin == cp);
        std::string piece = text.substr(s.byte_begin, s.byte_end - s.byte_begin);
        CHECK(s.cp_end - s.cp_begin == code_points(piece));
        if (s.byte_end < text.size()) CHECK(text.substr(s.byte_end - 1, 2) == ". ");
        CHECK(piece.size() < 2000);
        byte = s.byte_end;
        cp = s.cp_end;
    }
    CHECK(byte == text.size());
}

TEST_CASE("a sentence that never ends is cut at a space", "[event]") {
    std::string text;
    for (int i = 0; i < 500; ++i) text += "l'armée syrienne ";
    auto segments = split_segments(text, 1000);
    REQUIRE(segments.size() > 2);
    for (std::size_t k = 1; k < segments.size(); ++k) CHECK(text[segments[k].byte_begin] == ' ');
}

TEST_CASE("a short text is one segment", "[event]") {
    auto segments = split_segments("Raqqa est tombée.");
    REQUIRE(segments.size() == 1);
    CHECK(segments[0].cp_end == 17);
}

TEST_CASE("an event far into a long text is found and dated by the article", "[event]") {
    using namespace geoevent;
    static const auto index = gazetteer::Index::open(test::default_index);
    static const auto tlex = toponym::Lexicon::load(std::string(test::source_dir) + "/lexicon");
    static const auto elex = event::EventLexicon::load(std::string(test::source_dir) + "/lexicon");
    const event::Extractor extractor(elex);
    io::Article a;
    a.id = "long";
    a.lang = "en";
    a.date = "2016-08-13";
    for (int i = 0; i < 4000; ++i) a.text += "Talks resumed in the capital without any result. ";
    a.text += "On Friday the SDF captured Manbij from the Islamic State. ";
    REQUIRE(split_segments(a.text).size() > 2);
    toponym::Geoparser parser(index, tlex);
    auto events = extractor.extract(a, parser.parse(a)).events;
    REQUIRE(events.size() == 1);
    CHECK(events[0].geonameid == 167357);  // Manbij
    CHECK(events[0].date.iso == "2016-08-12");
    CHECK(events[0].actor2 == "Islamic State");
}
