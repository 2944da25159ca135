// The tokenizer's word scan (16-byte masks, SSE2 or byte by byte) against the general
// path alone: every token, offset, flag and key must be the same.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "geoevent/io/article.hpp"
#include "test_config.hpp"
#include "toponym/byte_scan.hpp"
#include "toponym/tokenizer_detail.hpp"

using namespace geoevent;
using namespace geoevent::toponym;
using detail::WordScan;

namespace {

const std::vector<std::string> fr_elisions{"l", "d", "qu", "jusqu", "lorsqu", "puisqu", "s", "n", "j", "m", "t", "c"};

std::vector<std::string> dev_texts() {
    std::vector<std::string> texts;
    for (const char* file : {"/toponyms/dev.jsonl", "/events/dev.jsonl", "/events/heldout.jsonl"})
        io::read_articles(std::string(test::data_dir) + file, {}, [&](io::Article&& a) { texts.push_back(a.text); },
                          {});
    return texts;
}

std::string describe(const Token& t) {
    std::string s = std::to_string(t.byte_begin) + "-" + std::to_string(t.byte_end) + " cp " +
                    std::to_string(t.cp_begin) + "-" + std::to_string(t.cp_end) + " '" + std::string(t.key) + "'";
    for (bool f : {t.capitalised, t.all_upper, t.has_digit, t.elision, t.no_case, t.sentence_start, t.space_after,
                   t.comma_after})
        s += f ? '1' : '0';
    return s;
}

std::vector<std::string> tokens_via(WordScan scan, std::string_view text, const std::vector<std::string>& elisions) {
    std::vector<Token> tokens;
    std::string keys;
    detail::tokenize_with_scan(scan, text, elisions, tokens, keys);
    std::vector<std::string> out;
    out.reserve(tokens.size());
    for (const Token& t : tokens) out.push_back(describe(t));
    return out;
}

// The three scans give the same tokens for the text, for every suffix of its first bytes
// (the scan's 16-byte steps and the end of the text fall at every position) and, through
// a copy without spare capacity, with the text ending exactly at an allocation's end.
void check_same(const std::string& text, const std::vector<std::string>& elisions) {
    const auto reference = tokens_via(WordScan::none, text, elisions);
    REQUIRE(tokens_via(WordScan::wide, text, elisions) == reference);
    REQUIRE(tokens_via(WordScan::portable, text, elisions) == reference);
    // tokenize() itself, into buffers reused from the previous text.
    static std::vector<Token> reused;
    static std::string reused_keys;
    tokenize(text, elisions, reused, reused_keys);
    std::vector<std::string> got;
    for (const Token& t : reused) got.push_back(describe(t));
    REQUIRE(got == reference);
}

}  // namespace

TEST_CASE("word scan: SSE2 and portable masks agree on every byte value at every position", "[toponym]") {
    unsigned char block[16];
    char out_a[16], out_b[16];
    for (int value = 0; value < 256; ++value)
        for (int pos = 0; pos < 16; ++pos) {
            std::memset(block, 'a', sizeof block);
            block[pos] = static_cast<unsigned char>(value);
            for (std::size_t left : {16, 15, 9, 1}) {
                std::memset(out_a, 0, sizeof out_a);
                std::memset(out_b, 0, sizeof out_b);
                const auto wide = detail::scan_bytes<true>(block, left, out_a);
                const auto portable = detail::scan_bytes<false>(block, left, out_b);
                INFO("byte " << value << " at " << pos << ", " << left << " bytes left");
                REQUIRE(wide.alnum == portable.alnum);
                REQUIRE(wide.lower == portable.lower);
                REQUIRE(wide.digit == portable.digit);
                REQUIRE(std::memcmp(out_a, out_b, left) == 0);
            }
        }
    // The classes themselves, byte by byte.
    for (int value = 0; value < 256; ++value) {
        const unsigned char b = static_cast<unsigned char>(value);
        char out[16];
        const auto m = detail::scan_bytes<true>(&b, 1, out);
        const bool digit = b >= '0' && b <= '9', lower = b >= 'a' && b <= 'z', upper = b >= 'A' && b <= 'Z';
        CHECK(m.alnum == ((digit || lower || upper) ? 1u : 0u));
        CHECK(m.lower == (lower ? 1u : 0u));
        CHECK(m.digit == (digit ? 1u : 0u));
        if (digit || lower || upper) CHECK(out[0] == static_cast<char>(lower || digit ? b : b + 32));
    }
}

