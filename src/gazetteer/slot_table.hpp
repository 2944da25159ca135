#pragma once
// The string pool's lookup table: per slot a u32 (pool offset + 1, 0 = empty) and 16 more
// bits of the string's hash, packed in 6 bytes so that a probe nearly always touches one
// cache line (two separate arrays cost two misses per probe), in memory the kernel is
// asked to back with huge pages: at allCountries scale the table is 1.6 GB probed at
// random, and with 4 KiB pages nearly every probe also missed the TLB.
#include <cstdint>
#include <cstring>

namespace geoevent::gazetteer::detail {

class SlotTable {
public:
    SlotTable() = default;
    explicit SlotTable(std::size_t slots) { reset(slots); }
    ~SlotTable() { release(); }
    SlotTable(const SlotTable&) = delete;
    SlotTable& operator=(const SlotTable&) = delete;

    // `slots` empty slots (a power of two); the old contents are freed first.
    void reset(std::size_t slots);
    void release() noexcept;
    std::size_t size() const noexcept { return m_slots; }

    // Pool offset + 1 of slot i (0: empty), and its tag.
    std::uint32_t value(std::size_t i) const noexcept {
        std::uint32_t v;
        std::memcpy(&v, m_data + i * 6, 4);
        return v;
    }
    std::uint16_t tag(std::size_t i) const noexcept {
        std::uint16_t t;
        std::memcpy(&t, m_data + i * 6 + 4, 2);
        return t;
    }
    void set(std::size_t i, std::uint32_t value, std::uint16_t tag) noexcept {
        std::memcpy(m_data + i * 6, &value, 4);
        std::memcpy(m_data + i * 6 + 4, &tag, 2);
    }
    void prefetch(std::size_t i) const noexcept { __builtin_prefetch(m_data + i * 6); }

private:
    char* m_data = nullptr;
    std::size_t m_slots = 0;
    std::size_t m_bytes = 0;
};

}  // namespace geoevent::gazetteer::detail
