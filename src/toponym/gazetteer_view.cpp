#include "toponym/gazetteer_view.hpp"

#include "geoevent/toponym/tokenizer.hpp"

namespace geoevent::toponym::detail {

namespace {
// Caches are cleared when they grow past this, so a long run over a huge, varied corpus
// keeps a bounded footprint.
constexpr std::size_t max_cached = 200000;
}

std::uint64_t hash_key(std::string_view key) noexcept {
    std::uint64_t h = 14695981039346656037ull;  // FNV-1a
    for (unsigned char c : key) h = (h ^ c) * 1099511628211ull;
    return h;
}

GazetteerView::GazetteerView(const gazetteer::Index& index) : m_index(index) {
    m_names.reserve(index.size() * 4);
    for (std::size_t i = 0; i < index.size(); ++i) {
        auto place = index.place(i);
        for (auto name : index.names(place.geonameid)) {
            auto key = compact_key(name);
            if (!key.empty()) m_names.insert(hash_key(key));
        }
    }
}

bool GazetteerView::has_name(std::string_view compact) const { return m_names.contains(hash_key(compact)); }

const std::vector<gazetteer::Candidate>& GazetteerView::lookup(std::string_view name, gazetteer::Expect expect) {
    auto& cache = m_lookups.at(static_cast<std::size_t>(expect));
    const std::uint64_t h = string_hash(name);
    if (auto* found = cache.find(name, h)) return *found;
    gazetteer::LookupOptions o;
    o.limit = max_lookup_candidates;
    o.expect = expect;
    return cache.insert(name, h, m_index.lookup(name, o));
}

void GazetteerView::trim_cache() {
    std::size_t cached = 0;
    for (auto& cache : m_lookups) cached += cache.size();
    if (cached > max_cached)
        for (auto& cache : m_lookups) cache.clear();
}

const std::optional<gazetteer::Candidate>& GazetteerView::demonym(std::string_view word, std::uint64_t h) {
    static const std::optional<gazetteer::Candidate> none;
    if (const std::uint32_t* found = m_demonyms.find(word, h)) return *found ? m_demonym_answers[*found - 1] : none;
    if (m_demonyms.size() > max_cached) {
        m_demonyms.clear();
        m_demonym_answers.clear();
    }
    gazetteer::LookupOptions o;
    o.limit = 1;
    o.expect = gazetteer::Expect::country;
    o.include_demonyms = true;
    auto c = m_index.lookup(word, o);
    if (c.empty() || c.front().match != gazetteer::MatchKind::demonym) {
        m_demonyms.insert(word, h, 0);
        return none;
    }
    m_demonym_answers.emplace_back(c.front());
    m_demonyms.insert(word, h, static_cast<std::uint32_t>(m_demonym_answers.size()));
    return m_demonym_answers.back();
}

}  // namespace geoevent::toponym::detail
