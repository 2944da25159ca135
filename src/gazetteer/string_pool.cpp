#include "gazetteer/string_pool.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "gazetteer/build_timing.hpp"
#include "geoevent/error.hpp"

namespace geoevent::gazetteer::detail {

namespace {

// Eight bytes a step, then a full avalanche (the table index takes the low bits, the tag
// the top ones): names are hashed twice each, and byte-at-a-time FNV was 5 % of a build's
// instructions. Only table positions depend on it, never the pool's bytes or offsets.
std::uint64_t hash_bytes(std::string_view s) noexcept {
    if (s.size() > 0xFFFF) s = s.substr(0, 0xFFFF);
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t n = s.size();
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xC2B2AE3D27D4EB4Full);
    auto mix = [&](std::uint64_t w) {
        h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 29;
    };
    auto load64 = [](const unsigned char* at) {
        std::uint64_t w;
        std::memcpy(&w, at, 8);
        return w;
    };
    auto load32 = [](const unsigned char* at) {
        std::uint32_t w;
        std::memcpy(&w, at, 4);
        return static_cast<std::uint64_t>(w);
    };
    if (n >= 8) {
        const unsigned char* end = p + n;
        for (; n > 8; p += 8, n -= 8) mix(load64(p));
        mix(load64(end - 8));  // the last 8 bytes, overlapping the step before
    } else if (n >= 4) {
        mix(load32(p) | load32(p + n - 4) << 32);
    } else if (n > 0) {
        mix(p[0] | static_cast<std::uint64_t>(p[n / 2]) << 8 | static_cast<std::uint64_t>(p[n - 1]) << 16);
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

inline std::uint16_t length_at(const char* p) noexcept {
    std::uint16_t len;
    std::memcpy(&len, p, 2);
    return len;
}

constexpr std::size_t chunk_bytes = 4u << 20;

// Strings read back from the file, by offset: (offset + 1) << 32 | position in the bytes.
inline std::size_t old_slot(std::uint32_t offset, std::size_t mask) noexcept {
    return static_cast<std::size_t>((offset * 0x9E3779B97F4A7C15ull) >> 24) & mask;
}

}  // namespace

StringPool::StringPool(std::string spill_directory, std::size_t resident_bytes)
    : m_spill_directory(std::move(spill_directory)),
      m_resident_bytes(std::max<std::size_t>(resident_bytes, 1)),
      m_table(1u << 16) {}

StringPool::~StringPool() = default;

std::uint64_t StringPool::hash(std::string_view s) noexcept { return hash_bytes(s); }

bool StringPool::equals(std::uint32_t offset, std::string_view s) {
    if (offset >= m_file_bytes) {
        const char* p = m_tail.data() + (offset - m_file_bytes);
        return length_at(p) == s.size() && std::memcmp(p + 2, s.data(), s.size()) == 0;
    }
    const std::size_t mask = m_old_slots.size() - 1;
    if (!m_old_slots.empty()) {
        for (std::size_t i = old_slot(offset, mask); m_old_slots[i]; i = (i + 1) & mask) {
            if ((m_old_slots[i] >> 32) != offset + 1ull) continue;
            const char* p = m_old_bytes.data() + (m_old_slots[i] & 0xFFFFFFFFu);
            return length_at(p) == s.size() && std::memcmp(p + 2, s.data(), s.size()) == 0;
        }
    }
    // One read of the length and as many bytes as `s` has (the file may end sooner: a
    // shorter string at its end cannot be equal).
    ++m_file_reads;
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(2 + s.size(), m_file_bytes - offset));
    m_read.resize(want);
    m_file->read_at(offset, m_read.data(), want);
    const std::uint16_t len = length_at(m_read.data());
    if (len != s.size() || want != 2 + s.size() || std::memcmp(m_read.data() + 2, s.data(), s.size()) != 0)
        return false;
    // A string repeated from far back is likely to be repeated again: keep it (only true
    // matches are kept, so the cache holds strings in use, not tag collisions).
    if (m_old_bytes.size() + m_read.size() <= 0xFFFFFFFFull) {
        if ((m_old_count + 1) * 2 > m_old_slots.size()) {
            std::vector<std::uint64_t> old(std::max<std::size_t>(m_old_slots.size() * 2, 1u << 12), 0);
            old.swap(m_old_slots);
            const std::size_t m2 = m_old_slots.size() - 1;
            for (std::uint64_t v : old) {
                if (!v) continue;
                std::size_t i = old_slot(static_cast<std::uint32_t>((v >> 32) - 1), m2);
                while (m_old_slots[i]) i = (i + 1) & m2;
                m_old_slots[i] = v;
            }
        }
        const std::size_t m2 = m_old_slots.size() - 1;
        std::size_t i = old_slot(offset, m2);
        while (m_old_slots[i]) i = (i + 1) & m2;
        m_old_slots[i] = ((offset + 1ull) << 32) | m_old_bytes.size();
        m_old_bytes.append(m_read);
        ++m_old_count;
    }
    return true;
}

void StringPool::spill() {
    // The older half goes to the file, cut at a string boundary; the newer stays, as most
    // repeats are of recent strings (the other names of the same place).
    std::size_t cut = 0;
    while (cut < m_tail.size() / 2) cut += 2 + length_at(m_tail.data() + cut);
    if (!m_file) {
        std::string dir = m_spill_directory;
        if (dir.empty()) dir = std::filesystem::temp_directory_path().string();
        m_file = std::make_unique<SpillFile>(dir);
    }
    m_file->append(m_tail.data(), cut);
    m_file->flush();
    m_file_bytes += cut;
    m_tail.erase(0, cut);
}

void StringPool::write(const std::function<void(const char*, std::size_t)>& sink) const {
    if (m_file_bytes) {
        std::vector<char> chunk(chunk_bytes);
        for (std::uint64_t at = 0; at < m_file_bytes;) {
            auto n = static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), m_file_bytes - at));
            m_file->read_at(at, chunk.data(), n);
            sink(chunk.data(), n);
            at += n;
        }
    }
    if (!m_tail.empty()) sink(m_tail.data(), m_tail.size());
}

