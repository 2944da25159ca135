#include "output/id_set.hpp"

#include <charconv>

namespace geoevent::output::detail {

namespace {

// The ids are often hashes already, but decimal ids are sequential: mix them so that
// consecutive keys do not fill consecutive slots (murmur3's 64-bit finaliser).
std::size_t slot_hash(std::uint64_t k) noexcept {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ull;
    k ^= k >> 33;
    return static_cast<std::size_t>(k);
}

bool parse_hex16(std::string_view s, std::uint64_t& out) {
    if (s.size() != 16) return false;
    std::uint64_t v = 0;
    for (char c : s) {
        unsigned digit;
        if (c >= '0' && c <= '9') digit = unsigned(c - '0');
        else if (c >= 'a' && c <= 'f') digit = unsigned(c - 'a' + 10);
        else return false;  // upper case is another text, kept apart
        v = (v << 4) | digit;
    }
    out = v;
    return true;
}

// Only the form std::to_string prints, so that each integer has one text.
bool parse_decimal(std::string_view s, std::uint64_t& out) {
    if (s.empty() || s.size() > 20) return false;
    std::size_t digits = s[0] == '-' ? 1 : 0;
    if (digits == s.size() || s[digits] < '0' || s[digits] > '9') return false;
    if (s[digits] == '0' && (s.size() > digits + 1 || digits == 1)) return false;  // "01", "-0"
    std::int64_t v = 0;
    auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (error != std::errc() || end != s.data() + s.size()) return false;
    out = static_cast<std::uint64_t>(v);
    return true;
}

}  // namespace

bool U64Set::contains(std::uint64_t key) const noexcept {
    if (key == 0) return m_has_zero;
    if (m_slots.empty()) return false;
    std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = slot_hash(key) & mask;; i = (i + 1) & mask) {
        if (m_slots[i] == key) return true;
        if (m_slots[i] == 0) return false;
    }
}

bool U64Set::insert(std::uint64_t key) {
    if (key == 0) {
        bool fresh = !m_has_zero;
        m_has_zero = true;
        return fresh;
    }
    if ((m_size + 1) * 5 > m_slots.size() * 4) grow();
    std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = slot_hash(key) & mask;; i = (i + 1) & mask) {
        if (m_slots[i] == key) return false;
        if (m_slots[i] == 0) {
            m_slots[i] = key;
            ++m_size;
            return true;
        }
    }
}

void U64Set::grow() {
    std::vector<std::uint64_t> old;
    old.swap(m_slots);
    m_slots.assign(old.empty() ? 1024 : old.size() * 2, 0);
    std::size_t mask = m_slots.size() - 1;
    for (std::uint64_t key : old) {
        if (key == 0) continue;
        std::size_t i = slot_hash(key) & mask;
        while (m_slots[i] != 0) i = (i + 1) & mask;
        m_slots[i] = key;
    }
}

bool IdSet::contains(std::string_view id) const {
    std::uint64_t v;
    if (parse_hex16(id, v)) return m_hex.contains(v);
    if (parse_decimal(id, v)) return m_decimal.contains(v);
    return m_other.find(std::string(id)) != m_other.end();
}

bool IdSet::insert(std::string_view id) {
    std::uint64_t v;
    if (parse_hex16(id, v)) return m_hex.insert(v);
    if (parse_decimal(id, v)) return m_decimal.insert(v);
    return m_other.emplace(id).second;
}

std::size_t IdSet::size() const noexcept { return m_hex.size() + m_decimal.size() + m_other.size(); }

std::size_t IdSet::memory_bytes() const noexcept {
    std::size_t other = m_other.bucket_count() * sizeof(void*);
    for (const auto& s : m_other) other += sizeof(s) + 2 * sizeof(void*) + (s.size() > 15 ? s.capacity() + 1 : 0);
    return m_hex.memory_bytes() + m_decimal.memory_bytes() + other;
}

}  // namespace geoevent::output::detail
