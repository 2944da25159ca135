#pragma once
// The index's string pool (u16 length + bytes per string), interned: a string added twice
// gets the offset of its first copy, so offsets depend only on the order of first adds.
//
// Memory: the lookup table holds a u32 offset and 16 more bits of hash per slot, not a
// copy of the strings. The pool's bytes are kept in memory only up to `resident_bytes`
// (the newest ones, where most repeats point); older bytes go to an unlinked temporary
// file. A lookup that lands on an old string of the same hash tag reads it back once and
// keeps it in a side cache, as the same few strings (feature codes, admin codes, common
// names) are what repeats from far back. At allCountries scale this is a 2.6 GB pool that
// no longer has to be resident.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gazetteer/slot_table.hpp"
#include "gazetteer/spill_file.hpp"

namespace geoevent::gazetteer::detail {

class StringPool {
public:
    // `spill_directory`: where older bytes go once more than `resident_bytes` are pooled
    // (empty: the system's temp directory). The default keeps everything in memory.
    explicit StringPool(std::string spill_directory = {}, std::size_t resident_bytes = SIZE_MAX);
    ~StringPool();
    StringPool(const StringPool&) = delete;
    StringPool& operator=(const StringPool&) = delete;

    // Strings longer than 0xFFFF bytes are cut to that length (the length field is u16).
    std::uint32_t add(std::string_view s) { return add(s, hash(s)); }
    // With hash(s) computed ahead, e.g. on another thread.
    std::uint32_t add(std::string_view s, std::uint64_t hash);
    static std::uint64_t hash(std::string_view s) noexcept;
    // Starts loading the table slots a later add(s, hash) will probe.
    void prefetch(std::uint64_t hash) const noexcept { m_table.prefetch(hash & (m_table.size() - 1)); }
    // The second step, once that slot is loaded: a repeat of a string still in memory will
    // be compared with the bytes its first probe points at, so start loading them too.
    void prefetch_string(std::uint64_t hash) const noexcept {
        const std::size_t i = hash & (m_table.size() - 1);
        const std::uint32_t v = m_table.value(i);
        if (v != 0 && m_table.tag(i) == tag_of(hash) && v - 1 >= m_file_bytes)
            __builtin_prefetch(m_tail.data() + (v - 1 - m_file_bytes));
    }
    std::uint64_t size() const noexcept { return m_file_bytes + m_tail.size(); }
    // Passes the pool's bytes, in order, to `sink` in chunks.
    void write(const std::function<void(const char*, std::size_t)>& sink) const;
    // The whole pool as one string (for tests and small pools).
    std::string contents() const;
    // Sizes the table for about `strings` strings (at most 2^28 slots, 1.6 GB: beyond
    // that it grows as needed), so it need not double on the way there.
    void reserve(std::uint64_t strings);
    // Frees the lookup table (a gigabyte at allCountries scale) once every string is in:
    // add() must not be called afterwards.
    void drop_table();
    // Reads of old strings from the file so far (for tests and measurements).
    std::uint64_t file_reads() const noexcept { return m_file_reads; }

private:
    // The table index uses the low bits, the tag the top ones: independent for any table
    // smaller than 2^48 slots.
    static std::uint16_t tag_of(std::uint64_t h) noexcept { return static_cast<std::uint16_t>(h >> 48); }
    bool equals(std::uint32_t offset, std::string_view s);
    void grow();
    void rehash(std::size_t slots);  // a power of two
    void spill();

    std::string m_spill_directory;
    std::size_t m_resident_bytes;
    std::unique_ptr<SpillFile> m_file;  // pool bytes [0, m_file_bytes)
    std::uint64_t m_file_bytes = 0;
    std::string m_tail;                 // pool bytes [m_file_bytes, size())
    // Strings read back from the file (same layout as the pool), found by their offset.
    std::vector<std::uint64_t> m_old_slots;
    std::string m_old_bytes;
    std::size_t m_old_count = 0;
    std::string m_read;
    std::uint64_t m_file_reads = 0;
    // Pool offset + 1 per slot (0 = empty), with sixteen more bits of the slot's hash: a
    // probe past another string then almost never has to look at that string (a cache
    // miss in memory, a read when it is in the file).
    SlotTable m_table;
    std::size_t m_count = 0;
};

}  // namespace geoevent::gazetteer::detail
