// split_words() against the plain per-code-point splitter it replaced (decode every code
// point, ask ICU, build each word apart, then copy it in): the event stage's words, and so
// its output, must not change when the splitter gets faster.
#include <catch2/catch.hpp>
#include <unicode/uchar.h>

#include <random>
#include <string>
#include <vector>

#include "event/words.hpp"
#include "geoevent/io/article.hpp"
#include "geoevent/text/name_keys.hpp"
#include "test_config.hpp"
#include "text/utf8.hpp"

using namespace geoevent;
using namespace geoevent::event::detail;

namespace {

struct RefWord {
    std::string key;
    std::string surface;
    std::size_t start, end;
};

std::vector<RefWord> reference_split(std::string_view text, std::size_t base) {
    std::vector<RefWord> out;
    std::size_t cp = base, i = 0, begin = std::string_view::npos, begin_cp = 0;
    auto flush = [&](std::size_t end_byte) {
        if (begin == std::string_view::npos) return;
        std::string surface(text.substr(begin, end_byte - begin));
        bool ascii = true;
        for (unsigned char c : surface) ascii = ascii && c < 0x80;
        std::string key;
        if (ascii) {
            for (char c : surface) key += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        } else {
            key = text::exact_key(surface);
        }
        if (!key.empty()) out.push_back({key, surface, begin_cp, cp});
        begin = std::string_view::npos;
    };
    while (i < text.size()) {
        std::size_t before = i;
        char32_t c = text::decode_utf8(text, i);
        bool letter = u_isalnum(static_cast<UChar32>(c)) ||
                      u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_GENERAL_CATEGORY) == U_NON_SPACING_MARK;
        if (letter) {
            if (begin == std::string_view::npos) begin = before, begin_cp = cp;
        } else {
            flush(before);
        }
        ++cp;
    }
    flush(text.size());
    return out;
}

void require_same(std::string_view text, std::size_t base = 0) {
    auto got = split_words(text, base);
    auto want = reference_split(text, base);
    REQUIRE(got.size() == want.size());
    for (std::size_t k = 0; k < got.size(); ++k) {
        INFO("word " << k << " of: " << text);
        REQUIRE(got[k].key == want[k].key);
        REQUIRE(std::string(got[k].surface) == want[k].surface);
        REQUIRE(got[k].start == want[k].start);
        REQUIRE(got[k].end == want[k].end);
    }
}

}  // namespace

TEST_CASE("split_words: accents, marks, digits, apostrophes, other scripts", "[event]") {
    require_same("L'armée syrienne a repris Deir ez-Zor, le 3 novembre 2017.");
    require_same("ÉTAT ISLAMIQUE — Ālbū Kamāl; القائم; Qa\u2019im; e\u0301te\u0301 (combining marks)", 7);
    require_same("Kyiv\u00A0Київ 2014-го 12h30 Nov. 9, 2017 -- IS");
    require_same("");
    require_same("   ...   ");
    require_same("\u0301\u0301 x");  // marks alone: a word whose key may fold to nothing
    // Invalid and truncated UTF-8: the decoder's replacement, counted as one code point.
    require_same(std::string("ab\xC3") + "cd\xE2\x82" + " \xFF\xFE ok \xF0\x9F\x98");
}

TEST_CASE("split_words: random mixes of ASCII and multi-byte code points", "[event]") {
    const std::vector<std::string> pieces = {"a", "Z", "9", " ", ",", "-", "'", "\n", ".", "é", "É", "\u0301", "ß",
                                             "ق", "\u2019", "\u00A0", "\u2014", "\xC3", "\xE2\x82", "\xF0\x9F\x98\x80"};
    std::mt19937 rng(20261201);
    for (int round = 0; round < 2000; ++round) {
        std::string text;
        std::size_t n = rng() % 40;
        for (std::size_t k = 0; k < n; ++k) text += pieces[rng() % pieces.size()];
        require_same(text, rng() % 5);
    }
}

TEST_CASE("split_words: every article of the event and toponym development sets", "[event]") {
    std::size_t articles = 0;
    for (const char* file : {"/events/dev.jsonl", "/events/heldout.jsonl", "/toponyms/dev.jsonl"})
        io::read_articles(std::string(test::data_dir) + file, {},
                          [&](io::Article&& a) {
                              require_same(a.text);
                              for (const auto& s : split_sentences(a.text)) require_same(s.text, s.start);
                              ++articles;
                          },
                          {});
    CHECK(articles >= 100);
}

TEST_CASE("split_sentences into a reused pool: the same sentences and words as a fresh split", "[event]") {
    // The extractor keeps one pool per thread: a long article, then shorter ones, leave
    // spare sentences (and word vectors) behind that must not leak into the next article.
    std::vector<std::string> texts;
    for (const char* file : {"/events/dev.jsonl", "/toponyms/dev.jsonl"})
        io::read_articles(std::string(test::data_dir) + file, {}, [&](io::Article&& a) { texts.push_back(a.text); }, {});
    REQUIRE(texts.size() >= 100);
    std::vector<Sentence> pool;
    std::size_t compared = 0;
    for (const auto& text : texts) {
        const std::size_t n = split_sentences(text, pool);
        const auto fresh = split_sentences(text);
        REQUIRE(n == fresh.size());
        REQUIRE(pool.size() >= n);
        for (std::size_t s = 0; s < n; ++s) {
            REQUIRE(pool[s].start == fresh[s].start);
            REQUIRE(pool[s].end == fresh[s].end);
            REQUIRE(pool[s].text == fresh[s].text);
            REQUIRE(pool[s].words.size() == fresh[s].words.size());
            for (std::size_t k = 0; k < fresh[s].words.size(); ++k) {
                REQUIRE(pool[s].words[k].key == fresh[s].words[k].key);
                REQUIRE(pool[s].words[k].surface == fresh[s].words[k].surface);
                REQUIRE(pool[s].words[k].start == fresh[s].words[k].start);
                REQUIRE(pool[s].words[k].end == fresh[s].words[k].end);
                REQUIRE_FALSE(pool[s].words[k].filler);
            }
            ++compared;
        }
        // What the extractor does to the words between articles.
        for (std::size_t s = 0; s < n; ++s)
            for (auto& w : pool[s].words) w.filler = true;
    }
    CHECK(compared > texts.size());
    // An empty text after all that: no sentences, whatever the pool holds.
    CHECK(split_sentences("", pool) == 0);
    CHECK(split_sentences("  \n ... \n", pool) == 0);
}
