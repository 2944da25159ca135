#include "event/words.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <cstring>
#include <functional>
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

bool is_letter(char32_t c) {
    return u_isalnum(static_cast<UChar32>(c)) ||
           u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_GENERAL_CATEGORY) == U_NON_SPACING_MARK;
}

// What an ASCII byte is to the splitter. Bytes 0x80 and up are 0: decoded apart.
enum : unsigned char { kOther = 0, kLower = 1, kUpper = 2, kStop = 4, kNewline = 8 };
constexpr unsigned char kWordChar = kLower | kUpper;  // letters and digits

struct ByteClasses {
    unsigned char of[256] = {};
    constexpr ByteClasses() {
        for (int b = 'a'; b <= 'z'; ++b) of[b] = kLower;
        for (int b = '0'; b <= '9'; ++b) of[b] = kLower;
        for (int b = 'A'; b <= 'Z'; ++b) of[b] = kUpper;
        of[static_cast<unsigned char>('.')] = of[static_cast<unsigned char>('!')] = of[static_cast<unsigned char>('?')] = kStop;
        of[static_cast<unsigned char>('\n')] = kNewline;
    }
};
constexpr ByteClasses byte_class;

}  // namespace

// The keys that are not views into the text (capitals, accents), in chunks that never
// move, so the views handed out stay valid while more keys are added; clear() keeps them.
class TextSplitter::KeyStore {
public:
    std::string_view copy(std::string_view key) {
        char* out = allocate(key.size());
        std::memcpy(out, key.data(), key.size());
        return {out, key.size()};
    }
    std::string_view lower_ascii(std::string_view word) {
        char* out = allocate(word.size());
        text::lower_ascii_alnum(word.data(), word.size(), out);
        return {out, word.size()};
    }
    void clear() noexcept { m_chunk = 0, m_used = 0; }

private:
    static constexpr std::size_t kChunk = 16 * 1024;
    char* allocate(std::size_t n) {
        if (m_chunk == m_chunks.size() || m_used + n > m_chunks[m_chunk].size) next_chunk(n);
        char* out = m_chunks[m_chunk].data.get() + m_used;
        m_used += n;
        return out;
    }
    // Moves on to the first chunk from the current one with room for n, made if none has.
    void next_chunk(std::size_t n) {
        while (m_chunk < m_chunks.size() && m_used + n > m_chunks[m_chunk].size) ++m_chunk, m_used = 0;
        if (m_chunk == m_chunks.size()) {
            const std::size_t size = std::max(kChunk, n);
            m_chunks.push_back({std::unique_ptr<char[]>(new char[size]), size});  // not zeroed: written before read
            m_used = 0;
        }
    }
    struct Chunk {
        std::unique_ptr<char[]> data;
        std::size_t size;
    };
    std::vector<Chunk> m_chunks;
    std::size_t m_chunk = 0, m_used = 0;
};

TextSplitter::TextSplitter() : m_keys(std::make_unique<KeyStore>()) {}
TextSplitter::~TextSplitter() = default;
TextSplitter::TextSplitter(TextSplitter&&) noexcept = default;
TextSplitter& TextSplitter::operator=(TextSplitter&&) noexcept = default;

// News repeats its accented words ("armée", "été", "Kobané"): a direct-mapped cache of
// exact_key() by surface saves most of the folding, which costs far more than a lookup.
const std::string& TextSplitter::fold(std::string_view surface) {
    // Long runs of letters (a text without spaces) are rare and would pin memory: not cached.
    if (surface.size() > kFoldCacheMaxBytes) {
        text::exact_key(surface, m_long_fold);
        return m_long_fold;
    }
    if (m_fold_cache.empty()) m_fold_cache.resize(kFoldCacheSlots);
    FoldSlot& slot = m_fold_cache[std::hash<std::string_view>()(surface) & (kFoldCacheSlots - 1)];
    if (!slot.used || slot.surface != surface) {
        slot.surface.assign(surface);
        text::exact_key(surface, slot.key);
        slot.used = true;
    }
    return slot.key;
}

std::span<Sentence> TextSplitter::sentences(std::string_view text) {
    split<true>(text, 0);
    return m_sentences;
}

std::span<Word> TextSplitter::words(std::string_view text, std::size_t base) {
    split<false>(text, base);
    return m_words;
}

