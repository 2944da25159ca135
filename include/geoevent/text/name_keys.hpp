#pragma once
// Keys under which place names are indexed and looked up. Two levels:
//  - exact key: the name as a reader would compare it (Unicode-normalised, case-folded,
//    diacritics, apostrophes/ʿayn/hamza removed, hyphens and punctuation as single spaces);
//  - loose keys: transliteration-tolerant consonant skeletons that make "Boukamal",
//    "Abu Kamal", "Albu Kamal" and "البوكمال" collide. Loose keys only find candidates;
//    ranking (similarity of the flat forms, population, feature code) decides.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace geoevent::text {

// NFKC, full case folding, marks removed (Qaïm -> qaim), apostrophe-like characters
// removed, every run of non-letter/non-digit characters collapsed into one space,
// trimmed. Arabic-script input stays Arabic but is normalised (tashkeel and tatweel
// removed, alef variants -> ا, ة -> ه, ى -> ي, hamza seats ؤ ئ -> و ي, Persian/Urdu
// ی ک ھ -> ي ك ه). Decimal digits of every script become ASCII digits. Letters such as
// ø æ œ ł đ þ ı are spelled out in ASCII. Invalid UTF-8 bytes are dropped.
std::string exact_key(std::string_view name);
// The same into a buffer the caller reuses (no allocation once it has grown).
void exact_key(std::string_view name, std::string& out);

// exact_key() with the spaces removed and leading articles dropped from every word
// (al-, el-, ad-, ar-, as-, az-, ash-, ed-, ez-, …; French le/la/les/l'); an article is
// kept when it is the last word. Arabic script is transliterated to Latin first (ICU
// "Arabic-Latin", ال cut from words of 4+ letters, ة and ى read as a). Other scripts stay
// as they are. Used to measure how close two spellings are.
std::string flat_key(std::string_view name);
void flat_key(std::string_view name, std::string& out);

// Consonant skeletons (1 or 2 distinct strings, never empty for a name with letters);
// the rules are listed at the top of src/text/name_keys.cpp.
std::vector<std::string> loose_keys(std::string_view name);
// The same into two buffers the caller reuses; returns how many keys (0, 1 or 2) were set.
std::size_t loose_keys(std::string_view name, std::string& first, std::string& second);

// True when the text contains at least one Arabic-script letter.
bool has_arabic_script(std::string_view text);

// Similarity in [0, 1] of two flat keys (1 = identical), Levenshtein-based.
double similarity(std::string_view flat_a, std::string_view flat_b);

// similarity() against one fixed string, prepared once: the bit-parallel edit distance
// (Myers/Hyyrö) makes each comparison O(length) for ASCII keys up to 64 characters, which
// is what a lookup comparing one query with hundreds of candidate spellings needs.
class FlatMatcher {
public:
    explicit FlatMatcher(std::string_view flat);
    double similarity(std::string_view other) const;

private:
    std::string m_flat;
    bool m_fast = false;
    std::uint64_t m_peq[128] = {};
};

}  // namespace geoevent::text
