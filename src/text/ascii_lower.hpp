#pragma once
// Lower-casing a run of ASCII letters and digits, the hot path of both tokenizers: setting
// bit 0x20 lower-cases a letter and leaves a digit as it is, so whole words go eight bytes
// at a time (then four, two, one: most words are shorter than eight bytes).
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace geoevent::text {

// `in` holds `len` ASCII letters or digits only; `out` has room for `len` bytes.
inline void lower_ascii_alnum(const char* in, std::size_t len, char* out) noexcept {
    std::size_t k = 0;
    for (; k + 8 <= len; k += 8) {
        std::uint64_t v;
        std::memcpy(&v, in + k, 8);
        v |= 0x2020202020202020ull;
        std::memcpy(out + k, &v, 8);
    }
    if (k + 4 <= len) {
        std::uint32_t v;
        std::memcpy(&v, in + k, 4);
        v |= 0x20202020u;
        std::memcpy(out + k, &v, 4);
        k += 4;
    }
    if (k + 2 <= len) {
        std::uint16_t v;
        std::memcpy(&v, in + k, 2);
        v |= 0x2020u;
        std::memcpy(out + k, &v, 2);
        k += 2;
    }
    if (k < len) out[k] = static_cast<char>(in[k] | 0x20);
}

}  // namespace geoevent::text
