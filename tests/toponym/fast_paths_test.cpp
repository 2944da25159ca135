// The toponym stage's fast paths against the slow ones they replace: every optimisation
// must leave the output byte-identical.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "geoevent/io/article.hpp"
#include "geoevent/toponym/json_io.hpp"
#include "toponym/chars.hpp"
#include "toponym/fixture.hpp"
#include "toponym/flat_map.hpp"
#include "toponym/json_reference.hpp"
#include "toponym/sample_mention.hpp"
#include "toponym/tokenizer_detail.hpp"

using namespace geoevent;
using namespace geoevent::toponym;
using geoevent::test::mention_with;

TEST_CASE("to_json_line writes what RapidJSON writes: numbers", "[toponym]") {
    std::vector<double> values = {0, -0.0, 1, -1, 0.5, -0.5, 1e-6, -1e-6, 0.0005, -0.0005, 0.00005, -0.000005,
                                  0.000015, 0.12345, 0.123456, 33.5102, 34.4523, -179.999995, 180, -180,
                                  89.999999, 0.9995, 0.0015, 0.0025, 1.0005, 2.675, 1e8, -1e8, 1e12, -1e12,
                                  std::nextafter(0.5, 1.0), std::nextafter(0.5, 0.0), 5e-324};
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> coord(-180, 180), unit(0, 1);
    for (int i = 0; i < 20000; ++i) values.push_back(coord(rng));
    for (int i = 0; i < 20000; ++i) values.push_back(unit(rng));
    // Exact ties and their neighbours at 3 and 5 decimals.
    for (int i = -2000; i < 2000; ++i) {
        double tie3 = (i + 0.5) / 1000, tie5 = (i * 37 + 0.5) / 100000;
        for (double v : {tie3, tie5}) {
            values.push_back(v);
            values.push_back(std::nextafter(v, 1e9));
            values.push_back(std::nextafter(v, -1e9));
        }
    }
    for (double v : values) {
        std::vector<Mention> ms = {mention_with(v, -v, std::fabs(v) <= 1 ? std::fabs(v) : unit(rng))};
        INFO(v);
        REQUIRE(to_json_line("a", ms) == detail::to_json_line_rapidjson("a", ms));
    }
}

TEST_CASE("to_json_line writes what RapidJSON writes: strings", "[toponym]") {
    std::vector<std::string> names = {"", "Boukamal", "al-Qaïm", "البوكمال", "say \"Raqqa\"", "back\\slash",
                                      std::string("nul\0byte", 8), "tab\there", "line\nbreak\r\n", "\b\f\x01\x1f\x7f",
                                      "/slash/", "\xff\xfe invalid UTF-8"};
    for (auto& n : names) {
        std::vector<Mention> ms = {mention_with(1.5, 2.25, 0.75, n), mention_with(-3, 4, 1, n + n)};
        ms[1].reason = n;
        ms[1].candidates.clear();
        INFO(n);
        CHECK(to_json_line(n, ms) == detail::to_json_line_rapidjson(n, ms));
        CHECK(to_json_line(n, {}) == detail::to_json_line_rapidjson(n, {}));
    }
}

// Strings shorter than 16 bytes are tested and copied with two overlapping 4- or 8-byte
// words: a character to escape at any position of any such length must still be escaped.
TEST_CASE("to_json_line writes what RapidJSON writes: one special byte anywhere", "[toponym]") {
    const std::string specials = std::string("\"\\\n\x01\x1f\x7f\x80\xc3\x20!", 10) + std::string(1, '\0');
    std::size_t compared = 0;
    for (std::size_t n = 1; n <= 20; ++n)
        for (std::size_t at = 0; at < n; ++at)
            for (char c : specials) {
                std::string name(n, 'q');
                name[at] = c;
                std::vector<Mention> ms = {mention_with(1, 2, 0.5, name)};
                ms[0].reason = name;
                INFO(n << " " << at << " " << static_cast<int>(c));
                REQUIRE(to_json_line(name, ms) == detail::to_json_line_rapidjson(name, ms));
                ++compared;
            }
    CHECK(compared == 11 * 210);
}

TEST_CASE("to_json_line writes what RapidJSON writes: the development set", "[toponym]") {
    Geoparser parser(test::embedded_index(), test::project_lexicon());
    std::size_t articles = 0;
    io::read_articles(std::string(test::data_dir) + "/toponyms/dev.jsonl", {},
                      [&](io::Article&& a) {
                          auto ms = parser.parse(a);
                          REQUIRE(to_json_line(a.id, ms) == detail::to_json_line_rapidjson(a.id, ms));
                          ++articles;
                      },
                      {});
    CHECK(articles >= 40);
}