// One pass over the text finds both the words (runs of letters and digits: ASCII through
// a byte table, other code points by ICU) and the sentence ends: a line break, or . ! ?
// followed by a space and a capital, « or " (not "Nov. 9"), or by the end of the text.
// Words never hold those characters, so each word falls inside one sentence, and a
// sentence's words are the same as splitting its text alone. A lower-case ASCII word is
// its own key (a view into the text); a word with capitals gets its lower case, a word
// with other code points exact_key() (dropped when that folds to nothing).
template <bool kSentences>
void TextSplitter::split(std::string_view text, std::size_t base) {
    m_words.clear();
    m_sentences.clear();
    m_first_word.clear();
    m_keys->clear();
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t cp = base, i = 0;
    std::size_t sentence_byte = 0, sentence_cp = base, sentence_word = 0;
    auto end_sentence = [&](std::size_t end_byte, std::size_t end_cp) {
        if (m_words.size() > sentence_word) {
            Sentence& s = m_sentences.emplace_back();
            s.start = sentence_cp;
            s.end = end_cp;
            s.text = text.substr(sentence_byte, end_byte - sentence_byte);
            m_first_word.push_back(sentence_word);
        }
        sentence_byte = end_byte;
        sentence_cp = end_cp;
        sentence_word = m_words.size();
    };
    while (i < n) {
        const unsigned char b = bytes[i];
        if (b < 0x80) {
            const unsigned char cls = byte_class.of[b];
            if (!(cls & kWordChar)) {
                ++i, ++cp;
                if constexpr (kSentences) {
                    if (cls == kNewline) {
                        end_sentence(i, cp);
                    } else if (cls == kStop) {
                        bool boundary = false;
                        if (i < n && bytes[i] == ' ') {
                            std::size_t k = i + 1;
                            if (k < n) {
                                const unsigned char nb = bytes[k];
                                if (nb < 0x80) {
                                    boundary = (nb >= 'A' && nb <= 'Z') || nb == '"';
                                } else {
                                    const char32_t next = text::decode_utf8(text, k);
                                    boundary = u_isupper(static_cast<UChar32>(next)) || next == 0x00AB;
                                }
                            }
                        } else if (i >= n) {
                            boundary = true;
                        }
                        if (boundary) end_sentence(i, cp);
                    }
                }
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
        unsigned char classes = 0;
        while (i < n) {
            if (bytes[i] < 0x80) {
                // A run of ASCII letters and digits: one byte, one code point each.
                const std::size_t run = i;
                unsigned char cls;
                while (i < n && ((cls = byte_class.of[bytes[i]]) & kWordChar)) classes |= cls, ++i;
                cp += i - run;
                if (i < n && bytes[i] < 0x80) break;
            } else {
                std::size_t next = i;
                if (!is_letter(text::decode_utf8(text, next))) break;
                ascii = false;
                i = next, ++cp;
            }
        }
        const std::string_view surface = text.substr(begin, i - begin);
        std::string_view key;
        if (ascii) {
            key = classes & kUpper ? m_keys->lower_ascii(surface) : surface;
        } else {
            const std::string& folded = fold(surface);
            if (folded.empty()) continue;
            key = m_keys->copy(folded);
        }
        Word& w = m_words.emplace_back();
        w.key = key;
        w.surface = surface;
        w.start = begin_cp;
        w.end = cp;
    }
    if constexpr (kSentences) {
        if (sentence_byte < n) end_sentence(n, cp);
        // The words no longer move: each sentence gets its slice.
        for (std::size_t s = 0; s < m_sentences.size(); ++s) {
            const std::size_t first = m_first_word[s];
            const std::size_t last = s + 1 < m_sentences.size() ? m_first_word[s + 1] : m_words.size();
            m_sentences[s].words = std::span<Word>(m_words.data() + first, last - first);
        }
    }
}

Phrase to_phrase(std::string_view text) {
    Phrase p;
    thread_local TextSplitter splitter;  // one per lexicon phrase otherwise
    for (auto& w : splitter.words(text)) p.emplace_back(w.key);
    return p;
}

bool matches_at(std::span<const Word> words, std::size_t i, const Phrase& phrase, std::string_view acronym) {
    if (phrase.empty() || i + phrase.size() > words.size()) return false;
    for (std::size_t k = 0; k < phrase.size(); ++k)
        if (words[i + k].key != phrase[k]) return false;
    if (!acronym.empty() && words[i].surface != acronym) return false;
    return true;
}

}  // namespace geoevent::event::detail
