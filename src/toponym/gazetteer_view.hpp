#pragma once
// The gazetteer as the tagger sees it: a hash set of every stored spelling (compact
// keys), answered in nanoseconds, in front of cached Index::lookup calls. Most
// capitalised words are not place names; the set rejects them without ICU work.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "geoevent/gazetteer/index.hpp"
#include "toponym/flat_map.hpp"

namespace geoevent::toponym::detail {

// How many candidates GazetteerView::lookup asks the index for.
inline constexpr std::size_t max_lookup_candidates = 8;

class GazetteerView {
public:
    explicit GazetteerView(const gazetteer::Index& index);

    const gazetteer::Index& index() const noexcept { return m_index; }
    // True when some place has a spelling with this compact key (see compact_key).
    bool has_name(std::string_view compact) const;
    // The same, given hash_key(compact).
    bool has_name_hash(std::uint64_t hash) const { return m_names.contains(hash); }
    // Hints that has_name_hash(hash) will be asked soon (see FlatHashSet::prefetch).
    void prefetch_name(std::uint64_t hash) const noexcept { m_names.prefetch(hash); }
    // Index::lookup, remembered. The answer (and the candidates in it) stays valid until
    // trim_cache(), so the resolver can point at candidates instead of copying them.
    const std::vector<gazetteer::Candidate>& lookup(std::string_view name, gazetteer::Expect expect);
    // Empties the lookup cache once it has grown past its bound; call it between documents.
    void trim_cache();
    // The country a demonym names ("syrienne" -> Syria), remembered per word.
    // The reference stays valid until the next call.
    const std::optional<gazetteer::Candidate>& demonym(std::string_view word) { return demonym(word, string_hash(word)); }
    // The same, given string_hash(word).
    const std::optional<gazetteer::Candidate>& demonym(std::string_view word, std::uint64_t hash);

private:
    const gazetteer::Index& m_index;
    FlatHashSet m_names;
    // The lookup cache, one map per Expect value, so a name is its own key.
    std::array<FlatStringMap<std::vector<gazetteer::Candidate>>, 4> m_lookups;
    // Word -> 0 when it names no country, else 1 + its answer's index in m_demonym_answers.
    // Almost every word probed is no demonym: the small entries keep the probes in cache.
    FlatStringMap<std::uint32_t> m_demonyms;
    std::vector<std::optional<gazetteer::Candidate>> m_demonym_answers;
};

std::uint64_t hash_key(std::string_view key) noexcept;

}  // namespace geoevent::toponym::detail
