#pragma once
// The gazetteer as the tagger sees it: a hash set of every stored spelling (compact
// keys), answered in nanoseconds, in front of cached Index::lookup calls. Most
// capitalised words are not place names; the set rejects them without ICU work.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "geoevent/gazetteer/index.hpp"

namespace geoevent::toponym::detail {

class GazetteerView {
public:
    explicit GazetteerView(const gazetteer::Index& index);

    const gazetteer::Index& index() const noexcept { return m_index; }
    // True when some place has a spelling with this compact key (see compact_key).
    bool has_name(std::string_view compact) const;
    // Index::lookup, remembered; the reference stays valid until the next call.
    const std::vector<gazetteer::Candidate>& lookup(std::string_view name, gazetteer::Expect expect);
    // The country a demonym names ("syrienne" -> Syria), remembered per word.
    std::optional<gazetteer::Candidate> demonym(const std::string& word);

private:
    const gazetteer::Index& m_index;
    std::unordered_set<std::uint64_t> m_names;
    std::unordered_map<std::string, std::vector<gazetteer::Candidate>> m_lookups;
    std::unordered_map<std::string, std::optional<gazetteer::Candidate>> m_demonyms;
};

std::uint64_t hash_key(std::string_view key) noexcept;

}  // namespace geoevent::toponym::detail
