#pragma once
// Open-addressing hash tables for the toponym stage's per-token lookups (word flags,
// demonym and lookup caches, the gazetteer's name set). std::unordered_map costs a node
// allocation per entry and a pointer chase plus a division per probe; these keep entries
// in one array, probe linearly and hash eight bytes at a time.
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace geoevent::toponym::detail {

// A string hash that reads eight bytes at a step (keys are mostly short words), so its
// cost barely grows with the length, unlike byte-wise FNV-1a.
inline std::uint64_t string_hash(std::string_view key) noexcept {
    constexpr std::uint64_t k = 0x9E3779B97F4A7C15ull;
    std::uint64_t h = key.size() * k;
    const char* p = key.data();
    std::size_t n = key.size();
    for (; n >= 8; n -= 8, p += 8) {
        std::uint64_t v;
        std::memcpy(&v, p, 8);
        h = (h ^ v) * k;
        h ^= h >> 32;
    }
    if (n > 0) {
        // The last 1-7 bytes as a little-endian number, read with two overlapping loads
        // (or three single bytes) instead of a byte loop: the bytes both loads cover are
        // the same, so OR-ing them gives exactly the byte-wise value.
        std::uint64_t v = 0;
        if constexpr (std::endian::native != std::endian::little) {
            for (std::size_t i = 0; i < n; ++i) v |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
        } else if (n >= 4) {
            std::uint32_t lo, hi;
            std::memcpy(&lo, p, 4);
            std::memcpy(&hi, p + n - 4, 4);
            v = std::uint64_t{lo} | (std::uint64_t{hi} << (8 * (n - 4)));
        } else {
            v = std::uint64_t{static_cast<unsigned char>(p[0])} |
                (std::uint64_t{static_cast<unsigned char>(p[n / 2])} << (8 * (n / 2))) |
                (std::uint64_t{static_cast<unsigned char>(p[n - 1])} << (8 * (n - 1)));
        }
        h = (h ^ v) * k;
        h ^= h >> 32;
    }
    return h;
}

// Equality of n bytes (one to two words) as two overlapping word compares.
template <class Word>
inline bool same_overlapping(const char* p, const char* q, std::size_t n) noexcept {
    Word x0, y0, x1, y1;
    std::memcpy(&x0, p, sizeof x0);
    std::memcpy(&y0, q, sizeof y0);
    std::memcpy(&x1, p + n - sizeof x1, sizeof x1);
    std::memcpy(&y1, q + n - sizeof y1, sizeof y1);
    return ((x0 ^ y0) | (x1 ^ y1)) == 0;
}

// a == b for the short keys of these tables (words, names) without a call to memcmp:
// two overlapping loads cover 4-16 bytes, all within both strings.
inline bool same_key(std::string_view a, std::string_view b) noexcept {
    const std::size_t n = a.size();
    if (n != b.size()) return false;
    const char *p = a.data(), *q = b.data();
    if (n > 16) return std::memcmp(p, q, n) == 0;
    if (n >= 8) return same_overlapping<std::uint64_t>(p, q, n);
    if (n >= 4) return same_overlapping<std::uint32_t>(p, q, n);
    for (std::size_t i = 0; i < n; ++i)
        if (p[i] != q[i]) return false;
    return true;
}

// Spreads the bits of a hash before it is reduced to a slot.
inline std::size_t mix_hash(std::uint64_t h) noexcept {
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;
    return static_cast<std::size_t>(h);
}

// A string -> V map. References returned by find/insert stay valid until the next insert
// or clear.
template <class V>
class FlatStringMap {
public:
    V* find(std::string_view key) { return find(key, string_hash(key)); }
    const V* find(std::string_view key) const { return const_cast<FlatStringMap*>(this)->find(key, string_hash(key)); }
    const V* find(std::string_view key, std::uint64_t hash) const { return const_cast<FlatStringMap*>(this)->find(key, hash); }
    // Inlined at every call: the probe is a few instructions, and per-token callers would
    // otherwise pay a call with its register saves for each one.
    [[gnu::always_inline]] V* find(std::string_view key, std::uint64_t hash) {
        if (m_slots.empty()) return nullptr;
        const std::uint32_t tag = tag_of(hash);
        for (std::size_t i = mix_hash(hash) & m_mask;; i = (i + 1) & m_mask) {
            const std::uint64_t s = m_slots[i];
            if (s == 0) return nullptr;
            // The slot's copy of the hash settles most misses without touching the entry,
            // which is usually a cache miss away.
            if (static_cast<std::uint32_t>(s >> 32) != tag) continue;
            Entry& e = m_entries[static_cast<std::uint32_t>(s) - 1];
            if (e.hash == hash && same_key(e.key, key)) return &e.value;
        }
    }
    // Starts loading the slot a find(…, hash) will read first.
    void prefetch(std::uint64_t hash) const noexcept {
        if (!m_slots.empty()) __builtin_prefetch(m_slots.data() + (mix_hash(hash) & m_mask));
    }
    // Inserts or overwrites.
    V& insert(std::string_view key, V value) { return insert(key, string_hash(key), std::move(value)); }
    V& insert(std::string_view key, std::uint64_t hash, V value) {
        if (V* v = find(key, hash)) {
            *v = std::move(value);
            return *v;
        }
        if ((m_entries.size() + 1) * 2 > m_slots.size()) grow();
        m_entries.push_back(Entry{std::string(key), hash, std::move(value)});
        place(hash, static_cast<std::uint32_t>(m_entries.size()));
        return m_entries.back().value;
    }
    // The value for `key`, default-constructed and inserted when absent.
    V& operator[](std::string_view key) {
        std::uint64_t h = string_hash(key);
        if (V* v = find(key, h)) return *v;
        return insert(key, h, V{});
    }
    std::size_t size() const noexcept { return m_entries.size(); }
    // Calls f(key, value) for every entry, in insertion order.
    template <class F>
    void for_each(F&& f) {
        for (auto& e : m_entries) f(std::string_view(e.key), e.value);
    }
    void clear() {
        m_entries.clear();
        std::fill(m_slots.begin(), m_slots.end(), 0);
    }
    // Keeps the first n entries inserted (a fixed vocabulary in front of a cache).
    void truncate(std::size_t n) {
        if (n >= m_entries.size()) return;
        m_entries.erase(m_entries.begin() + static_cast<std::ptrdiff_t>(n), m_entries.end());
        std::fill(m_slots.begin(), m_slots.end(), 0);
        for (std::size_t k = 0; k < m_entries.size(); ++k) place(m_entries[k].hash, static_cast<std::uint32_t>(k + 1));
    }

private:
    struct Entry {
        std::string key;
        std::uint64_t hash;
        V value;
    };
    static std::uint32_t tag_of(std::uint64_t hash) noexcept { return static_cast<std::uint32_t>(hash >> 32); }
    void place(std::uint64_t hash, std::uint32_t index) {
        std::size_t i = mix_hash(hash) & m_mask;
        while (m_slots[i] != 0) i = (i + 1) & m_mask;
        m_slots[i] = (std::uint64_t{tag_of(hash)} << 32) | index;
    }
    void grow() {
        std::size_t n = m_slots.empty() ? 64 : m_slots.size() * 2;
        m_slots.assign(n, 0);
        m_mask = n - 1;
        for (std::size_t k = 0; k < m_entries.size(); ++k) place(m_entries[k].hash, static_cast<std::uint32_t>(k + 1));
    }
    std::vector<Entry> m_entries;
    // 0 = empty, else (upper half of the hash << 32) | (1 + index into m_entries).
    std::vector<std::uint64_t> m_slots;
    std::size_t m_mask = 0;
};

// A set of 64-bit hashes (0 is stored apart, since it marks an empty slot).
class FlatHashSet {
public:
    void reserve(std::size_t n) {
        std::size_t cap = 64;
        while (cap < 2 * n) cap *= 2;
        if (cap > m_slots.size()) rehash(cap);
    }
    void insert(std::uint64_t h) {
        if (h == 0) {
            m_zero = true;
            return;
        }
        if ((m_size + 1) * 2 > m_slots.size()) rehash(m_slots.empty() ? 64 : m_slots.size() * 2);
        std::size_t i = mix_hash(h) & m_mask;
        while (m_slots[i] != 0) {
            if (m_slots[i] == h) return;
            i = (i + 1) & m_mask;
        }
        m_slots[i] = h;
        ++m_size;
    }
    // Starts loading the slot of h, so a later contains(h) does not wait for memory:
    // the set is far larger than the caches and every probe of it is a miss.
    void prefetch(std::uint64_t h) const noexcept {
        if (!m_slots.empty()) __builtin_prefetch(m_slots.data() + (mix_hash(h) & m_mask));
    }
    bool contains(std::uint64_t h) const noexcept {
        if (h == 0) return m_zero;
        if (m_slots.empty()) return false;
        for (std::size_t i = mix_hash(h) & m_mask;; i = (i + 1) & m_mask) {
            if (m_slots[i] == h) return true;
            if (m_slots[i] == 0) return false;
        }
    }

private:
    void rehash(std::size_t cap) {
        std::vector<std::uint64_t> old = std::move(m_slots);
        m_slots.assign(cap, 0);
        m_mask = cap - 1;
        m_size = 0;
        for (std::uint64_t h : old)
            if (h != 0) insert(h);
    }
    std::vector<std::uint64_t> m_slots;
    std::size_t m_mask = 0;
    std::size_t m_size = 0;
    bool m_zero = false;
};

}  // namespace geoevent::toponym::detail