TEST_CASE("word scan: the development sets tokenize as through the general path", "[toponym]") {
    const auto texts = dev_texts();
    REQUIRE(texts.size() >= 100);
    std::size_t tokens = 0;
    for (const auto& text : texts) {
        check_same(text, fr_elisions);
        check_same(text, {});
        tokens += tokens_via(WordScan::none, text, fr_elisions).size();
        // Every prefix of the first 80 bytes: the text's end at each position of a word,
        // a gap and a multi-byte character (cut ones included).
        for (std::size_t n = 0; n <= std::min<std::size_t>(80, text.size()); ++n) check_same(text.substr(0, n), fr_elisions);
        // Every suffix start in the first 40 bytes: words at every alignment.
        for (std::size_t k = 1; k < std::min<std::size_t>(40, text.size()); ++k) check_same(text.substr(k), fr_elisions);
    }
    CHECK(tokens > 7000);
}

TEST_CASE("word scan: edge cases tokenize as through the general path", "[toponym]") {
    const std::vector<std::string> cases = {
        "",
        "a",
        "A",
        "7",
        "ab",
        "AB",
        "Ab1",
        "abcdefghijklmno",      // 15 bytes: the longest word the scan settles
        "abcdefghijklmnop",     // 16: left to the general path
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 x",
        "Deir ez-Zor, al-Qaïm; l'Irak d'Alep jusqu'à Qa'im. Syria's army's",
        "Iraq's Iraq'x Iraq' Iraq- -Iraq 'Iraq' ''x --y",
        "BEYROUTH — L'ONU a dit: «Non»! Et? 2017-11-09, 10h30\tpuis\n\nAlep",
        "a,b.c!d?e:f\ng\th  i   j ,k , l",
        "mot\xc2\xa0mot mot\xe2\x80\x99s mot\xe2\x80\x91mot \xc3\x89tat \xc3\xa9t\xc3\xa9",  // no-break space, ’, ‑, É, é
        "Ḩamāh Ālbū Kamāl Łódź İzmir Œuvre Straße",
        "بغداد Багдад Αθήνα 東京 ירושלים",
        "abc\xff" "def \xc3 x \xe2\x80 y \xf0\x9f\x98\x80 z",  // broken UTF-8, an emoji
        "word\x01word\x7fword\x00word",
        std::string("nul\0byte", 8),
        "x1 2y 3 44 A1 a1B ÉTAT-MAJOR E.I. U.S.A. ONU/UE (Daech) [EI] {x} \"q\" #1 @a ~b",
    };
    for (const auto& text : cases) {
        INFO(text);
        check_same(text, fr_elisions);
        check_same(text, {});
        for (std::size_t n = 0; n <= text.size(); ++n) check_same(text.substr(0, n), fr_elisions);
    }
}

TEST_CASE("word scan: random ASCII and UTF-8 mixes tokenize as through the general path", "[toponym]") {
    // Words, separators and multi-byte characters drawn at random, so that every kind of byte
    // meets every 16-byte position and the end of the text.
    const std::vector<std::string> pieces = {"a",  "B",  "z", "Q", "0", "9", " ",  "  ", "\t", "\n", ",", ".",
                                             "!",  "?",  ":", ";", "-", "'", "\"", "(",  "é",  "É",  "’", "\xc2\xa0",
                                             "ß", "ا", "\xff", "\xc3", "…", "‑", "l'", "d'", "s ", "'s", "x"};
    std::mt19937 rng(20261201);
    std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1), length(0, 120);
    for (int round = 0; round < 3000; ++round) {
        std::string text;
        const std::size_t n = length(rng);
        for (std::size_t i = 0; i < n; ++i) text += pieces[pick(rng)];
        INFO(text);
        check_same(text, fr_elisions);
    }
}
