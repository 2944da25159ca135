#pragma once
// The resolver's per-document machinery, apart so the tests can hold each fast path
// against its simple reference: the grouping of mentions by compact key, and the
// nearest-anchor search.
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "geoevent/toponym/tokenizer.hpp"
#include "toponym/flat_map.hpp"

namespace geoevent::toponym::detail {

// Key -> group number for one document. The keys live back to back in one buffer and the
// table is sized to the document, so a document allocates nothing once the buffers have
// grown and clearing costs what the document used, not what the largest one did.
class KeyGroups {
public:
    // Forgets the previous document; room for `names` keys.
    void reset(std::size_t names) {
        std::size_t size = 16;
        while (size < 2 * names) size *= 2;
        m_slots.assign(size, 0);  // touches only this document's share of the buffer
        m_mask = size - 1;
        m_entries.clear();
        m_keys.clear();
    }
    // The buffer a key is appended to before find_or_add.
    std::string& keys() noexcept { return m_keys; }
    // The group of the key that ends keys() and starts at `key_begin`: an earlier group
    // with the same key (the key is then dropped from keys()), else `next`, which is
    // recorded. Sets `fresh` when it is the new one.
    std::uint32_t find_or_add(std::size_t key_begin, std::uint32_t next, bool& fresh) {
        const std::string_view key(m_keys.data() + key_begin, m_keys.size() - key_begin);
        const std::uint64_t h = string_hash(key);
        std::size_t i = mix_hash(h) & m_mask;
        for (; m_slots[i] != 0; i = (i + 1) & m_mask) {
            const Entry& e = m_entries[m_slots[i] - 1];
            if (e.hash == h && same_key(std::string_view(m_keys.data() + e.begin, e.size), key)) {
                m_keys.resize(key_begin);
                fresh = false;
                return e.group;
            }
        }
        m_entries.push_back({h, static_cast<std::uint32_t>(key_begin), static_cast<std::uint32_t>(key.size()), next});
        m_slots[i] = static_cast<std::uint32_t>(m_entries.size());
        fresh = true;
        return next;
    }

private:
    struct Entry {
        std::uint64_t hash;
        std::uint32_t begin, size;  // in m_keys
        std::uint32_t group;
    };
    std::vector<std::uint32_t> m_slots;  // 0 = empty, else 1 + index into m_entries
    std::size_t m_mask = 0;
    std::vector<Entry> m_entries;
    std::string m_keys;
};

// Country codes (two letters, or empty) as one integer, so the per-candidate counting below
// compares integers; longer codes, which GeoNames does not have, are compared as text.
constexpr std::uint32_t long_code = 0xFFFFFFFFu;
inline std::uint32_t packed_code(std::string_view code) noexcept {
    if (code.size() == 2)  // every real code
        return (2u << 24) | static_cast<unsigned char>(code[0]) | (std::uint32_t{static_cast<unsigned char>(code[1])} << 8);
    if (code.size() > 3) return long_code;
    std::uint32_t value = static_cast<std::uint32_t>(code.size()) << 24;
    for (std::size_t i = 0; i < code.size(); ++i) value |= std::uint32_t{static_cast<unsigned char>(code[i])} << (8 * i);
    return value;
}

// Countries of one article: a handful, so a flat list beats a hash map; the first few
// live inline, so a document usually allocates nothing for them.
class CountryCounts {
public:
    void add(std::string_view iso2) { add(iso2, packed_code(iso2)); }
    int count(std::string_view iso2) const { return count(iso2, packed_code(iso2)); }
    // The same, given packed_code(iso2).
    void add(std::string_view iso2, std::uint32_t packed) {
        for (std::size_t k = 0; k < m_size; ++k)
            if (at(k).is(iso2, packed)) {
                ++at(k).count;
                return;
            }
        if (m_size < m_inline.size()) m_inline[m_size] = {iso2, packed, 1};
        else m_more.push_back({iso2, packed, 1});
        ++m_size;
    }
    int count(std::string_view iso2, std::uint32_t packed) const {
        for (std::size_t k = 0; k < m_size; ++k)
            if (at(k).is(iso2, packed)) return at(k).count;
        return 0;
    }

private:
    struct Entry {
        std::string_view code;
        std::uint32_t packed = 0;
        int count = 0;
        bool is(std::string_view other, std::uint32_t other_packed) const noexcept {
            return packed == other_packed && (packed != long_code || code == other);
        }
    };
    Entry& at(std::size_t k) { return k < m_inline.size() ? m_inline[k] : m_more[k - m_inline.size()]; }
    const Entry& at(std::size_t k) const { return k < m_inline.size() ? m_inline[k] : m_more[k - m_inline.size()]; }
    std::array<Entry, 8> m_inline;
    std::vector<Entry> m_more;
    std::size_t m_size = 0;
};

// A country's two upper-case letters as a slot of CountryTally, or no_country_slot.
inline constexpr std::uint16_t no_country_slot = 0xFFFF;
inline std::uint16_t country_slot(std::string_view code) noexcept {
    if (code.size() != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z') return no_country_slot;
    return static_cast<std::uint16_t>((code[0] - 'A') * 26 + (code[1] - 'A'));
}

// CountryCounts answered in one load: real codes (two upper-case letters) count in a
// table of all 676, anything else in a CountryCounts. Clearing resets only what was
// counted, so the table is kept from pass to pass and document to document.
class CountryTally {
public:
    void clear() {
        for (std::uint16_t s : m_touched) m_counts[s] = 0;
        m_touched.clear();
        m_other = CountryCounts{};
    }
    // slot = country_slot(code), packed = packed_code(code).
    void add(std::string_view code, std::uint16_t slot, std::uint32_t packed) {
        if (slot == no_country_slot) return m_other.add(code, packed);
        if (m_counts[slot]++ == 0) m_touched.push_back(slot);
    }
    int count(std::string_view code, std::uint16_t slot, std::uint32_t packed) const {
        return slot == no_country_slot ? m_other.count(code, packed) : m_counts[slot];
    }

private:
    std::array<int, 26 * 26> m_counts{};
    std::vector<std::uint16_t> m_touched;
    CountryCounts m_other;
};

// Equirectangular squared distance (radians²) from (lat1, lon1) to (lat2, lon2), given
// cos(lat2 in radians): the resolver's proximity measure.
constexpr double deg = 3.14159265358979323846 / 180.0;
inline double approx_square(double lat1, double lon1, double lat2, double lon2, double cos_lat2) {
    double dlon = std::abs(lon2 - lon1);
    if (dlon > 180) dlon = 360 - dlon;
    double x = dlon * deg * cos_lat2;
    double y = (lat2 - lat1) * deg;
    return x * x + y * y;
}

// The smallest of `nearest` and approx_square(lat, lon, lats[k], lons[k], coss[k]) for k
// in [begin, end), two anchors at a time. Each lane does approx_square's operations in its
// order (SSE2 arithmetic is IEEE double, and without FMA nothing is fused), and the
// minimum of a set does not depend on the order it is taken in, so the result is bit for
// bit the scalar loop's. A NaN square is skipped, as `sq < nearest` skips it.
inline double nearest_square(double lat, double lon, const double* lats, const double* lons, const double* coss,
                             std::size_t begin, std::size_t end, double nearest) {
    std::size_t k = begin;
#if defined(__SSE2__)
    if (end - begin >= 2) {
        const __m128d vlat = _mm_set1_pd(lat), vlon = _mm_set1_pd(lon), vdeg = _mm_set1_pd(deg);
        const __m128d half_turn = _mm_set1_pd(180), turn = _mm_set1_pd(360);
        const __m128d abs_mask = _mm_castsi128_pd(_mm_set1_epi64x(0x7FFFFFFFFFFFFFFF));
        __m128d best = _mm_set1_pd(nearest);
        for (; k + 2 <= end; k += 2) {
            __m128d dlon = _mm_and_pd(_mm_sub_pd(_mm_loadu_pd(lons + k), vlon), abs_mask);
            const __m128d wrap = _mm_cmpgt_pd(dlon, half_turn);
            dlon = _mm_or_pd(_mm_and_pd(wrap, _mm_sub_pd(turn, dlon)), _mm_andnot_pd(wrap, dlon));
            const __m128d x = _mm_mul_pd(_mm_mul_pd(dlon, vdeg), _mm_loadu_pd(coss + k));
            const __m128d y = _mm_mul_pd(_mm_sub_pd(_mm_loadu_pd(lats + k), vlat), vdeg);
            const __m128d sq = _mm_add_pd(_mm_mul_pd(x, x), _mm_mul_pd(y, y));
            best = _mm_min_pd(sq, best);  // `best` where sq is NaN or not smaller
        }
        const double lo = _mm_cvtsd_f64(best), hi = _mm_cvtsd_f64(_mm_unpackhi_pd(best, best));
        nearest = hi < lo ? hi : lo;
    }
#endif
    for (; k < end; ++k) {
        const double sq = approx_square(lat, lon, lats[k], lons[k], coss[k]);
        if (sq < nearest) nearest = sq;
    }
    return nearest;
}

}  // namespace geoevent::toponym::detail
