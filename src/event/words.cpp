#include "event/words.hpp"

#include <unicode/uchar.h>

#include <string_view>
#include <unordered_set>

#include "geoevent/text/name_keys.hpp"
#include "text/ascii_lower.hpp"
#include "text/utf8.hpp"

namespace geoevent::event::detail {

const std::unordered_set<std::string_view>& filler_keys() {
    static const std::unordered_set<std::string_view> f = {
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "soir", "matin", "nuit", "apres", "midi", "dernier", "derniere",
        "hier", "recemment", "deja", "finalement", "aussi", "egalement", "total", "totale", "totalement",
        "entierement", "completement", "integralement", "officiellement", "enfin", "toutefois", "desormais",
        "rapidement", "full", "fully", "completely", "entirely", "also", "finally", "recently", "now", "yesterday",
        "officially", "reportedly", "quickly", "largely", "effectively", "partially", "partiellement", "back",
        "nouveau", "again", "tot"};
    return f;
}

bool is_filler_key(std::string_view key) { return filler_keys().count(key) > 0; }

namespace {

constexpr bool is_ascii_alnum(unsigned char b) noexcept {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
}

bool is_letter(char32_t c) {
    return u_isalnum(static_cast<UChar32>(c)) ||
           u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_GENERAL_CATEGORY) == U_NON_SPACING_MARK;
}

}  // namespace

// Per byte: 1 for an ASCII letter or digit (0 for every other byte, multi-byte UTF-8 included).
struct AlnumTable {
    unsigned char alnum[256] = {};
    constexpr AlnumTable() {
        for (int b = 0; b < 128; ++b) alnum[b] = is_ascii_alnum(static_cast<unsigned char>(b)) ? 1 : 0;
    }
};
constexpr AlnumTable alnum_table;

// Runs of letters and digits (ASCII without decoding, other code points by ICU). Each word
// is built in place in the vector; an ASCII word's key is its lower case (what exact_key()
// gives), computed without the Unicode folding.
void split_words(std::string_view text, std::size_t base, std::vector<Word>& words) {
    words.clear();
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t cp = base, i = 0;
    while (i < n) {
        if (bytes[i] < 0x80) {
            if (!alnum_table.alnum[bytes[i]]) {
                ++i, ++cp;
                continue;
            }
        } else {
            std::size_t next = i;
            if (!is_letter(text::decode_utf8(text, next))) {
                i = next, ++cp;
                continue;
            }
        }
        const std::size_t begin = i, begin_cp = cp;
        bool ascii = true;
        while (i < n) {
            if (bytes[i] < 0x80) {
                // A run of ASCII letters and digits: one byte, one code point each.
                const std::size_t run = i;
                while (i < n && alnum_table.alnum[bytes[i]]) ++i;
                cp += i - run;
                if (i < n && bytes[i] < 0x80) break;
            } else {
                std::size_t next = i;
                if (!is_letter(text::decode_utf8(text, next))) break;
                ascii = false;
                i = next, ++cp;
            }
        }
        Word& w = words.emplace_back();
        w.surface = text.substr(begin, i - begin);
        w.start = begin_cp;
        w.end = cp;
        if (ascii) {
            w.key.resize(w.surface.size());
            text::lower_ascii_alnum(w.surface.data(), w.surface.size(), w.key.data());
        } else {
            w.key = text::exact_key(w.surface);
            if (w.key.empty()) words.pop_back();
        }
    }
}

std::vector<Word> split_words(std::string_view text, std::size_t base) {
    std::vector<Word> words;
    words.reserve(text.size() / 5 + 1);
    split_words(text, base, words);
    return words;
}

std::size_t split_sentences(std::string_view text, std::vector<Sentence>& pool) {
    std::size_t used = 0;
    std::size_t start_byte = 0, start_cp = 0, cp = 0, i = 0;
    auto emit = [&](std::size_t end_byte, std::size_t end_cp) {
        if (used == pool.size()) pool.emplace_back();
        Sentence& sent = pool[used];
        sent.start = start_cp;
        sent.end = end_cp;
        sent.text = text.substr(start_byte, end_byte - start_byte);
        split_words(sent.text, start_cp, sent.words);
        if (!sent.words.empty()) ++used;
    };
    while (i < text.size()) {
        unsigned char b = static_cast<unsigned char>(text[i]);
        char32_t c = b < 0x80 ? (++i, static_cast<char32_t>(b)) : text::decode_utf8(text, i);
        ++cp;
        bool boundary = false;
        if (c == '\n') {
            boundary = true;
        } else if (c == '.' || c == '!' || c == '?') {
            // A sentence ends at the stop followed by a space and a capital (not "Nov. 9").
            std::size_t j = i;
            if (j < text.size() && text[j] == ' ') {
                std::size_t k = j + 1;
                char32_t next = k < text.size() ? text::decode_utf8(text, k) : 0;
                boundary = u_isupper(static_cast<UChar32>(next)) || next == 0x00AB || next == '"';
            } else if (j >= text.size()) {
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
    return used;
}

std::vector<Sentence> split_sentences(std::string_view text) {
    std::vector<Sentence> out;
    out.resize(split_sentences(text, out));
    return out;
}

Phrase to_phrase(std::string_view text) {
    Phrase p;
    for (auto& w : split_words(text)) p.push_back(w.key);
    return p;
}

bool matches_at(const std::vector<Word>& words, std::size_t i, const Phrase& phrase, std::string_view acronym) {
    if (phrase.empty() || i + phrase.size() > words.size()) return false;
    for (std::size_t k = 0; k < phrase.size(); ++k)
        if (words[i + k].key != phrase[k]) return false;
    if (!acronym.empty() && words[i].surface != acronym) return false;
    return true;
}

}  // namespace geoevent::event::detail
