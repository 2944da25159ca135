// The JSON Lines reader parses records in place (strings decoded inside the line buffer);
// it must read exactly what the copying parser reads and reject exactly what it rejects,
// with the same message (byte offsets included), on good records and on broken ones.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "geoevent/io/article.hpp"
#include "io/article_reader.hpp"
#include "io/data_lines.hpp"
#include "test_config.hpp"
#include "text/utf8.hpp"

using namespace geoevent::io;
using geoevent::test::lines_of;

namespace {

std::string describe(const std::optional<std::string>& err, const Article& a) {
    std::string out = err ? "error: " + *err : "ok";
    out += "\nid=" + a.id + "\ntext=" + a.text + "\ndate=" + a.date + "\nlang=" + a.lang + "\ntitle=" + a.title +
           "\nurl=" + a.url + "\nspans=";
    if (a.spans)
        for (auto& s : *a.spans) out += std::to_string(s.start) + "-" + std::to_string(s.end) + ",";
    else
        out += "none";
    return out;
}

// Both parsers on one line; returns true when they agree (and says where they do not).
bool same_result(const std::string& line) {
    Article copied, in_place;
    auto e1 = parse_article_json(line, copied);
    std::string buffer = line;
    auto e2 = detail::parse_article_json_in_place(buffer, in_place);
    auto d1 = describe(e1, copied), d2 = describe(e2, in_place);
    if (d1 != d2) UNSCOPED_INFO("line: " << line << "\ncopying: " << d1 << "\nin place: " << d2);
    // The reader's path: a line it found valid UTF-8 is parsed without RapidJSON's own check.
    if (geoevent::text::is_valid_utf8(line)) {
        Article checked;
        std::string again = line;
        auto e3 = detail::parse_article_json_in_place(again, checked, /*utf8_checked=*/true);
        auto d3 = describe(e3, checked);
        if (d1 != d3) UNSCOPED_INFO("line: " << line << "\ncopying: " << d1 << "\nin place, UTF-8 checked: " << d3);
        return d1 == d2 && d1 == d3;
    }
    return d1 == d2;
}

}  // namespace

TEST_CASE("in-place JSON parsing reads every record of the data sets as the copying parser does", "[io]") {
    std::size_t n = 0;
    for (auto* file : {"/toponyms/dev.jsonl", "/events/dev.jsonl", "/events/heldout.jsonl"})
        for (auto& line : lines_of(std::string(geoevent::test::data_dir) + file)) {
            CHECK(same_result(line));
            ++n;
        }
    CHECK(n > 100);
}

TEST_CASE("in-place JSON parsing agrees on hand-made edge cases", "[io]") {
    const std::vector<std::string> cases = {
        R"({"id": "a", "text": "Raqqa \u00e9 \ud83d\ude00 \"q\" \\ \/ \n\t", "lang": "fr"})",
        R"({"id": 42, "text": "x"})",
        R"({"id": -7, "text": "x"})",
        R"({"id": {"nested": 1}, "text": "x", "date": 3})",
        R"({"text": "first", "text": "second", "id": "dup", "id": "dup2"})",
        R"({"text": "x", "spans": [{"start": 0, "end": 1}]})",
        R"({"text": "x", "spans": [{"start": 0, "end": 9}]})",
        R"({"text": "x", "spans": {"start": 0}})",
        R"({"text": "x", "spans": null})",
        R"({"text": 5})",
        R"({"id": "no text"})",
        R"([1, 2, 3])",
        R"("just a string")",
        R"({"text": "x"} trailing)",
        R"({"text": "x",})",
        R"({"text": "unterminated)",
        R"({"text": "bad escape \q"})",
        R"({"text": "lone surrogate \ud800"})",
        R"({"text": "control)" "\x01" R"(char"})",
        "{\"text\": \"bad utf8 \xC3\x28\"}",
        "{\"text\": \"overlong \xC0\xAF\"}",
        std::string("{\"text\": \"nul \0 inside\"}", 24),
        std::string("{\"text\": \"x\"}\0junk", 19),
        "",
        "   ",
        "{",
    };
    for (auto& c : cases) CHECK(same_result(c));
}

// Found by fuzz_article_json once it compared both parsers (2026-11-30).
TEST_CASE("fuzz regression a181cfec/e05cafb6: byte order marks and a lead byte at the end of the line", "[io]") {
    // The copying parser's stream drops EF, BB and BF at the start, each on its own.
    CHECK(same_result("\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"Raqqa\"}"));
    CHECK(same_result("\xBBw&d\x83{i}"));
    CHECK(same_result("\xBF{\"id\":\"b\",\"text\":\"x\"}"));
    Article a;
    std::string bom = "\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"Raqqa\"}";
    CHECK_FALSE(detail::parse_article_json_in_place(bom, a));
    CHECK(a.id == "a");
    // A three-byte lead last on the line: RapidJSON's UTF-8 check read past the buffer
    // (AddressSanitizer) before the line was padded.
    CHECK(same_result("{\"\\u1e30900qll}\xEA"));
    CHECK(same_result("{\"id\":\"\xEA"));
    CHECK(same_result("{\"id\":\"\xF0\x9F"));
}

TEST_CASE("in-place JSON parsing agrees on every prefix and on random corruptions of real records", "[io]") {
    auto lines = lines_of(std::string(geoevent::test::data_dir) + "/events/dev.jsonl");
    REQUIRE(lines.size() >= 3);
    // Every truncation of a few records: each stops the parser at a different place.
    for (std::size_t r = 0; r < 3; ++r)
        for (std::size_t cut = 0; cut <= lines[r].size(); ++cut) CHECK(same_result(lines[r].substr(0, cut)));
    // Bytes overwritten with structural characters, escapes, NULs and invalid UTF-8.
    std::mt19937 rng(20261130);
    const std::string alphabet = std::string("\"\\{}[],:u0 \x80\xC3\xFF\x01", 15) + std::string(1, '\0');
    for (int round = 0; round < 3000; ++round) {
        std::string line = lines[rng() % lines.size()];
        const int edits = 1 + static_cast<int>(rng() % 3);
        for (int e = 0; e < edits; ++e) line[rng() % line.size()] = alphabet[rng() % alphabet.size()];
        CHECK(same_result(line));
    }
}