std::string StringPool::contents() const {
    std::string out;
    out.reserve(size());
    write([&](const char* p, std::size_t n) { out.append(p, n); });
    return out;
}

void StringPool::drop_table() {
    m_table.release();
    m_old_slots = {};
    m_old_bytes = {};
}

void StringPool::reserve(std::uint64_t strings) {
    std::size_t slots = m_table.size();
    while (slots < (std::size_t{1} << 28) && strings * 4 > slots * 3) slots *= 2;
    if (slots != m_table.size()) rehash(slots);
}

void StringPool::grow() { rehash(m_table.size() * 2); }

void StringPool::rehash(std::size_t slots) {
    // Rehashed by walking the pool in order (sequential reads, of the file too) rather
    // than the old slots; every pooled string is in the table exactly once. The old table
    // goes first: it is not needed, and both at once were the peak.
    if (slots >= (1u << 26)) build_timing("pool: grow start");
    m_table.reset(slots);
    const std::size_t mask = slots - 1;
    auto insert = [&](std::uint64_t off, const char* p) {
        std::uint64_t h = hash_bytes({p + 2, length_at(p)});
        std::size_t i = h & mask;
        while (m_table.value(i)) i = (i + 1) & mask;
        m_table.set(i, static_cast<std::uint32_t>(off + 1), tag_of(h));
    };
    if (m_file_bytes) {
        std::vector<char> chunk(chunk_bytes);
        for (std::uint64_t at = 0; at < m_file_bytes;) {
            auto n = static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), m_file_bytes - at));
            m_file->read_at(at, chunk.data(), n);
            // Whole strings of the chunk; one cut by its end is read again with the next.
            std::size_t k = 0;
            while (k + 2 <= n && k + 2 + length_at(chunk.data() + k) <= n) {
                insert(at + k, chunk.data() + k);
                k += 2 + length_at(chunk.data() + k);
            }
            at += k;
        }
    }
    for (std::size_t k = 0; k < m_tail.size(); k += 2 + length_at(m_tail.data() + k))
        insert(m_file_bytes + k, m_tail.data() + k);
    if (slots >= (1u << 26)) build_timing("pool: grow end");
}

std::uint32_t StringPool::add(std::string_view s, std::uint64_t h) {
    if (s.size() > 0xFFFF) s = s.substr(0, 0xFFFF);
    const std::size_t mask = m_table.size() - 1;
    const std::uint16_t tag = tag_of(h);
    std::size_t i = h & mask;
    for (std::uint32_t v; (v = m_table.value(i)) != 0; i = (i + 1) & mask)
        if (m_table.tag(i) == tag && equals(v - 1, s)) return v - 1;
    if (size() + s.size() + 2 > 0xFFFFFFFFull)
        throw GazetteerError("gazetteer too large: string pool exceeds 4 GB", "build from a smaller dump or report this");
    if (!m_tail.empty() && m_tail.size() + s.size() + 2 > m_resident_bytes) spill();
    // A large in-memory pool takes the format's whole 4 GiB of address space at once (a
    // bounded one its budget): pages are only backed when written, and a doubling copy of
    // a pool that large would hold both copies at the peak.
    if (m_tail.size() + s.size() + 2 > m_tail.capacity() && m_tail.size() >= (64u << 20))
        m_tail.reserve(std::min<std::uint64_t>(m_resident_bytes, 0xFFFFFFFFull) + 0x10002);
    auto off = static_cast<std::uint32_t>(size());
    auto len = static_cast<std::uint16_t>(s.size());
    m_tail.append(reinterpret_cast<const char*>(&len), 2);
    m_tail.append(s);
    m_table.set(i, off + 1, tag);
    if (++m_count * 4 > m_table.size() * 3) grow();
    return off;
}

}  // namespace geoevent::gazetteer::detail
