#include "event/words.hpp"

#include <unicode/uchar.h>

#include <string_view>
#include <unordered_set>

#include "geoevent/text/name_keys.hpp"
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

// exact_key() for the common case of an ASCII word (letters and digits only): lower case.
void word_key(std::string_view surface, std::string& key) {
    bool ascii = true;
    for (unsigned char c : surface) ascii = ascii && c < 0x80;
    if (!ascii) {
        key = text::exact_key(surface);
        return;
    }
    key.resize(surface.size());
    for (std::size_t k = 0; k < surface.size(); ++k) {
        char c = surface[k];
        key[k] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
}

}  // namespace

std::vector<Word> split_words(std::string_view text, std::size_t base) {
    std::vector<Word> words;
    words.reserve(text.size() / 5 + 1);
    std::size_t cp = base;
    std::size_t i = 0;
    std::size_t word_begin = std::string_view::npos, word_start_cp = 0;
    auto flush = [&](std::size_t end_byte) {
        if (word_begin == std::string_view::npos) return;
        Word cur;
        cur.surface = text.substr(word_begin, end_byte - word_begin);
        cur.start = word_start_cp;
        cur.end = cp;
        word_key(cur.surface, cur.key);
        if (!cur.key.empty()) words.push_back(std::move(cur));
        word_begin = std::string_view::npos;
    };
    while (i < text.size()) {
        std::size_t before = i;
        unsigned char b = static_cast<unsigned char>(text[i]);
        bool letter;
        if (b < 0x80) {  // ASCII: no decoding, no ICU
            ++i;
            letter = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
        } else {
            char32_t c = text::decode_utf8(text, i);
            letter = u_isalnum(static_cast<UChar32>(c)) ||
                     u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_GENERAL_CATEGORY) == U_NON_SPACING_MARK;
        }
        if (letter) {
            if (word_begin == std::string_view::npos) word_begin = before, word_start_cp = cp;
        } else {
            flush(before);
        }
        ++cp;
    }
    flush(text.size());
    return words;
}

std::vector<Sentence> split_sentences(std::string_view text) {
    std::vector<Sentence> out;
    std::size_t start_byte = 0, start_cp = 0, cp = 0, i = 0;
    auto emit = [&](std::size_t end_byte, std::size_t end_cp) {
        std::string_view s = text.substr(start_byte, end_byte - start_byte);
        Sentence sent;
        sent.start = start_cp;
        sent.end = end_cp;
        sent.text = s;
        sent.words = split_words(s, start_cp);
        if (!sent.words.empty()) out.push_back(std::move(sent));
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
