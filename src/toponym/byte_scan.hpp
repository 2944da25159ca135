#pragma once
// The tokenizer's view of the 16 bytes where a word starts, as bit masks: which are ASCII
// letters or digits, and which of those are lower case or digits. A word's length and case
// flags are then a few bit operations instead of a loop over its bytes, and its key (the
// bytes with bit 0x20 set: lower-case letters, digits unchanged) is written in the same step.
// SSE2 (baseline on x86-64) does the 16 bytes in a few instructions; the portable
// byte-by-byte version gives the same masks, serves other CPUs, and is what the tests
// compare the SSE2 one against.
#include <cstddef>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#define GEOEVENT_BYTE_SCAN_SSE2 1
#endif

namespace geoevent::toponym::detail {

// Bit i describes byte i.
struct ByteMasks {
    unsigned alnum = 0;  // A-Z, a-z, 0-9
    unsigned lower = 0;  // a-z
    unsigned digit = 0;  // 0-9
};

// `n` (at most 16) bytes from p; bits from n on are 0. Writes p[i] | 0x20 to out[i] for
// each of the n bytes.
inline ByteMasks scan_bytes_portable(const unsigned char* p, std::size_t n, char* out) noexcept {
    ByteMasks m;
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char b = p[i];
        out[i] = static_cast<char>(b | 0x20);
        const unsigned bit = 1u << i;
        if (b >= '0' && b <= '9') {
            m.alnum |= bit;
            m.digit |= bit;
        } else if (b >= 'a' && b <= 'z') {
            m.alnum |= bit;
            m.lower |= bit;
        } else if (b >= 'A' && b <= 'Z') {
            m.alnum |= bit;
        }
    }
    return m;
}

#if GEOEVENT_BYTE_SCAN_SSE2
// Exactly 16 bytes from p (all readable); writes 16 bytes to out.
[[gnu::always_inline]] inline ByteMasks scan_bytes_16(const unsigned char* p, char* out) noexcept {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i bit20 = _mm_set1_epi8(0x20);
    const __m128i folded = _mm_or_si128(v, bit20);
    // Signed compares: bytes from 0x80 on are negative, so no range below takes them.
    const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8('a' - 1)),
                                         _mm_cmplt_epi8(folded, _mm_set1_epi8('z' + 1)));
    const __m128i digit =
        _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
    const __m128i lower = _mm_and_si128(letter, _mm_cmpeq_epi8(_mm_and_si128(v, bit20), bit20));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), folded);
    ByteMasks m;
    m.alnum = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(letter, digit)));
    m.lower = static_cast<unsigned>(_mm_movemask_epi8(lower));
    m.digit = static_cast<unsigned>(_mm_movemask_epi8(digit));
    return m;
}
#endif

// The bytes from p, at most 16 and none from `left` on; out needs room for 16 bytes.
// Wide: with SSE2 where the CPU has it (the last bytes of a text copied into a buffer padded
// with NULs, a byte in no class); else byte by byte.
template <bool Wide>
inline ByteMasks scan_bytes(const unsigned char* p, std::size_t left, char* out) noexcept {
#if GEOEVENT_BYTE_SCAN_SSE2
    if constexpr (Wide) {
        if (left >= 16) return scan_bytes_16(p, out);
        unsigned char tail[16] = {};
        std::memcpy(tail, p, left);
        return scan_bytes_16(tail, out);
    }
#endif
    return scan_bytes_portable(p, left < 16 ? left : 16, out);
}

}  // namespace geoevent::toponym::detail
