#include "gazetteer/string_pool.hpp"

#include <cstring>

#include "geoevent/error.hpp"

namespace geoevent::gazetteer::detail {

namespace {

std::uint64_t hash_bytes(std::string_view s) noexcept {
    if (s.size() > 0xFFFF) s = s.substr(0, 0xFFFF);
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ull;
    h ^= h >> 32;
    return h;
}

}  // namespace

StringPool::StringPool() : m_slots(1u << 16, 0), m_tags(1u << 16, 0) {}

namespace {
inline std::uint8_t tag_of(std::uint64_t h) noexcept { return static_cast<std::uint8_t>(h >> 56); }
}  // namespace

std::string_view StringPool::at(std::uint32_t offset) const noexcept {
    std::uint16_t len;
    std::memcpy(&len, m_data.data() + offset, 2);
    return {m_data.data() + offset + 2, len};
}

std::uint64_t StringPool::hash(std::string_view s) noexcept { return hash_bytes(s); }

void StringPool::grow() {
    // Rehashed by walking the pool in order (sequential reads) rather than the old slots
    // (a cache miss per string); every pooled string is in the table exactly once.
    m_slots.assign(m_slots.size() * 2, 0);
    m_tags.assign(m_slots.size(), 0);
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t off = 0; off < m_data.size();) {
        std::string_view s = at(static_cast<std::uint32_t>(off));
        std::uint64_t h = hash_bytes(s);
        std::size_t i = h & mask;
        while (m_slots[i]) i = (i + 1) & mask;
        m_slots[i] = static_cast<std::uint32_t>(off + 1);
        m_tags[i] = tag_of(h);
        off += 2 + s.size();
    }
}

std::uint32_t StringPool::add(std::string_view s, std::uint64_t h) {
    if (s.size() > 0xFFFF) s = s.substr(0, 0xFFFF);
    const std::size_t mask = m_slots.size() - 1;
    const std::uint8_t tag = tag_of(h);
    std::size_t i = h & mask;
    for (; m_slots[i]; i = (i + 1) & mask)
        if (m_tags[i] == tag && at(m_slots[i] - 1) == s) return m_slots[i] - 1;
    if (m_data.size() + s.size() + 2 > 0xFFFFFFFFull)
        throw GazetteerError("gazetteer too large: string pool exceeds 4 GB", "build from a smaller dump or report this");
    // Past 256 MiB the pool takes the format's whole 4 GiB of address space at once:
    // pages are only backed when written, and a doubling copy of a pool that large would
    // hold both copies at the peak.
    if (m_data.size() + s.size() + 2 > m_data.capacity() && m_data.size() >= (256u << 20))
        m_data.reserve(0xFFFFFFFFull + 1);
    auto off = static_cast<std::uint32_t>(m_data.size());
    auto len = static_cast<std::uint16_t>(s.size());
    m_data.append(reinterpret_cast<const char*>(&len), 2);
    m_data.append(s);
    m_slots[i] = off + 1;
    m_tags[i] = tag;
    if (++m_count * 4 > m_slots.size() * 3) grow();
    return off;
}

}  // namespace geoevent::gazetteer::detail
