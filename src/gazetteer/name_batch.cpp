#include "gazetteer/name_batch.hpp"

#include <algorithm>
#include <exception>
#include <thread>
#include <unordered_set>

#include "gazetteer/index_format.hpp"
#include "gazetteer/ranking.hpp"
#include "gazetteer/string_pool.hpp"
#include "geoevent/text/name_keys.hpp"
#include "text/utf8.hpp"

namespace geoevent::gazetteer::detail {

namespace {

// Scripts a French/English/German or Arabic text can contain; names in other scripts
// (Cyrillic, CJK, …) cannot match and would only swell the index.
bool is_matchable_script(std::string_view name) {
    for (std::size_t i = 0; i < name.size();) {
        if (static_cast<unsigned char>(name[i]) < 0x80) {
            ++i;
            continue;
        }
        char32_t c = text::decode_utf8(name, i);
        bool ok = c < 0x250 || (c >= 0x1E00 && c <= 0x1EFF) || (c >= 0x2B0 && c <= 0x36F) ||
                  (c >= 0x2000 && c <= 0x206F) || (c >= 0x600 && c <= 0x6FF) ||
                  (c >= 0x750 && c <= 0x77F) || (c >= 0x8A0 && c <= 0x8FF) ||
                  (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF) ||
                  (c >= 0x2C60 && c <= 0x2C7F) || (c >= 0xA720 && c <= 0xA7FF);
        if (!ok || c == 0xFFFD) return false;
    }
    return true;
}

// "ALP", "DEZ", "US": airport, station and ISO codes listed as alternate names give false
// hits on acronyms in news text.
bool is_code_like(std::string_view name) {
    if (name.size() > 4) return false;
    return std::all_of(name.begin(), name.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

// A place's candidate names, first occurrence of each spelling only.
class Candidates {
public:
    void clear() {
        m_names.clear();
        m_seen.clear();
    }
    void add(std::string_view name, std::uint32_t origin) { m_names.emplace_back(name, origin); }
    const std::vector<std::pair<std::string_view, std::uint32_t>>& names() const { return m_names; }
    // True the first time a spelling is asked about; a linear scan for the usual few names.
    bool first(std::size_t k) {
        std::string_view name = m_names[k].first;
        if (m_names.size() > 48) return m_seen.insert(name).second;
        for (std::size_t j = 0; j < k; ++j)
            if (m_names[j].first == name) return false;
        return true;
    }

private:
    std::vector<std::pair<std::string_view, std::uint32_t>> m_names;
    std::unordered_set<std::string_view> m_seen;
};

// `blobs` holds the strings of live[first..).
void compute_slice(const PlaceStore& store, const PlaceBlobs& blobs, const std::vector<std::uint32_t>& live,
                   std::size_t first, std::size_t begin, std::size_t end, const ExtraNames& extra, NameSlice& out) {
    out.names.clear();
    out.place_end.clear();
    out.text.clear();
    PlaceStrings s;
    Candidates cands;
    std::string exact, flat, loose1, loose2;
    for (std::size_t i = begin; i < end; ++i) {
        const StoredPlace& p = store.places()[live[i]];
        blobs.strings(i - first, s);
        cands.clear();
        cands.add(s.name, row_origin);
        cands.add(s.ascii_name, row_origin);
        for (auto n : s.alternate_names) cands.add(n, row_origin);
        if (!extra.empty())
            if (auto it = extra.find(p.geonameid); it != extra.end())
                for (auto& [n, origin] : it->second) cands.add(n, origin);
        const bool country = s.feature_code.rfind("PCL", 0) == 0;
        for (std::size_t k = 0; k < cands.names().size(); ++k) {
            auto [name, origin] = cands.names()[k];
            if (name.empty() || !cands.first(k)) continue;
            if (!text::is_valid_utf8(name) || !is_matchable_script(name)) continue;
            if (k > 0 && is_code_like(name)) continue;
            text::exact_key(name, exact);
            exact.erase(std::remove(exact.begin(), exact.end(), ' '), exact.end());
            if (exact.empty()) continue;
            NameKeys nk{};
            nk.name = name;
            nk.origin = origin;
            nk.exact_hash = key_hash(0, exact);
            nk.exact_at = static_cast<std::uint32_t>(out.text.size());
            nk.exact_size = static_cast<std::uint32_t>(exact.size());
            out.text += exact;
            text::flat_key(name, flat);
            std::string folded = phonetic_fold(flat);
            nk.flat_at = static_cast<std::uint32_t>(out.text.size());
            nk.flat_size = static_cast<std::uint32_t>(folded.size());
            out.text += folded;
            // Countries come with every exonym listed; loosely matched they only add noise
            // (Raqa ~ العراق).
            if (!country) {
                std::size_t n = text::loose_keys(name, loose1, loose2);
                if (n > 0) nk.loose_hash[nk.loose_count++] = key_hash(1, loose1);
                if (n > 1) nk.loose_hash[nk.loose_count++] = key_hash(1, loose2);
            }
            nk.name_hash = StringPool::hash(name);
            nk.flat_hash = StringPool::hash(folded);
            out.names.push_back(nk);
        }
        out.place_end.push_back(static_cast<std::uint32_t>(out.names.size()));
    }
}

}  // namespace

void compute_name_keys(const PlaceStore& store, const PlaceBlobs& blobs, const std::vector<std::uint32_t>& live,
                       std::size_t begin, std::size_t end, const ExtraNames& extra, std::vector<NameSlice>& slices) {
    const std::size_t n = slices.size();
    const std::size_t per = (end - begin + n - 1) / n;
    std::vector<std::exception_ptr> errors(n);
    auto run = [&](std::size_t t) {
        std::size_t b = std::min(end, begin + t * per), e = std::min(end, b + per);
        try {
            compute_slice(store, blobs, live, begin, b, e, extra, slices[t]);
        } catch (...) {
            errors[t] = std::current_exception();
        }
    };
    std::vector<std::thread> helpers;
    for (std::size_t t = 1; t < n; ++t) helpers.emplace_back(run, t);
    run(0);
    for (auto& h : helpers) h.join();
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
}

}  // namespace geoevent::gazetteer::detail
