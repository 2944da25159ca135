#include "gazetteer/place_store.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "geoevent/error.hpp"

namespace geoevent::gazetteer::detail {

namespace {

constexpr std::uint64_t max_arena_bytes = 1ull << 38;
constexpr std::size_t max_blob_bytes = (1u << 26) - 1;

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

void decode(const char* p, PlaceStrings& out) {
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

}  // namespace

PlaceStore::PlaceStore(std::string spill_directory, std::size_t resident_bytes)
    : m_spill_directory(std::move(spill_directory)), m_resident_bytes(std::max<std::size_t>(resident_bytes, 1)) {}
PlaceStore::~PlaceStore() = default;
PlaceStore::PlaceStore(PlaceStore&&) noexcept = default;
PlaceStore& PlaceStore::operator=(PlaceStore&&) noexcept = default;

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
    if (b.size() > max_blob_bytes)
        throw GazetteerError("row of geonameid " + std::to_string(r.geonameid) + " has " + std::to_string(b.size()) +
                                 " bytes of names, more than the builder's 64 MiB per row",
                             "check the input row");
    if (!m_tail.empty() && m_tail.size() + b.size() > m_resident_bytes) {
        if (!m_file) {
            std::string dir = m_spill_directory;
            if (dir.empty()) dir = std::filesystem::temp_directory_path().string();
            m_file = std::make_unique<SpillFile>(dir);
        }
        m_file->append(m_tail.data(), m_tail.size());
        m_file->flush();
        m_file_bytes += m_tail.size();
        m_tail.clear();
    }
    if (m_tail.capacity() == 0) m_tail.reserve(std::min<std::size_t>(m_resident_bytes, 64u << 20));
    std::uint64_t address = m_file_bytes + m_tail.size();
    if (address + b.size() > max_arena_bytes)
        throw GazetteerError("the rows' names exceed the builder's 256 GiB", "build from a smaller dump");
    m_tail.insert(m_tail.end(), b.begin(), b.end());
    return address;
}

void PlaceStore::read(std::uint64_t at, std::size_t size, char* out) const {
    // A range lies wholly in the file or wholly in the tail: blobs never straddle them.
    if (at >= m_file_bytes) std::memcpy(out, m_tail.data() + (at - m_file_bytes), size);
    else m_file->read_at(at, out, size);
}

void PlaceStore::strings(const StoredPlace& place, PlaceStrings& out) const {
    if (place.blob >= m_file_bytes) {
        decode(m_tail.data() + (place.blob - m_file_bytes), out);
        return;
    }
    out.bytes.resize(place.blob_size);
    m_file->read_at(place.blob, out.bytes.data(), place.blob_size);
    decode(out.bytes.data(), out);
}

void PlaceStore::fetch(const std::vector<std::uint32_t>& ids, std::size_t begin, std::size_t end,
                       PlaceBlobs& out) const {
    const std::size_t n = end - begin;
    out.m_at.assign(n, nullptr);
    out.m_order.clear();
    std::size_t total = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const StoredPlace& p = m_places[ids[begin + k]];
        if (p.blob >= m_file_bytes) {
            out.m_at[k] = m_tail.data() + (p.blob - m_file_bytes);
        } else {
            out.m_order.emplace_back(p.blob, static_cast<std::uint32_t>(k));
            total += p.blob_size;
        }
    }
    if (out.m_order.empty()) return;
    std::sort(out.m_order.begin(), out.m_order.end());
    // Blobs packed in file order; a run of adjacent blobs is one read.
    out.m_bytes.resize(total);
    out.m_bytes_at.assign(n, 0);
    std::size_t filled = 0;
    for (std::size_t i = 0; i < out.m_order.size();) {
        const std::uint64_t first = out.m_order[i].first;
        std::uint64_t next = first;
        std::size_t j = i;
        for (; j < out.m_order.size() && out.m_order[j].first == next; ++j) {
            const StoredPlace& p = m_places[ids[begin + out.m_order[j].second]];
            out.m_bytes_at[out.m_order[j].second] = filled + (next - first);
            next += p.blob_size;
        }
        m_file->read_at(first, out.m_bytes.data() + filled, static_cast<std::size_t>(next - first));
        filled += static_cast<std::size_t>(next - first);
        i = j;
    }
    for (auto& [blob, k] : out.m_order) out.m_at[k] = out.m_bytes.data() + out.m_bytes_at[k];
}

void PlaceBlobs::strings(std::size_t k, PlaceStrings& out) const { decode(m_at[k], out); }

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
    const std::uint64_t blob = store_blob(r);
    StoredPlace s{r.geonameid, r.feature_class, false, r.latitude, r.longitude, r.population, blob,
                  m_scratch.size()};
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
