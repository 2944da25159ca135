#include "geoevent/text/name_keys.hpp"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <mutex>

#include "text/utf8.hpp"

// Loose-key (consonant skeleton) rules, applied per word to the flat Latin form:
//
//   1. Articles (al el ad ar as az ash ed ez es er at an ul ud uz le la les l) are dropped
//      when they stand as a whole word before another word; Arabic ال was already cut from
//      words of 4+ letters before transliteration.
//   2. A word-final h after a vowel goes (Rawah = Rawa, Falloujah = Fallujah): it is the
//      ta marbuta / French-English ending, not a consonant.
//   3. Spelling conventions are unified: ch -> sh (French), kh -> k, gh -> g, dh -> z,
//      th -> t, ph -> f, dj -> j, q -> k, c -> k, x -> ks.
//   4. Vowels a e i o u are dropped. y and w are consonants only before a vowel
//      (Rawa -> rw, Bayat -> byt) and dropped otherwise, because then they are the second
//      half of a diphthong or a long vowel (Dayr = Deir, Zawr = Zour, Arabic و/ي as ū/ī).
//   5. Words are concatenated and doubled ASCII consonants collapsed (Raqqa -> rk,
//      Ezzor -> zr, Abu Bakr = Abubakr).
//   6. A second key drops a leading "al"/"el" glued to the first word (Albu Kamal ->
//      "bu kamal"), since glued articles cannot be told from stems with certainty. It is
//      kept only with 2+ characters: a one-consonant key (Alep -> "p") would pull in
//      thousands of unrelated candidates.
//   7. A name whose skeleton is empty (only vowels) uses its flat key instead, so every
//      name with letters has a key.
//
// Arabic script goes through ICU's "Arabic-Latin" transliterator, which is a strict
// letter-for-letter romanisation: no short vowels, ạ for alef, digraphs as s+U+1E96 (ẖ),
// ẗ for ta marbuta, y̱ for alef maqsura. Decomposition then turns ẖ into h (sẖ -> sh) and
// strips the dots, so its output folds to the same Latin as news spellings, except:
//   - ة and ى are mapped to ا before ICU, because ẗ -> t would make راوة "rawt", while
//     every Latin convention writes the ending as a/ah;
//   - ع is mapped to "a" before ICU, whose ʿ would fold to nothing (see emit_special);
//   - Kurdish/Urdu letters ICU leaves untouched (ۆ ێ ە ڕ ڵ ٹ ڈ ڑ ں …) are mapped before
//     ICU to Latin vowels or to the Arabic letter with the same sound.

