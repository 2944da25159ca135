#include <catch2/catch.hpp>

#include "geoevent/toponym/tokenizer.hpp"

using namespace geoevent::toponym;

namespace {
const std::vector<std::string> fr_elisions{"l", "d", "qu", "jusqu"};

std::vector<std::string> surfaces(std::string_view text, const std::vector<Token>& tokens) {
    std::vector<std::string> out;
    for (auto& t : tokens) out.emplace_back(text.substr(t.byte_begin, t.byte_end - t.byte_begin));
    return out;
}
}  // namespace

TEST_CASE("tokenizer: French elision splits, hyphenated names stay whole", "[toponym]") {
    std::string text = "l'Irak et d'al-Qaïm, jusqu'à Deir ez-Zor";
    auto t = tokenize(text, fr_elisions);
    CHECK(surfaces(text, t) == std::vector<std::string>{"l'", "Irak", "et", "d'", "al-Qaïm", "jusqu'", "à", "Deir", "ez-Zor"});
    CHECK(t[0].elision);
    CHECK(t[1].capitalised);
    CHECK(t[4].capitalised);  // al-Qaïm: the part after the article is
    CHECK(t[4].key == "al-qaim");
    CHECK_FALSE(t[2].capitalised);
    CHECK(t[4].comma_after);
    CHECK(t[7].space_after);
}

TEST_CASE("tokenizer: offsets are code points, so text[start:end] is the word", "[toponym]") {
    std::string text = "Près de Ḩamāh, à Alep";
    auto t = tokenize(text, fr_elisions);
    REQUIRE(t.size() == 5);
    CHECK(t[2].cp_begin == 8);
    CHECK(t[2].cp_end == 13);
    CHECK(t[2].key == "hamah");
    CHECK(t[4].cp_begin == 17);
    CHECK(t[4].byte_begin > t[4].cp_begin);  // multi-byte characters before it
}

TEST_CASE("tokenizer: English possessive, capitals, sentence starts", "[toponym]") {
    std::string text = "BAGHDAD - Iraq's parliament met. Nice weather in Qa'im";
    auto t = tokenize(text, {});
    auto s = surfaces(text, t);
    CHECK(s[0] == "BAGHDAD");
    CHECK(t[0].all_upper);
    CHECK(t[0].sentence_start);
    CHECK(s[1] == "Iraq");
    CHECK_FALSE(t[1].space_after);  // the possessive is not a name boundary to cross
    CHECK(std::find(s.begin(), s.end(), "Qa'im") != s.end());
    auto nice = std::find(s.begin(), s.end(), "Nice") - s.begin();
    CHECK(t[static_cast<std::size_t>(nice)].sentence_start);
}

TEST_CASE("tokenizer: invalid UTF-8 and empty input do not break it", "[toponym]") {
    CHECK(tokenize("", {}).empty());
    auto t = tokenize("Al\xe9p Homs", {});
    REQUIRE_FALSE(t.empty());
    CHECK(t.back().key == "homs");
}

TEST_CASE("compact keys ignore case, accents, spaces and hyphens", "[toponym]") {
    CHECK(compact_key("Deir ez-Zor") == compact_key("Deir Ezzor"));
    CHECK(compact_key("Kobané") == "kobane");
    CHECK(compact_key("N'Djamena") == "ndjamena");
}
