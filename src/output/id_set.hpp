#pragma once
// The unique_field values a layer holds, for idempotent appends: every value ever
// written must stay in memory, so its cost per value is the writer's memory per feature.
//
// geoevent's event_id is 16 lowercase hex digits (a 64-bit hash) and integer ids print as
// decimal, so those are stored as 64-bit integers in open-addressing tables (8-16 bytes a
// value instead of ~200 for a std::string in a std::unordered_set); any other text goes
// to a string set. Each text has one canonical form in exactly one table, so membership
// is exact: no false positives, no false negatives.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace geoevent::output::detail {

// A set of 64-bit integers: linear probing in a power-of-two table, at most 80 % full.
// No erase: the writer only ever adds ids.
class U64Set {
public:
    bool contains(std::uint64_t key) const noexcept;
    bool insert(std::uint64_t key);  // true when it was not there yet
    std::size_t size() const noexcept { return m_size + (m_has_zero ? 1 : 0); }
    std::size_t memory_bytes() const noexcept { return m_slots.capacity() * sizeof(std::uint64_t); }

private:
    void grow();
    std::vector<std::uint64_t> m_slots;  // 0 marks a free slot; the key 0 is m_has_zero
    std::size_t m_size = 0;              // non-zero keys
    bool m_has_zero = false;
};

class IdSet {
public:
    bool contains(std::string_view id) const;
    bool insert(std::string_view id);  // true when it was not there yet
    std::size_t size() const noexcept;
    // Heap bytes held (approximate for the string fallback), for memory tests.
    std::size_t memory_bytes() const noexcept;

private:
    U64Set m_hex;      // exactly 16 lowercase hex digits
    U64Set m_decimal;  // canonical decimal int64: "0", "-12", never "012" or "+1"
    std::unordered_set<std::string> m_other;
};

}  // namespace geoevent::output::detail
