#pragma once
// The index's string pool (u16 length + bytes per string), interned: a string added twice
// gets the offset of its first copy, so offsets depend only on the order of first adds.
// The lookup table holds only u32 offsets into the pool itself (open addressing) and a
// byte of hash, not a second copy of every string: at allCountries scale that copy and a node per string were
// most of the builder's memory.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace geoevent::gazetteer::detail {

class StringPool {
public:
    StringPool();
    // Strings longer than 0xFFFF bytes are cut to that length (the length field is u16).
    std::uint32_t add(std::string_view s) { return add(s, hash(s)); }
    // With hash(s) computed ahead, e.g. on another thread.
    std::uint32_t add(std::string_view s, std::uint64_t hash);
    static std::uint64_t hash(std::string_view s) noexcept;
    // Starts loading the table slots a later add(s, hash) will probe.
    void prefetch(std::uint64_t hash) const noexcept {
        const std::size_t i = hash & (m_slots.size() - 1);
        __builtin_prefetch(&m_slots[i]);
        __builtin_prefetch(&m_tags[i]);
    }
    const std::string& data() const noexcept { return m_data; }

private:
    std::string_view at(std::uint32_t offset) const noexcept;
    void grow();

    std::string m_data;
    std::vector<std::uint32_t> m_slots;  // pool offset + 1; 0 = empty
    // Eight more bits of each slot's hash: a probe past another string then rarely has to
    // read that string from the pool (a cache miss each).
    std::vector<std::uint8_t> m_tags;
    std::size_t m_count = 0;
};

}  // namespace geoevent::gazetteer::detail