// The resolver points into the parser's lookup cache instead of copying candidates, and
// reuses its per-name groups from document to document: a parser that has seen many
// documents, in any order, must answer each one exactly as a fresh parser does.
TEST_CASE("a parser reused across documents answers each one as a fresh parser", "[toponym]") {
    std::vector<io::Article> articles;
    for (const char* file : {"/toponyms/dev.jsonl", "/events/dev.jsonl", "/events/heldout.jsonl"})
        io::read_articles(std::string(test::data_dir) + file, {},
                          [&](io::Article&& a) { articles.push_back(std::move(a)); }, {});
    REQUIRE(articles.size() >= 100);
    std::vector<std::string> fresh;
    std::size_t mentions = 0;
    for (auto& a : articles) {
        Geoparser parser(test::embedded_index(), test::project_lexicon());
        auto ms = parser.parse(a);
        mentions += ms.size();
        fresh.push_back(to_json_line(a.id, ms));
    }
    CHECK(mentions >= 500);
    Geoparser reused(test::embedded_index(), test::project_lexicon());
    for (int round = 0; round < 2; ++round) {
        for (std::size_t k = 0; k < articles.size(); ++k) {
            // Second round backwards: each document follows different ones than before.
            const std::size_t i = round == 0 ? k : articles.size() - 1 - k;
            INFO("round " << round << ", article " << articles[i].id);
            REQUIRE(to_json_line(articles[i].id, reused.parse(articles[i])) == fresh[i]);
        }
    }
}

// tokenize() finds the case flags while it folds the key, in one pass; classify() finds
// them from the token's text: they must agree on every token, in every script.
TEST_CASE("tokenize classifies words as classify() does", "[toponym]") {
    std::vector<std::string> texts = {
        "Boukamal BOUKAMAL boukamal B2 2B ONU EI A1 a1 Syria's l'Irak d'al-Qaïm Qa'im Deir ez-Zor",
        "IRAK, USA: ok. X x Xy xY XY 123 Al-Bukamal al-Qaïm ʿAyn Ḩalab Élysée ÉTATS-UNIS straße",
        "O'Neill's ad-Dawr Ma'arrat al-Nu'man Kobané Kobani \xc3\x89 end",
        // U+02BC (a letter read as an apostrophe) first, inside, before a capital; U+02BF;
        // combining marks; Greek, Cyrillic, Arabic, Hebrew, CJK; a Unicode hyphen; É alone.
        "\xca\xbc" "Abc x\xca\xbc" "Y \xca\xbf" "Ayn Ma\xca\xbf" "arrat E\xcc\x81tat e\xcc\x81TAT \xce\xa9mega "
        "\xce\x91\xce\x98 \xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0 \xd8\xad\xd9\x84\xd8\xa8 "
        "\xd7\x99\xd7\xa8 \xe6\x9d\xb1\xe4\xba\xac al\xe2\x80\x90Qa\xc3\xafm \xc3\x89 \xc3\x89\xc3\x89 "
        "\xc3\xa9\xc3\x89 A\xc3\xa9 \xc3\x9f\xc3\x9f al-\xc3\x89tat 9\xc3\x89 \xc2\xaa\xc2\xba"};
    io::read_articles(std::string(test::data_dir) + "/toponyms/dev.jsonl", {},
                      [&](io::Article&& a) { texts.push_back(a.text); }, {});
    std::size_t checked = 0;
    for (auto& text : texts)
        for (const std::vector<std::string>& elisions :
             {std::vector<std::string>{}, std::vector<std::string>{"l", "d", "qu"}}) {
            for (auto& tok : tokenize(text, elisions)) {
                std::string_view word(text.data() + tok.byte_begin, tok.byte_end - tok.byte_begin);
                Token ref = detail::classify_word(word);
                INFO(word);
                CHECK(tok.capitalised == ref.capitalised);
                CHECK(tok.all_upper == ref.all_upper);
                CHECK(tok.has_digit == ref.has_digit);
                CHECK(tok.no_case == ref.no_case);
                ++checked;
            }
        }
    CHECK(checked > 1000);
}

