// The fast JSON Lines reader (article_json_fast.cpp) against the RapidJSON path it bypasses:
// whenever it takes a line, the line must be valid UTF-8 and parse_article_json must accept
// it with the same article; and it must take the ordinary records, or it is no fast path.
// The splitter's view of lines against the copying next().
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
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

std::string describe(const Article& a) {
    std::string out = "id=" + a.id + "\ntext=" + a.text + "\ndate=" + a.date + "\nlang=" + a.lang +
                      "\ntitle=" + a.title + "\nurl=" + a.url + "\nspans=";
    out += a.spans ? std::to_string(a.spans->size()) : "none";
    return out;
}

enum class Outcome { taken, left, disagrees };

// The fast reader on one line, checked against the reference path.
Outcome fast_outcome(const std::string& line) {
    Article fast;
    if (!detail::parse_article_json_fast(line, fast)) return Outcome::left;
    Article reference;
    const auto err = parse_article_json(line, reference);
    if (!geoevent::text::is_valid_utf8(line) || err || describe(fast) != describe(reference)) {
        UNSCOPED_INFO("line: " << line << "\nfast: " << describe(fast) << "\nreference: "
                               << (err ? "error " + *err : describe(reference)));
        return Outcome::disagrees;
    }
    return Outcome::taken;
}

std::vector<std::string> data_set_lines() {
    std::vector<std::string> out;
    for (auto* file : {"/toponyms/dev.jsonl", "/events/dev.jsonl", "/events/heldout.jsonl"})
        for (auto& l : lines_of(std::string(geoevent::test::data_dir) + file)) out.push_back(l);
    return out;
}

// The data sets' records without their gold answers (the last member, an array the fast
// reader leaves to RapidJSON): news records as `geoevent toponyms` and `extract` read them.
std::vector<std::string> news_lines() {
    std::vector<std::string> out;
    for (auto& l : data_set_lines()) {
        auto gold = l.find(", \"toponyms\": [");
        if (gold == std::string::npos) gold = l.find(", \"events\": [");
        REQUIRE(gold != std::string::npos);
        out.push_back(l.substr(0, gold) + "}");
    }
    return out;
}

std::string record(const std::string& text_json) { return R"({"id": "r", "lang": "fr", "text": ")" + text_json + "\"}"; }

}  // namespace

TEST_CASE("fast JSON reader takes every news record of the data sets, as RapidJSON reads it", "[io]") {
    std::size_t taken = 0;
    auto lines = news_lines();
    for (auto& line : lines) {
        auto o = fast_outcome(line);
        CHECK(o != Outcome::disagrees);
        taken += o == Outcome::taken;
    }
    CHECK(lines.size() > 100);
    CHECK(taken == lines.size());
    // With their gold arrays, RapidJSON reads them.
    for (auto& line : data_set_lines()) CHECK(fast_outcome(line) == Outcome::left);
}

TEST_CASE("fast JSON reader: escapes and UTF-8 at every offset of the 8-byte words", "[io]") {
    // Each piece is put after 0..16 ASCII bytes and followed by 0..9 more, so that it starts,
    // straddles and ends every position of a word and the short tail after the last word.
    const std::vector<std::string> taken_pieces = {
        R"(\")", R"(\\)", R"(\/)", R"(\b)", R"(\f)", R"(\n)", R"(\r)", R"(\t)", R"(\u0041)", R"(\u00e9)",
        R"(\u00E9)", R"(\u0000)", R"(\u001f)", R"(\u07ff)", R"(\u0800)", R"(\uFFFF)", R"(\uE000)", "\xC3\xA9",
        "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80", "\xEF\xBF\xBD", "\xF0\x90\x80\x80",
        "\xF4\x8F\xBF\xBF", "\x7F", "'", "}", "{", ":", ","};
    // Pieces the fast reader must leave to RapidJSON (errors, surrogates, invalid UTF-8).
    const std::vector<std::string> left_pieces = {
        R"(\ud83d\ude00)", R"(\ud800)", R"(\udc00)", R"(\q)", R"(\u12)", R"(\u12g4)", R"(\x41)", "\x01", "\x1f",
        "\t", std::string(1, '\0'), "\xC0\xAF", "\xC1\xBF", "\xC3", "\xC3\x28", "\x80", "\xBF", "\xE0\x80\x80",
        "\xE0\x9F\xBF", "\xED\xA0\x80", "\xED\xBF\xBF", "\xF0\x80\x80\x80", "\xF0\x8F\xBF\xBF", "\xF4\x90\x80\x80",
        "\xF5\x80\x80\x80", "\xFF", "\xE2\x82", "\xF0\x9F\x98"};
    std::size_t n = 0;
    for (std::size_t before = 0; before <= 16; ++before)
        for (std::size_t after = 0; after <= 9; ++after) {
            for (auto& piece : taken_pieces) {
                const std::string line = record(std::string(before, 'a') + piece + std::string(after, 'z'));
                INFO(line);
                REQUIRE(fast_outcome(line) == Outcome::taken);
                ++n;
            }
            for (auto& piece : left_pieces) {
                const std::string line = record(std::string(before, 'a') + piece + std::string(after, 'z'));
                INFO(line);
                REQUIRE(fast_outcome(line) == Outcome::left);
                ++n;
            }
        }
    CHECK(n == 17 * 10 * 59);
}