namespace geoevent::text::detail {
namespace {

enum class Mode {
    exact,      // Arabic stays Arabic, ة -> ه, ى -> ي
    words,      // input of the Latin pipeline: l' elision split, Arabic prepared for ICU
    romanized,  // ICU's romanisation of Arabic: like words, but ʿ and ʾ never split
};

constexpr bool is_ascii_alnum(unsigned char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

constexpr char ascii_lower(unsigned char c) noexcept {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
}

constexpr bool is_vowel(char c) noexcept {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

// Apostrophes, ʿayn and hamza signs are removed rather than turned into spaces: they sit
// inside words (Qa'im, ʿAyn), and spellings with and without them must meet.
constexpr bool is_apostrophe_like(UChar32 c) noexcept {
    switch (c) {
        case 0x0027: case 0x0060: case 0x00B4: case 0x2018: case 0x2019: case 0x201B:
        case 0x2032: case 0x02B9: case 0x02BB: case 0x02BC: case 0x02BD: case 0x02BE:
        case 0x02BF: case 0xA78B: case 0xA78C: case 0xFF07:
            return true;
        default:
            return false;
    }
}

constexpr bool in_arabic_blocks(UChar32 c) noexcept {
    return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
           (c >= 0x0870 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
           (c >= 0xFE70 && c <= 0xFEFF) || (c >= 0x1EE00 && c <= 0x1EEFF);
}

bool is_arabic_letter(UChar32 c) noexcept {
    return in_arabic_blocks(c) && c != 0x0640 && (U_GET_GC_MASK(c) & U_GC_L_MASK) != 0;
}

bool is_mark_to_drop(UChar32 c) noexcept {
    // Spacing marks (Mc) stay: in Indic scripts they are vowels, not diacritics.
    return (U_GET_GC_MASK(c) & (U_GC_MN_MASK | U_GC_ME_MASK)) != 0;
}

void append_utf8(std::string& out, UChar32 c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

// ICU singletons. Normalizer2 instances are owned by ICU and immutable, hence shareable.
struct Normalizers {
    const icu::Normalizer2* nfkc_cf = nullptr;
    const icu::Normalizer2* nfd = nullptr;
};

const Normalizers& normalizers() {
    static const Normalizers n = [] {
        Normalizers r;
        UErrorCode status = U_ZERO_ERROR;
        r.nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
        if (U_FAILURE(status)) r.nfkc_cf = nullptr;
        status = U_ZERO_ERROR;
        r.nfd = icu::Normalizer2::getNFDInstance(status);
        if (U_FAILURE(status)) r.nfd = nullptr;
        return r;
    }();
    return n;
}

// Transliterator::transliterate mutates per-instance state, so each thread gets its own
// clone of one prototype. The prototype is leaked on purpose: clones may share its rule
// data, and a thread could still be running while static destructors execute.
icu::Transliterator* arabic_latin() {
    static std::mutex clone_mutex;
    static icu::Transliterator* const prototype = [] {
        UErrorCode status = U_ZERO_ERROR;
        icu::Transliterator* t = icu::Transliterator::createInstance(
            icu::UnicodeString("Arabic-Latin", -1, US_INV), UTRANS_FORWARD, status);
        if (U_FAILURE(status)) {
            delete t;
            return static_cast<icu::Transliterator*>(nullptr);
        }
        return t;
    }();
    if (prototype == nullptr) return nullptr;
    thread_local std::unique_ptr<icu::Transliterator> mine = [] {
        std::lock_guard<std::mutex> lock(clone_mutex);
        return std::unique_ptr<icu::Transliterator>(prototype->clone());
    }();
    return mine.get();
}

// Builds the space-separated output: letters appended, any other character only
// remembered as a pending separator, so runs collapse and the ends are trimmed for free.
class Emitter {
public:
    Emitter(std::string& out, Mode mode) : m_out(out), m_mode(mode) { m_out.clear(); }

    void letter(UChar32 c) {
        start_letter();
        append_utf8(m_out, c);
        if (in_arabic_blocks(c)) m_arabic = true;
    }
    void letters(const char* ascii) {
        while (*ascii) letter(static_cast<unsigned char>(*ascii++));
    }
    // One byte of an already folded UTF-8 letter (fast tables); ' ' is a separator.
    void folded_byte(char b) {
        if (b == ' ') {
            m_pending = true;
            return;
        }
        if (static_cast<unsigned char>(b) < 0x80 || (static_cast<unsigned char>(b) & 0xC0) != 0x80)
            start_letter();
        m_out.push_back(b);
    }
    void separator() { m_pending = true; }
    // Apostrophes vanish, except French elision: "l'Irak" must become "l irak" so that the
    // article can be dropped, while "Qa'im" stays one word.
    void apostrophe() {
        if (m_mode == Mode::words && !m_pending && m_out.size() == m_word_begin + 1 &&
            m_out[m_word_begin] == 'l')
            m_pending = true;
    }
    void mark_arabic() { m_arabic = true; }
    bool saw_arabic() const { return m_arabic; }
    Mode mode() const { return m_mode; }

private:
    void start_letter() {
        if (m_pending || m_out.empty()) {
            if (m_pending && !m_out.empty()) m_out.push_back(' ');
            m_word_begin = m_out.size();
        }
        m_pending = false;
    }

    std::string& m_out;
    Mode m_mode;
    std::size_t m_word_begin = 0;
    bool m_pending = false;
    bool m_arabic = false;
};

// Letters that have no canonical decomposition but that readers treat as a base letter
// plus decoration, and Arabic-script letters unified per mode. Returns false when `c`
// was not handled here.
bool emit_special(UChar32 c, Emitter& e) {
    const bool exact = e.mode() == Mode::exact;
    switch (c) {
        case 0x00F8: e.letter('o'); return true;         // ø
        case 0x00E6: e.letters("ae"); return true;       // æ
        case 0x0153: e.letters("oe"); return true;       // œ
        case 0x0111: case 0x00F0: e.letter('d'); return true;  // đ ð
        case 0x00FE: e.letters("th"); return true;       // þ
        case 0x0142: e.letter('l'); return true;         // ł
        case 0x0131: e.letter('i'); return true;         // dotless ı
        case 0x0127: e.letter('h'); return true;         // ħ
        case 0x0167: e.letter('t'); return true;         // ŧ
        case 0x0259: e.letter('e'); return true;         // ə (Azerbaijani)
        case 0x0640: return true;                        // tatweel: pure elongation
        case 0x0671: case 0x0672: case 0x0673: e.letter(0x0627); return true;  // alef variants
        // The readers of names do not distinguish these; keyboards and regions do.
        case 0x0629: case 0x06C3: e.letter(exact ? 0x0647 : 0x0627); return true;  // ة
        case 0x0649: e.letter(exact ? 0x064A : 0x0627); return true;               // ى
        case 0x06CC: case 0x06D2: case 0x06CD: e.letter(0x064A); return true;  // Farsi/Urdu yeh
        case 0x06A9: case 0x06AA: e.letter(0x0643); return true;               // keheh -> kaf
        case 0x06BE: case 0x06C1: e.letter(0x0647); return true;               // heh forms
        default: break;
    }
    if (exact) return false;
    // ICU's Arabic-Latin leaves these Kurdish/Urdu letters untouched; ع it writes as ʿ,
    // which folds to nothing, while news spellings write it as a vowel (ʿIrāq = Iraq,
    // ʿAyn = Ain): as "a" the flat forms stay close (العراق -> araq, not raq).
    switch (c) {
        case 0x0639: e.letter('a'); return true;                       // ع
        case 0x06C6: e.letter('o'); return true;                       // ۆ
        case 0x06C7: case 0x06C8: case 0x06C9: e.letter('u'); return true;  // ۇ ۈ ۉ
        case 0x06CE: case 0x06D0: case 0x06D5: e.letter('e'); return true;  // ێ ې ە
        case 0x0695: case 0x0691: e.letter(0x0631); return true;       // ڕ ڑ -> ر
        case 0x06B5: e.letter(0x0644); return true;                    // ڵ -> ل
        case 0x0679: e.letter(0x062A); return true;                    // ٹ -> ت
        case 0x0688: e.letter(0x062F); return true;                    // ڈ -> د
        case 0x06BA: e.letter(0x0646); return true;                    // ں -> ن
        case 0x067B: e.letter(0x0628); return true;                    // ٻ -> ب
        case 0x06AB: e.letter(0x06AF); return true;                    // ګ -> گ
        default: return false;
    }
}

// Apostrophes are replaced by this private-use character before normalisation (NFKC
// would turn ´ into a space plus a mark) and resolved after it, once the word they
// follow is known. A genuine U+E000 in a name is taken for an apostrophe.
constexpr UChar32 kApostropheSentinel = 0xE000;

void emit_base(UChar32 c, Emitter& e) {
    if (c < 0x80) {
        if (is_ascii_alnum(static_cast<unsigned char>(c))) {
            e.letter(ascii_lower(static_cast<unsigned char>(c)));
        } else if (c == '\'' || c == '`') {
            e.apostrophe();
        } else {
            e.separator();
        }
        return;
    }
    if (c == kApostropheSentinel) {
        e.apostrophe();
        return;
    }
    // ʿ and ʾ in ICU's romanisation are letters of the name, never an elision.
    if (is_mark_to_drop(c) || is_apostrophe_like(c)) return;
    if (emit_special(c, e)) return;
    std::uint32_t mask = U_GET_GC_MASK(c);
    if (mask & U_GC_ND_MASK) {
        // Arabic-Indic and other decimal digits meet their ASCII spelling.
        e.letter('0' + u_charDigitValue(c));
    } else if (mask & (U_GC_L_MASK | U_GC_MC_MASK | U_GC_N_MASK)) {
        e.letter(c);
    } else {
        e.separator();
    }
}

// The normalised text is in NFKC (composed) form; marks are removed by looking at each
// character's canonical decomposition instead of decomposing the whole string, so that
// characters whose decomposition carries no mark (Hangul syllables) stay composed.
void emit_folded(UChar32 c, Emitter& e, const icu::Normalizer2* nfd) {
    if (c >= 0xC0 && nfd != nullptr && !is_mark_to_drop(c)) {
        thread_local icu::UnicodeString decomposition;
        if (nfd->getDecomposition(c, decomposition)) {
            bool had_mark = false;
            for (int32_t i = 0; i < decomposition.length() && !had_mark;) {
                UChar32 d = decomposition.char32At(i);
                had_mark = is_mark_to_drop(d);
                i += U16_LENGTH(d);
            }
            if (had_mark) {
                for (int32_t i = 0; i < decomposition.length();) {
                    UChar32 d = decomposition.char32At(i);
                    emit_base(d, e);
                    i += U16_LENGTH(d);
                }
                return;
            }
        }
    }
    emit_base(c, e);
}

// The reference path, through ICU normalisation. `compatibility` = false skips NFKC and
// case folding, for ICU's romanisation, which is lower-case, composed and plain.
// Returns whether Arabic letters are in the output.
bool fold_icu(const icu::UnicodeString& src, Mode mode, std::string& out,
              bool compatibility = true) {
    const Normalizers& n = normalizers();
    thread_local icu::UnicodeString normalized;
    const icu::UnicodeString* text = &src;
    if (compatibility && n.nfkc_cf != nullptr) {
        UErrorCode status = U_ZERO_ERROR;
        n.nfkc_cf->normalize(src, normalized, status);
        if (U_SUCCESS(status)) text = &normalized;
    }
    Emitter e(out, mode);
    const char16_t* p = text->getBuffer();
    const int32_t length = text->length();
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U16_NEXT(p, i, length, c);
        emit_folded(c, e, n.nfd);
    }
    return e.saw_arabic();
}

bool fold_icu_utf8(std::string_view in, Mode mode, std::string& out) {
    thread_local std::u16string src;
    src.clear();
    for (std::size_t i = 0; i < in.size();) {
        char32_t cp = decode_utf8(in, i);
        // A bad byte decodes as U+FFFD over one byte; a real U+FFFD is noise too.
        if (cp == 0xFFFD) continue;
        if (is_apostrophe_like(static_cast<UChar32>(cp))) cp = kApostropheSentinel;
        if (cp < 0x10000) {
            src.push_back(static_cast<char16_t>(cp));
        } else {
            src.push_back(static_cast<char16_t>(U16_LEAD(cp)));
            src.push_back(static_cast<char16_t>(U16_TRAIL(cp)));
        }
    }
    const icu::UnicodeString alias(false, src.data(), static_cast<int32_t>(src.size()));
    return fold_icu(alias, mode, out);
}

// Fast path: what fold_icu does to a single character, tabulated for the blocks where
// almost all names live (Latin with diacritics, Greek, Cyrillic, Arabic), so those names
// skip ICU normalisation. The table is computed by fold_icu itself, so both paths agree;
// this is exact because every mark is dropped anyway, which makes the composition step of
// NFKC irrelevant and leaves a per-character mapping.
struct FastEntry {
    std::uint8_t size = 0xFF;  // 0xFF: not tabulated, take the ICU path
    bool arabic = false;
    char bytes[6] = {};        // folded UTF-8; ' ' is a separator
};

struct FastTable {
    static constexpr UChar32 kLowEnd = 0x0700, kExtBegin = 0x1E00, kExtEnd = 0x1F00;
    std::array<FastEntry, kLowEnd - 0x80> low;
    std::array<FastEntry, kExtEnd - kExtBegin> ext;

    const FastEntry* find(UChar32 c) const {
        if (c >= 0x80 && c < kLowEnd) return &low[c - 0x80];
        if (c >= kExtBegin && c < kExtEnd) return &ext[c - kExtBegin];
        return nullptr;
    }
};

FastEntry tabulate(UChar32 c, Mode mode) {
    FastEntry entry;
    if (is_apostrophe_like(c) || (c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFD) return entry;
    // Framed by letters so that a separator or a removal is visible in the result.
    icu::UnicodeString probe;
    probe.append(static_cast<UChar>('a')).append(c).append(static_cast<UChar>('a'));
    std::string folded;
    fold_icu(probe, mode, folded);
    if (folded.size() < 2 || folded.front() != 'a' || folded.back() != 'a') return entry;
    std::string_view middle = std::string_view(folded).substr(1, folded.size() - 2);
    if (middle.size() > sizeof entry.bytes) return entry;
    std::copy(middle.begin(), middle.end(), entry.bytes);
    entry.size = static_cast<std::uint8_t>(middle.size());
    for (std::size_t i = 0; i < middle.size();) {
        if (in_arabic_blocks(static_cast<UChar32>(decode_utf8(middle, i)))) entry.arabic = true;
    }
    return entry;
}

FastTable build_fast_table(Mode mode) {
    FastTable t;
    for (UChar32 c = 0x80; c < FastTable::kLowEnd; ++c) t.low[c - 0x80] = tabulate(c, mode);
    for (UChar32 c = FastTable::kExtBegin; c < FastTable::kExtEnd; ++c)
        t.ext[c - FastTable::kExtBegin] = tabulate(c, mode);
    return t;
}

const FastTable& fast_table(Mode mode) {
    // Mode::romanized folds like Mode::words; only apostrophes differ, and they are not
    // tabulated.
    static const FastTable exact = build_fast_table(Mode::exact);
    static const FastTable words = build_fast_table(Mode::words);
    return mode == Mode::exact ? exact : words;
}

// Returns false (with `out` in an unspecified state) when a character is not tabulated.
template <typename NextCodePoint>
bool fold_fast(NextCodePoint&& next, Mode mode, std::string& out, bool& arabic) {
    const FastTable& table = fast_table(mode);
    Emitter e(out, mode);
    UChar32 c;
    while (next(c)) {
        if (c < 0x80) {
            emit_base(c, e);
            continue;
        }
        if (is_apostrophe_like(c)) {
            e.apostrophe();
            continue;
        }
        if (c == 0xFFFD) continue;  // invalid input byte
        const FastEntry* entry = table.find(c);
        if (entry == nullptr || entry->size == 0xFF) return false;
        for (std::uint8_t k = 0; k < entry->size; ++k) e.folded_byte(entry->bytes[k]);
        if (entry->arabic) e.mark_arabic();
    }
    arabic = e.saw_arabic();
    return true;
}

bool fold_ascii(std::string_view in, Mode mode, std::string& out) {
    out.clear();
    bool pending = false;
    std::size_t word_begin = 0;
    for (char ch : in) {
        auto c = static_cast<unsigned char>(ch);
        if (is_ascii_alnum(c)) {
            if (pending && !out.empty()) out.push_back(' ');
            if (pending || out.empty()) word_begin = out.size();
            pending = false;
            out.push_back(ascii_lower(c));
        } else if (c == '\'' || c == '`') {
            if (mode == Mode::words && !pending && out.size() == word_begin + 1 &&
                out[word_begin] == 'l')
                pending = true;
        } else {
            pending = true;
        }
    }
    return false;
}

bool is_all_ascii(std::string_view s) noexcept {
    unsigned char acc = 0;
    for (char ch : s) acc |= static_cast<unsigned char>(ch);
    return acc < 0x80;
}

// UTF-8 in, folded space-separated words out; returns whether Arabic letters remain.
bool fold(std::string_view in, Mode mode, std::string& out) {
    if (is_all_ascii(in)) return fold_ascii(in, mode, out);
    std::size_t i = 0;
    auto next = [&](UChar32& c) {
        if (i >= in.size()) return false;
        c = static_cast<UChar32>(decode_utf8(in, i));
        return true;
    };
    bool arabic = false;
    if (fold_fast(next, mode, out, arabic)) return arabic;
    return fold_icu_utf8(in, mode, out);
}

constexpr char32_t kArabicAlef = 0x0627, kArabicLam = 0x0644;

// Cuts ال from Arabic words of 4+ letters, transliterates with ICU and folds the Latin
// result again (ICU output carries dots and macrons below as marks).
void transliterate_arabic_words(std::string& words) {
    icu::Transliterator* t = arabic_latin();
    if (t == nullptr) return;  // no ICU data: keys stay in Arabic script, still consistent
    thread_local icu::UnicodeString u;
    u.remove();
    std::string_view rest(words);
    while (!rest.empty()) {
        std::size_t space = rest.find(' ');
        std::string_view word = rest.substr(0, space);
        rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
        if (!u.isEmpty()) u.append(static_cast<UChar>(' '));
        std::size_t i = 0;
        std::size_t probe = 0;
        char32_t c0 = word.empty() ? 0 : decode_utf8(word, probe);
        char32_t c1 = probe < word.size() ? decode_utf8(word, probe) : 0;
        if (c0 == kArabicAlef && c1 == kArabicLam && count_code_points(word) >= 4) i = probe;
        while (i < word.size()) u.append(static_cast<UChar32>(decode_utf8(word, i)));
    }
    t->transliterate(u);
    const char16_t* p = u.getBuffer();
    const int32_t length = u.length();
    int32_t k = 0;
    auto next = [&](UChar32& c) {
        if (k >= length) return false;
        U16_NEXT(p, k, length, c);
        return true;
    };
    bool arabic = false;
    if (!fold_fast(next, Mode::romanized, words, arabic))
        fold_icu(u, Mode::romanized, words, false);
}

// Flat Latin words of a name: folded, Arabic transliterated. Memoised per thread for the
// last name because the index builder and Index::lookup ask loose_keys and flat_key of
// the same name in a row, and the ICU transliteration is the expensive part.
const std::string& latin_words(std::string_view name) {
    thread_local std::string words;
    thread_local std::string memo_name;
    thread_local bool memo_valid = false;
    if (memo_valid && memo_name == name) return words;
    memo_valid = false;  // `words` is about to change; an exception must not leave a stale memo
    if (fold(name, Mode::words, words)) transliterate_arabic_words(words);
    memo_name.assign(name);
    memo_valid = true;
    return words;
}

bool is_article(std::string_view w) noexcept {
    static constexpr std::array<std::string_view, 19> kArticles = {
        "al", "el", "ad", "ar", "as", "az", "ash", "ed", "ez", "es",
        "er", "at", "an", "ul", "ud", "uz", "le", "la", "les"};
    if (w == "l") return true;
    if (w.size() < 2 || w.size() > 3) return false;
    return std::find(kArticles.begin(), kArticles.end(), w) != kArticles.end();
}

// Calls fn(word) for every word that is not an article standing before another word.
template <typename Fn>
void for_each_kept_word(std::string_view words, Fn&& fn) {
    while (!words.empty()) {
        std::size_t space = words.find(' ');
        std::string_view word = words.substr(0, space);
        bool last = space == std::string_view::npos;
        words = last ? std::string_view{} : words.substr(space + 1);
        if (!last && is_article(word)) continue;
        fn(word);
    }
}

// Rules 2-4 of the comment block at the top, for one word; appends to `out`.
void append_word_skeleton(std::string_view w, std::string& out) {
    thread_local std::string mapped;
    mapped.clear();
    std::size_t n = w.size();
    if (n >= 2 && w[n - 1] == 'h' && is_vowel(w[n - 2])) --n;
    for (std::size_t i = 0; i < n; ++i) {
        char c = w[i];
        char next = i + 1 < n ? w[i + 1] : '\0';
        if (next == 'h') {
            switch (c) {
                case 'c': mapped += "sh"; ++i; continue;
                case 'k': mapped += 'k'; ++i; continue;
                case 'g': mapped += 'g'; ++i; continue;
                case 'd': mapped += 'z'; ++i; continue;
                case 't': mapped += 't'; ++i; continue;
                case 'p': mapped += 'f'; ++i; continue;
                default: break;
            }
        }
        if (c == 'd' && next == 'j') {
            mapped += 'j';
            ++i;
            continue;
        }
        switch (c) {
            case 'q': case 'c': mapped += 'k'; break;
            case 'x': mapped += "ks"; break;
            default: mapped += c; break;
        }
    }
    for (std::size_t i = 0; i < mapped.size(); ++i) {
        char c = mapped[i];
        if (is_vowel(c)) continue;
        if ((c == 'y' || c == 'w') && !(i + 1 < mapped.size() && is_vowel(mapped[i + 1])))
            continue;
        out += c;
    }
}

// Rule 5; only ASCII is collapsed so multi-byte UTF-8 sequences stay intact.
void collapse_doubles(std::string& s) {
    std::size_t w = 0;
    for (std::size_t r = 0; r < s.size(); ++r) {
        auto c = static_cast<unsigned char>(s[r]);
        if (w > 0 && c < 0x80 && s[w - 1] == s[r]) continue;
        s[w++] = s[r];
    }
    s.resize(w);
}

void skeleton(std::string_view words, std::size_t first_word_skip, std::string& out) {
    out.clear();
    bool first = true;
    for_each_kept_word(words, [&](std::string_view w) {
        append_word_skeleton(first ? w.substr(std::min(first_word_skip, w.size())) : w, out);
        first = false;
    });
    collapse_doubles(out);
}

void flatten(std::string_view words, std::string& out) {
    out.clear();
    for_each_kept_word(words, [&](std::string_view w) { out += w; });
}

std::string_view first_kept_word(std::string_view words) {
    std::string_view first;
    for_each_kept_word(words, [&](std::string_view w) {
        if (first.empty()) first = w;
    });
    return first;
}

// Plain unit costs on purpose: callers bound the similarity by the length difference
// (1 - |la - lb| / longer) to skip the DP, which only holds for unit-cost indels.
template <typename Ch>
std::size_t levenshtein(const Ch* a, std::size_t n, const Ch* b, std::size_t m) {
    if (n < m) {
        std::swap(a, b);
        std::swap(n, m);
    }
    std::array<std::size_t, 65> small{};
    std::vector<std::size_t> big;
    std::size_t* row = small.data();
    if (m + 1 > small.size()) {
        big.resize(m + 1);
        row = big.data();
    }
    for (std::size_t j = 0; j <= m; ++j) row[j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= m; ++j) {
            std::size_t up = row[j];
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            row[j] = std::min({up + 1, row[j - 1] + 1, diag + cost});
            diag = up;
        }
    }
    return row[m];
}

void decode_all(std::string_view s, std::vector<char32_t>& out) {
    out.clear();
    for (std::size_t i = 0; i < s.size();) out.push_back(decode_utf8(s, i));
}

}  // namespace
}  // namespace geoevent::text::detail

namespace geoevent::text {

std::string exact_key(std::string_view name) {
    std::string out;
    detail::fold(name, detail::Mode::exact, out);
    return out;
}

void exact_key(std::string_view name, std::string& out) { detail::fold(name, detail::Mode::exact, out); }

std::string flat_key(std::string_view name) {
    std::string out;
    detail::flatten(detail::latin_words(name), out);
    return out;
}

void flat_key(std::string_view name, std::string& out) { detail::flatten(detail::latin_words(name), out); }

std::size_t loose_keys(std::string_view name, std::string& first, std::string& second) {
    const std::string& words = detail::latin_words(name);
    detail::skeleton(words, 0, first);
    if (first.empty()) detail::flatten(words, first);
    if (first.empty()) return 0;
    std::string_view lead = detail::first_kept_word(words);
    if (lead.size() > 2 && (lead.starts_with("al") || lead.starts_with("el"))) {
        detail::skeleton(words, 2, second);
        if (second.size() >= 2 && second != first) return 2;
    }
    return 1;
}

std::vector<std::string> loose_keys(std::string_view name) {
    std::vector<std::string> keys(2);
    keys.resize(loose_keys(name, keys[0], keys[1]));
    return keys;
}

bool has_arabic_script(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            ++i;
            continue;
        }
        if (detail::is_arabic_letter(static_cast<UChar32>(decode_utf8(text, i)))) return true;
    }
    return false;
}

double similarity(std::string_view flat_a, std::string_view flat_b) {
    if (flat_a == flat_b) return 1.0;
    std::size_t distance = 0, longest = 0;
    if (detail::is_all_ascii(flat_a) && detail::is_all_ascii(flat_b)) {
        distance = detail::levenshtein(flat_a.data(), flat_a.size(), flat_b.data(), flat_b.size());
        longest = std::max(flat_a.size(), flat_b.size());
    } else {
        thread_local std::vector<char32_t> a, b;
        detail::decode_all(flat_a, a);
        detail::decode_all(flat_b, b);
        distance = detail::levenshtein(a.data(), a.size(), b.data(), b.size());
        longest = std::max(a.size(), b.size());
    }
    if (longest == 0) return 1.0;
    return 1.0 - static_cast<double>(distance) / static_cast<double>(longest);
}

FlatMatcher::FlatMatcher(std::string_view flat) : m_flat(flat) {
    m_fast = !m_flat.empty() && m_flat.size() <= 64 && detail::is_all_ascii(m_flat);
    if (!m_fast) return;
    for (std::size_t i = 0; i < m_flat.size(); ++i)
        m_peq[static_cast<unsigned char>(m_flat[i]) & 0x7F] |= std::uint64_t{1} << i;
}

double FlatMatcher::similarity(std::string_view other) const {
    if (!m_fast || !detail::is_all_ascii(other) || other.empty()) return text::similarity(m_flat, other);
    if (other == m_flat) return 1.0;
    // Hyyrö's bit-vector formulation of Myers' algorithm, global edit distance.
    const std::size_t m = m_flat.size();
    const std::uint64_t high = std::uint64_t{1} << (m - 1);
    std::uint64_t pv = m == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << m) - 1;
    std::uint64_t mv = 0;
    std::size_t score = m;
    for (char c : other) {
        const std::uint64_t eq = m_peq[static_cast<unsigned char>(c) & 0x7F];
        const std::uint64_t xv = eq | mv;
        const std::uint64_t xh = (((eq & pv) + pv) ^ pv) | eq;
        std::uint64_t ph = mv | ~(xh | pv);
        std::uint64_t mh = pv & xh;
        if (ph & high) ++score;
        else if (mh & high) --score;
        ph = (ph << 1) | 1;
        mh <<= 1;
        pv = mh | ~(xv | ph);
        mv = ph & xv;
    }
    const std::size_t longest = std::max(m, other.size());
    return 1.0 - static_cast<double>(score) / static_cast<double>(longest);
}

}  // namespace geoevent::text

namespace geoevent::text::testing {

std::string fold_default(std::string_view name, bool words) {
    std::string out;
    detail::fold(name, words ? detail::Mode::words : detail::Mode::exact, out);
    return out;
}

std::string fold_reference(std::string_view name, bool words) {
    std::string out;
    detail::fold_icu_utf8(name, words ? detail::Mode::words : detail::Mode::exact, out);
    return out;
}

}  // namespace geoevent::text::testing