// classify() answers Latin-1 letters (é, É, ç…) without is_upper / is_lower: the case it
// finds must be theirs, for every code point of Latin-1 and Latin Extended-A, alone, doubled
// and between two capitals.
TEST_CASE("classify finds the case is_upper and is_lower give", "[toponym]") {
    auto utf8 = [](char32_t c) {
        std::string s;
        if (c < 0x800) {
            s += static_cast<char>(0xC0 | (c >> 6));
        } else {
            s += static_cast<char>(0xE0 | (c >> 12));
            s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        }
        s += static_cast<char>(0x80 | (c & 0x3F));
        return s;
    };
    std::size_t upper = 0, lower = 0;
    for (char32_t c = 0xA0; c <= 0x24F; ++c) {
        if (!detail::is_word_char(c) || detail::is_hyphen(c) || detail::is_apostrophe(c)) continue;
        const std::string ch = utf8(c);
        INFO(static_cast<unsigned>(c));
        CHECK(detail::classify_word(ch).capitalised == detail::is_upper(c));
        CHECK(detail::classify_word(ch + ch).all_upper == detail::is_upper(c));
        CHECK(detail::classify_word("A" + ch + "B").all_upper == !detail::is_lower(c));
        CHECK(detail::classify_word("al-" + ch).capitalised == detail::is_upper(c));
        upper += detail::is_upper(c);
        lower += detail::is_lower(c);
    }
    CHECK(upper > 80);  // 93
    CHECK(lower > 100);
}

// The tokenizer lower-cases ASCII runs in 8-, 4-, 2- and 1-byte steps and can fill a
// buffer reused from article to article: every key must still be fold_key() of the
// token's text, and the reused buffer must hold what a fresh tokenization returns.
TEST_CASE("tokenize into a reused buffer: the tokens and keys of a fresh tokenization", "[toponym]") {
    std::vector<std::string> texts = {"a ab abc abcd abcde abcdef abcdefg abcdefgh abcdefghi ABCDEFGHIJKLMNOPQ",
                                      "Z9 ZZ9z 12345678901 Deir-ez-Zor Qa'im l'Irak Syria's"};
    for (const char* file : {"/toponyms/dev.jsonl", "/events/dev.jsonl"})
        io::read_articles(std::string(test::data_dir) + file, {}, [&](io::Article&& a) { texts.push_back(a.text); },
                          {});
    REQUIRE(texts.size() > 50);
    const std::vector<std::string> elisions{"l", "d", "qu"};
    std::vector<Token> reused;
    std::string reused_keys;  // keys of the previous, longer or shorter, text left in it
    std::size_t checked = 0;
    for (auto& text : texts) {
        tokenize(text, elisions, reused, reused_keys);
        const auto fresh = tokenize(text, elisions);
        REQUIRE(reused.size() == fresh.size());
        for (std::size_t k = 0; k < fresh.size(); ++k) {
            const Token &a = reused[k], &b = fresh[k];
            std::string_view word(text.data() + b.byte_begin, b.byte_end - b.byte_begin);
            INFO(word);
            REQUIRE(a.key == b.key);
            REQUIRE(b.key == fold_key(word));
            REQUIRE((a.byte_begin == b.byte_begin && a.byte_end == b.byte_end && a.cp_begin == b.cp_begin &&
                     a.cp_end == b.cp_end));
            REQUIRE((a.capitalised == b.capitalised && a.all_upper == b.all_upper && a.has_digit == b.has_digit &&
                     a.elision == b.elision && a.no_case == b.no_case && a.sentence_start == b.sentence_start &&
                     a.space_after == b.space_after && a.comma_after == b.comma_after));
            ++checked;
        }
    }
    CHECK(checked > 5000);  // 6,433 tokens: the two lines above and both development sets
}

// The resolver groups a tagger detection by the compact key of its tokens instead of
// compact_key of its text: both must agree on every run of tokens joined by spaces,
// whatever the scripts, hyphens, apostrophes, spaces (tab, no-break) or broken bytes.
TEST_CASE("compact_key_of_tokens is compact_key of the tokens' text", "[toponym]") {
    std::vector<std::string> texts = {
        "Deir ez-Zor\tAl\xc2\xa0" "Bukamal Qa'im Qa\xe2\x80\x99im Ma\xca\xbf" "arrat al\xe2\x80\x90Nu'man",
        "\xca\xbf" "Ayn \xe1\xb8\xa8" "alab \xc3\x89TATS-UNIS Stra\xc3\x9f" "e \xc5\x92uvre Al\xe9p Homs \xd8\xad\xd9\x84\xd8\xa8",
        "O'Neill's l'Irak d'al-Qa\xc3\xafm Syria's A-B-C 1-2 x\xcc\x81y \xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1"};
    for (const char* file : {"/toponyms/dev.jsonl", "/events/dev.jsonl"})
        io::read_articles(std::string(test::data_dir) + file, {}, [&](io::Article&& a) { texts.push_back(a.text); },
                          {});
    std::string joined;
    std::size_t checked = 0, with_hyphen = 0, multi = 0;
    for (auto& text : texts)
        for (const std::vector<std::string>& elisions :
             {std::vector<std::string>{}, std::vector<std::string>{"l", "d", "qu"}}) {
            const auto list = tokenize(text, elisions);
            for (std::size_t i = 0; i < list.size(); ++i)
                for (std::size_t j = i; j < list.size() && j < i + 5; ++j) {
                    const std::string_view surface(text.data() + list[i].byte_begin,
                                                   list[j].byte_end - list[i].byte_begin);
                    INFO(surface);
                    detail::compact_key_of_tokens(list.tokens, i, j, joined);
                    REQUIRE(joined == compact_key(surface));
                    ++checked;
                    with_hyphen += list[j].key.find('-') != std::string_view::npos;
                    multi += j > i;
                    if (!list[j].space_after) break;
                }
        }
    CHECK(checked > 20000);
    CHECK(with_hyphen > 50);
    CHECK(multi > 5000);
}