TEST_CASE("fast JSON reader: record shapes it takes and those it leaves", "[io]") {
    const std::vector<std::string> taken = {
        R"({"text": "x"})",
        R"(  {"text":"x"}  )",
        "\t{ \"text\" :\r\"x\" , \"id\"\t: \"7\" }\r",
        R"({"id": "a", "date": "2017-11-09", "lang": "fr", "title": "T", "url": "http://x/y", "text": "Raqqa"})",
        R"({"text": "first", "text": "second", "id": "dup", "id": "dup2", "lang": "fr", "lang": "en"})",
        R"({"other": "ignored \u00e9 \n", "text": "x", "tags": "a", "texts": "b", "tex": "c"})",
        R"({"text": ""})",
        R"({"id": "", "text": "x"})",
        R"({"text": "x"} trailing)",
        R"({"text": "x"}{"text": "y"})",
        std::string("{\"text\": \"x\"}\0junk", 18),  // RapidJSON stops after the object too
        "{\"text\": \"x\"} \xC3\xA9",
        R"({"text": "caf\u00e9 \"Kobané\" \\ \/"})",
        R"({"date": "not a date", "text": "x"})",
    };
    for (auto& line : taken) {
        INFO(line);
        CHECK(fast_outcome(line) == Outcome::taken);
    }
    const std::vector<std::string> left = {
        "",
        "   ",
        "{",
        "{}",
        R"({"id": "no text"})",
        R"([1, 2, 3])",
        R"("just a string")",
        R"({"id": 42, "text": "x"})",
        R"({"id": -7, "text": "x"})",
        R"({"id": null, "text": "x"})",
        R"({"text": "x", "n": 1.5})",
        R"({"text": "x", "flag": true})",
        R"({"text": "x", "o": {}})",
        R"({"text": "x", "a": []})",
        R"({"text": 5})",
        R"({"text": "x", "spans": [{"start": 0, "end": 1}]})",
        R"({"text": "x", "spans": null})",
        R"({"spans": "later", "text": "x"})",
        R"({"te\u0078t": "x"})",
        "{\"t\xC3\xA9xt\": \"x\", \"text\": \"y\"}",
        R"({"text": "x",})",
        R"({"text": "x" "id": "y"})",
        R"({"text" "x"})",
        R"({text: "x"})",
        R"({'text': 'x'})",
        R"({"text": "unterminated)",
        R"({"text": "x")",
        R"({"text": "x",)",
        "\xEF\xBB\xBF{\"text\": \"x\"}",
        "{\"text\": \"x\"} \xFF",
        "{\"text\": \"x\"} \xC3",
        "\x0b{\"text\": \"x\"}",
        "{\"text\":\x0c\"x\"}",
    };
    for (auto& line : left) {
        INFO(line);
        CHECK(fast_outcome(line) == Outcome::left);
    }
}

