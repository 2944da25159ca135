// TextSplitter against the plain splitters it replaced (decode every code point, ask ICU,
// build each word apart; sentences found first, then each one's words): the event stage's
// words and sentences, and so its output, must not change when the splitter gets faster.
#include <catch2/catch.hpp>
#include <unicode/uchar.h>

#include <algorithm>
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

struct RefSentence {
    std::size_t start, end;
    std::string_view text;
    std::vector<RefWord> words;
};

// The sentence splitter of round 5: a line break, or . ! ? followed by a space and a
// capital, « or " (or by the end of the text); sentences without words are dropped.
std::vector<RefSentence> reference_sentences(std::string_view text) {
    std::vector<RefSentence> out;
    std::size_t start_byte = 0, start_cp = 0, cp = 0, i = 0;
    auto emit = [&](std::size_t end_byte, std::size_t end_cp) {
        RefSentence s{start_cp, end_cp, text.substr(start_byte, end_byte - start_byte), {}};
        s.words = reference_split(s.text, start_cp);
        if (!s.words.empty()) out.push_back(std::move(s));
    };
    while (i < text.size()) {
        char32_t c = text::decode_utf8(text, i);
        ++cp;
        bool boundary = c == '\n';
        if (c == '.' || c == '!' || c == '?') {
            if (i < text.size() && text[i] == ' ') {
                std::size_t k = i + 1;
                char32_t next = k < text.size() ? text::decode_utf8(text, k) : 0;
                boundary = u_isupper(static_cast<UChar32>(next)) || next == 0x00AB || next == '"';
            } else if (i >= text.size()) {
                boundary = true;
            }
        }
        if (boundary) {
            emit(i, cp);
            start_byte = i;
            start_cp = cp;
        }
    }
    if (start_byte < text.size()) emit(text.size(), cp);
    return out;
}

template <class Words>
void require_same_words(std::string_view text, const Words& got, const std::vector<RefWord>& want) {
    REQUIRE(got.size() == want.size());
    for (std::size_t k = 0; k < got.size(); ++k) {
        INFO("word " << k << " of: " << text);
        REQUIRE(got[k].key == want[k].key);
        REQUIRE(std::string(got[k].surface) == want[k].surface);
        REQUIRE(got[k].start == want[k].start);
        REQUIRE(got[k].end == want[k].end);
        REQUIRE_FALSE(got[k].filler);
    }
}

void require_same(std::string_view text, std::size_t base = 0) {
    TextSplitter splitter;
    require_same_words(text, splitter.words(text, base), reference_split(text, base));
}

// The sentences of `splitter` (reused or fresh) against the reference, word by word.
void require_same_sentences(std::string_view text, TextSplitter& splitter) {
    const auto got = splitter.sentences(text);
    const auto want = reference_sentences(text);
    REQUIRE(got.size() == want.size());
    std::size_t words = 0;
    for (std::size_t s = 0; s < got.size(); ++s) {
        INFO("sentence " << s << " of: " << text);
        REQUIRE(got[s].start == want[s].start);
        REQUIRE(got[s].end == want[s].end);
        REQUIRE(got[s].text == want[s].text);
        require_same_words(text, got[s].words, want[s].words);
        // Sentences are consecutive slices of all_words().
        REQUIRE(got[s].words.data() == splitter.all_words().data() + words);
        words += got[s].words.size();
    }
    REQUIRE(words == splitter.all_words().size());
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
        TextSplitter splitter;
        require_same_sentences(text, splitter);
    }
}

TEST_CASE("split_words: every article of the event and toponym development sets", "[event]") {
    std::size_t articles = 0;
    for (const char* file : {"/events/dev.jsonl", "/events/heldout.jsonl", "/toponyms/dev.jsonl"})
        io::read_articles(std::string(test::data_dir) + file, {},
                          [&](io::Article&& a) {
                              require_same(a.text);
                              TextSplitter splitter;
                              require_same_sentences(a.text, splitter);
                              for (const auto& s : splitter.sentences(a.text)) {
                                  // Copied out: require_same splits with a splitter of its own.
                                  const std::string sentence(s.text);
                                  require_same(sentence, s.start);
                              }
                              ++articles;
                          },
                          {});
    CHECK(articles >= 100);
}

TEST_CASE("TextSplitter reused across texts: the same sentences and words as the reference", "[event]") {
    // The extractor keeps one splitter per thread: a long article, then shorter ones, leave
    // spare capacity (and keys in the key store) behind that must not leak into the next text.
    std::vector<std::string> texts;
    for (const char* file : {"/events/dev.jsonl", "/toponyms/dev.jsonl"})
        io::read_articles(std::string(test::data_dir) + file, {}, [&](io::Article&& a) { texts.push_back(a.text); }, {});
    REQUIRE(texts.size() >= 100);
    // Long texts of capitalised and accented words fill more than one chunk of the key store.
    std::string long_text;
    for (int k = 0; k < 3000; ++k) long_text += k % 2 ? "Élysée Mossoul. " : "ARMÉE Kobané, ";
    texts.insert(texts.begin() + 10, long_text);
    // Accented words longer than the fold cache takes, and the same surface in and out of it.
    std::string long_word;
    for (int k = 0; k < 30; ++k) long_word += "Éé";
    texts.push_back(long_word + " " + long_word + "x. Été " + long_word + " été ÉTÉ");
    std::mt19937 rng(5);
    std::shuffle(texts.begin(), texts.end(), rng);
    TextSplitter splitter;
    for (const auto& text : texts) {
        require_same_sentences(text, splitter);
        // What the extractor does to the words between articles.
        for (auto& w : splitter.all_words()) w.filler = true;
        // Interleaved word splits of another text must not disturb the next sentence split.
        require_same_words(text, splitter.words(text, 3), reference_split(text, 3));
    }
    // An empty text after all that: no sentences, whatever the buffers hold.
    CHECK(splitter.sentences("").empty());
    CHECK(splitter.sentences("  \n ... \n").empty());
    CHECK(splitter.all_words().empty());
}

TEST_CASE("TextSplitter: keys are views into the text only for lower-case ASCII words", "[event]") {
    const std::string text = "les forces Irakiennes ont repris Mossoul, l'ÉTAT 2017 x";
    TextSplitter splitter;
    const auto words = splitter.words(text);
    REQUIRE(words.size() == 10);
    const auto inside = [&](std::string_view v) { return v.data() >= text.data() && v.data() < text.data() + text.size(); };
    for (const auto& w : words) {
        const bool lower_ascii = std::all_of(w.surface.begin(), w.surface.end(),
                                             [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
        CHECK(inside(w.key) == lower_ascii);
    }
    CHECK(words[2].key == "irakiennes");
    CHECK(words[7].key == "etat");
}