// Keys are views into the list's key buffer: moving lists around (a vector of them
// growing) must leave every key readable and equal to fold_key of its word, down to the
// shortest texts, whose buffer a std::string would keep inline.
TEST_CASE("a moved TokenList keeps its keys", "[toponym]") {
    std::vector<std::string> texts = {"a", "Homs", "l'Irak", "Deir ez-Zor, Qa'im", "Élysée ÉTATS-UNIS straße"};
    io::read_articles(std::string(test::data_dir) + "/toponyms/dev.jsonl", {},
                      [&](io::Article&& a) { texts.push_back(a.text); }, {});
    const std::vector<std::string> elisions{"l", "d", "qu"};
    std::vector<TokenList> lists;
    for (auto& text : texts) lists.push_back(tokenize(text, elisions));  // reallocates: every list moves
    std::size_t checked = 0;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        REQUIRE(!lists[i].empty());
        for (auto& tok : lists[i]) {
            std::string_view word(texts[i].data() + tok.byte_begin, tok.byte_end - tok.byte_begin);
            INFO(word);
            REQUIRE(tok.key == fold_key(word));
            ++checked;
        }
    }
    CHECK(checked > 1000);
}

// same_key compares with two overlapping loads: a difference at any byte of any length
// must be seen, and equal keys in different buffers found equal.
TEST_CASE("same_key is string equality", "[toponym]") {
    std::mt19937 rng(7);
    std::size_t compared = 0;
    for (std::size_t n = 0; n <= 40; ++n)
        for (int round = 0; round < 20; ++round) {
            std::string a(n, '\0');
            for (auto& c : a) c = static_cast<char>(rng() % 4 ? 'a' + rng() % 3 : rng() % 256);
            const std::string same = a;
            REQUIRE(detail::same_key(a, same));
            REQUIRE(!detail::same_key(a, a + "x"));
            for (std::size_t i = 0; i < n; ++i) {
                std::string b = a;
                b[i] = static_cast<char>(b[i] ^ (1 << (rng() % 8)));
                REQUIRE(!detail::same_key(a, b));
                REQUIRE(!detail::same_key(b, a));
                ++compared;
            }
        }
    CHECK(compared > 8000);
}

// string_hash reads a key's last 1-7 bytes with overlapping loads; the tables built from
// it (name set, word flags, caches) must hash every key as the byte-wise loop did.
TEST_CASE("string_hash reads the tail of a key as the byte loop does", "[toponym]") {
    auto reference = [](std::string_view key) {
        constexpr std::uint64_t k = 0x9E3779B97F4A7C15ull;
        std::uint64_t h = key.size() * k;
        std::size_t i = 0;
        for (; i + 8 <= key.size(); i += 8) {
            std::uint64_t v = 0;
            for (std::size_t b = 0; b < 8; ++b) v |= std::uint64_t{static_cast<unsigned char>(key[i + b])} << (8 * b);
            h = (h ^ v) * k;
            h ^= h >> 32;
        }
        if (i < key.size()) {
            std::uint64_t v = 0;
            for (std::size_t b = 0; i + b < key.size(); ++b)
                v |= std::uint64_t{static_cast<unsigned char>(key[i + b])} << (8 * b);
            h = (h ^ v) * k;
            h ^= h >> 32;
        }
        return h;
    };
    std::mt19937 rng(4);
    std::string buffer(64, '\0');
    for (int round = 0; round < 20000; ++round) {
        const std::size_t n = rng() % 40;
        for (auto& c : buffer) c = static_cast<char>(rng());
        // At several offsets, so the loads are not always aligned.
        const std::string_view key(buffer.data() + round % 8, n);
        REQUIRE(detail::string_hash(key) == reference(key));
    }
    CHECK(detail::string_hash("") == reference(""));
    CHECK(detail::string_hash("deirezzor") == reference("deirezzor"));
}