TEST_CASE("fast JSON reader agrees with RapidJSON on every prefix and on random corruptions", "[io]") {
    auto lines = news_lines();
    for (std::size_t r = 0; r < 3; ++r)
        for (std::size_t cut = 0; cut <= lines[r].size(); ++cut) REQUIRE(fast_outcome(lines[r].substr(0, cut)) != Outcome::disagrees);
    std::mt19937 rng(20261201);
    const std::string alphabet = std::string("\"\\{}[],:u0 \x80\xC3\xFF\x01\xED\xA0\xF4\x90t/") + std::string(1, '\0');
    std::size_t taken = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string line = lines[rng() % lines.size()];
        const int edits = 1 + static_cast<int>(rng() % 3);
        for (int e = 0; e < edits; ++e) line[rng() % line.size()] = alphabet[rng() % alphabet.size()];
        auto o = fast_outcome(line);
        REQUIRE(o != Outcome::disagrees);
        taken += o == Outcome::taken;
    }
    CHECK(taken > 1000);  // the corruptions that leave a valid record are still read fast
}

TEST_CASE("the splitter's views are the lines next() copies, across reads and limits", "[io]") {
    const std::string input = std::string("first\r\n\n\r\n") + std::string(40, 'L') + "\n" + "exactly ten\r\n" +
                              std::string(11, 'x') + "\r\n" + std::string(12, 'y') + "\r\n" + "a\rb\n" + "last, no newline\r";
    for (std::size_t chunk : {1, 2, 3, 7, 8, 13, 64, 4096})
        for (std::size_t max : {10, 11, 12, 100}) {
            auto reader = [&](std::size_t& at) {
                return [&input, &at, chunk](char* buf, std::size_t n) {
                    std::size_t k = std::min({n, chunk, input.size() - at});
                    std::copy_n(input.data() + at, k, buf);
                    at += k;
                    return k;
                };
            };
            std::size_t at1 = 0, at2 = 0;
            detail::BoundedLineSplitter copying(reader(at1), max), viewing(reader(at2), max);
            std::string line;
            std::string_view view;
            bool long1 = false, long2 = false;
            std::size_t bytes1 = 0, bytes2 = 0;
            std::size_t lines = 0;
            for (;;) {
                INFO("chunk " << chunk << ", max " << max << ", line " << lines + 1);
                const bool more1 = copying.next(line, long1, bytes1);
                const bool more2 = viewing.next_view(view, long2, bytes2);
                REQUIRE(more1 == more2);
                if (!more1) break;
                REQUIRE(line == view);
                REQUIRE(long1 == long2);
                REQUIRE(bytes1 == bytes2);
                REQUIRE(copying.line_number() == viewing.line_number());
                ++lines;
            }
            CHECK(lines == 9);
        }
}

TEST_CASE("read_articles reads each record of a file as parse_article_json does", "[io]") {
    // Records the fast reader takes, records it leaves (numbers, spans, escapes of
    // surrogates) and rejects, in one file, read through the file reader.
    auto lines = news_lines();
    lines.resize(50);
    for (auto& l : data_set_lines()) lines.push_back(l);
    lines.push_back(R"({"id": 5, "text": "Raqqa \ud83d\ude00", "spans": [{"start": 0, "end": 5}]})");
    lines.push_back("");
    lines.push_back("{\"id\": \"bad\", \"text\": \"\xC3\x28\"}");
    lines.push_back(R"({"id": "noText"})");
    lines.push_back(R"({"id": "d", "date": "soon", "text": "x"})");
    const std::string path = std::string(geoevent::test::binary_dir) + "/article_json_fast_test.jsonl";
    {
        std::ofstream out(path, std::ios::binary);
        for (auto& l : lines) out << l << "\n";
    }
    std::vector<Article> read;
    std::vector<Reject> rejects;
    read_articles(path, {}, [&](Article&& a) { read.push_back(std::move(a)); },
                  [&](const Reject& r) { rejects.push_back(r); });
    REQUIRE(rejects.size() == 3);
    CHECK(rejects[0].reason == "empty line");
    CHECK(rejects[1].reason == "invalid UTF-8");
    CHECK(rejects[2].reason == "missing \"text\"");
    CHECK(rejects[2].id == "noText");
    REQUIRE(read.size() == lines.size() - 3);
    std::size_t k = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        Article expected;
        if (parse_article_json(lines[i], expected)) continue;
        if (expected.id.empty()) expected.id = "article_json_fast_test.jsonl:" + std::to_string(i + 1);
        if (expected.date == "soon") expected.date.clear();
        INFO("line " << i + 1);
        CHECK(describe(read[k]) == describe(expected));
        CHECK(read[k].line == i + 1);
        CHECK(read[k].input_bytes == lines[i].size() + 1);
        ++k;
    }
    CHECK(k == read.size());
}
