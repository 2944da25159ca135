#include "event/words.hpp"

#include <unicode/uchar.h>

#include "geoevent/text/name_keys.hpp"
#include "text/utf8.hpp"

namespace geoevent::event::detail {

std::vector<Word> split_words(std::string_view text, std::size_t base) {
    std::vector<Word> words;
    std::size_t cp = base;
    std::size_t i = 0;
    Word cur;
    auto flush = [&] {
        if (!cur.surface.empty()) {
            cur.key = text::exact_key(cur.surface);
            if (!cur.key.empty()) words.push_back(std::move(cur));
        }
        cur = Word{};
    };
    while (i < text.size()) {
        std::size_t before = i;
        char32_t c = text::decode_utf8(text, i);
        bool letter = u_isalnum(static_cast<UChar32>(c)) ||
                      u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_GENERAL_CATEGORY) == U_NON_SPACING_MARK;
        if (letter) {
            if (cur.surface.empty()) cur.start = cp;
            cur.surface.append(text.substr(before, i - before));
            cur.end = cp + 1;
        } else {
            flush();
        }
        ++cp;
    }
    flush();
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
        sent.text = std::string(s);
        sent.words = split_words(s, start_cp);
        if (!sent.words.empty()) out.push_back(std::move(sent));
    };
    while (i < text.size()) {
        char32_t c = text::decode_utf8(text, i);
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
