#include "gazetteer/place_store.hpp"

#include <cstring>

namespace geoevent::gazetteer::detail {

namespace {

constexpr std::size_t block_bytes = 16u << 20;

inline std::size_t id_hash(std::uint32_t id) noexcept {
    std::uint64_t h = id * 0x9E3779B97F4A7C15ull;
    return static_cast<std::size_t>(h >> 20);
}

void put_varint(std::string& out, std::size_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>(v | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

std::size_t get_varint(const char*& p) {
    std::size_t v = 0;
    for (int shift = 0;; shift += 7) {
        auto c = static_cast<unsigned char>(*p++);
        v |= static_cast<std::size_t>(c & 0x7F) << shift;
        if (!(c & 0x80)) return v;
    }
}

void put_string(std::string& out, std::string_view s) {
    put_varint(out, s.size());
    out.append(s);
}

std::string_view get_string(const char*& p) {
    std::size_t n = get_varint(p);
    std::string_view s(p, n);
    p += n;
    return s;
}

}  // namespace

std::uint64_t PlaceStore::store_blob(const PlaceRecord& r) {
    std::string& b = m_scratch;
    b.clear();
    put_string(b, r.name);
    put_string(b, r.ascii_name);
    put_string(b, r.feature_code);
    put_string(b, r.country);
    put_string(b, r.admin1);
    put_string(b, r.admin2);
    put_varint(b, r.alternate_names.size());
    for (auto& n : r.alternate_names) put_string(b, n);
    // A blob never straddles blocks; an outsized one gets a block of its own.
    if (m_blocks.empty() || m_block_used + b.size() > m_block_size) {
        m_block_size = std::max(block_bytes, b.size());
        m_blocks.push_back(std::make_unique<char[]>(m_block_size));
        m_block_used = 0;
    }
    std::memcpy(m_blocks.back().get() + m_block_used, b.data(), b.size());
    std::uint64_t address = (static_cast<std::uint64_t>(m_blocks.size() - 1) << 32) | m_block_used;
    m_block_used += b.size();
    return address;
}

void PlaceStore::strings(const StoredPlace& place, PlaceStrings& out) const {
    const char* p = m_blocks[place.blob >> 32].get() + (place.blob & 0xFFFFFFFFu);
    out.name = get_string(p);
    out.ascii_name = get_string(p);
    out.feature_code = get_string(p);
    out.country = get_string(p);
    out.admin1 = get_string(p);
    out.admin2 = get_string(p);
    std::size_t n = get_varint(p);
    out.alternate_names.resize(n);
    for (std::size_t i = 0; i < n; ++i) out.alternate_names[i] = get_string(p);
}

void PlaceStore::grow_ids() {
    std::vector<std::uint32_t> old(std::max<std::size_t>(m_slots.size() * 2, 1u << 12), 0);
    old.swap(m_slots);
    const std::size_t mask = m_slots.size() - 1;
    for (std::uint32_t v : old) {
        if (!v) continue;
        std::size_t i = id_hash(m_places[v - 1].geonameid) & mask;
        while (m_slots[i]) i = (i + 1) & mask;
        m_slots[i] = v;
    }
}

std::int64_t PlaceStore::find(std::uint32_t geonameid) const noexcept {
    if (m_slots.empty()) return -1;
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = id_hash(geonameid) & mask; m_slots[i]; i = (i + 1) & mask)
        if (m_places[m_slots[i] - 1].geonameid == geonameid) return m_slots[i] - 1;
    return -1;
}

void PlaceStore::put(const PlaceRecord& r) {
    StoredPlace s{r.geonameid, r.feature_class, false, r.latitude, r.longitude, r.population, store_blob(r)};
    if (std::int64_t at = find(r.geonameid); at >= 0) {
        if (m_places[at].removed) --m_removed;
        m_places[at] = s;
        return;
    }
    if ((m_places.size() + 1) * 4 > m_slots.size() * 3) grow_ids();
    m_places.push_back(s);
    const std::size_t mask = m_slots.size() - 1;
    std::size_t i = id_hash(r.geonameid) & mask;
    while (m_slots[i]) i = (i + 1) & mask;
    m_slots[i] = static_cast<std::uint32_t>(m_places.size());
}

void PlaceStore::remove(std::uint32_t geonameid) {
    if (std::int64_t at = find(geonameid); at >= 0 && !m_places[at].removed) {
        m_places[at].removed = true;
        ++m_removed;
    }
}

}  // namespace geoevent::gazetteer::detail
