#include "toponym/resolver.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <string>

#include "toponym/flat_map.hpp"
#include "toponym/tokenizer_detail.hpp"


namespace geoevent::toponym::detail {

namespace {

using gazetteer::Candidate;
using gazetteer::Expect;

// Weights of the context evidence, on the scale of the gazetteer score (0..1). A named
// country outweighs the population gap between a capital and a provincial namesake
// (Tripoli, Libya vs Tripoli, Lebanon: ~0.05); proximity decides among close calls.
constexpr double w_country = 0.22;
constexpr double w_country_implied = 0.08;  // a country only implied by resolved places
constexpr double w_near = 0.20;
constexpr double w_pair = 0.35;
constexpr double w_kind_cue = 0.05;
constexpr double near_full_km = 25;    // full proximity bonus within this distance
constexpr double near_zero_km = 2500;  // none beyond

enum : std::uint8_t {
    r_country_ctx = 1,
    r_doc_country = 2,
    r_near = 4,
    r_pair = 8,
    r_admin1_cue = 16,
    r_place_cue = 32,
    r_country_name = 64,
};

// "exact+country_ctx+near": how the name matched, then the evidence that chose the place;
// "+prior" when the gazetteer's own ranking (population, feature code) decided alone.
std::string reason_code(gazetteer::MatchKind match, std::uint8_t bits) {
    std::string r = to_string(match);
    static const std::pair<std::uint8_t, const char*> names[] = {
        {r_country_name, "+country_name"}, {r_country_ctx, "+country_ctx"}, {r_doc_country, "+doc_country"},
        {r_near, "+near"}, {r_pair, "+pair"}, {r_admin1_cue, "+admin1_cue"}, {r_place_cue, "+place_cue"}};
    for (auto& [bit, name] : names)
        if (bits & bit) r += name;
    if (!bits) r += "+prior";
    return r;
}

// Country codes are two letters: compared inline rather than through memcmp.
bool same_code(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    if (a.size() == 2) return a[0] == b[0] && a[1] == b[1];
    return a == b;
}

// Country codes (two letters, or empty) as one integer, so the per-candidate counting below
// compares integers; longer codes, which GeoNames does not have, are compared as text.
constexpr std::uint32_t long_code = 0xFFFFFFFFu;
std::uint32_t packed_code(std::string_view code) noexcept {
    if (code.size() == 2)  // every real code
        return (2u << 24) | static_cast<unsigned char>(code[0]) | (std::uint32_t{static_cast<unsigned char>(code[1])} << 8);
    if (code.size() > 3) return long_code;
    std::uint32_t value = static_cast<std::uint32_t>(code.size()) << 24;
    for (std::size_t i = 0; i < code.size(); ++i) value |= std::uint32_t{static_cast<unsigned char>(code[i])} << (8 * i);
    return value;
}

// Countries of one article: a handful, so a flat list beats a hash map; the first few
// live inline, so a document usually allocates nothing for them.
class CountryCounts {
public:
    void add(std::string_view iso2) {
        const std::uint32_t packed = packed_code(iso2);
        for (std::size_t k = 0; k < m_size; ++k)
            if (at(k).is(iso2, packed)) {
                ++at(k).count;
                return;
            }
        if (m_size < m_inline.size()) m_inline[m_size] = {iso2, packed, 1};
        else m_more.push_back({iso2, packed, 1});
        ++m_size;
    }
    int count(std::string_view iso2) const {
        const std::uint32_t packed = packed_code(iso2);
        for (std::size_t k = 0; k < m_size; ++k)
            if (at(k).is(iso2, packed)) return at(k).count;
        return 0;
    }

private:
    struct Entry {
        std::string_view code;
        std::uint32_t packed = 0;
        int count = 0;
        bool is(std::string_view other, std::uint32_t other_packed) const noexcept {
            return packed == other_packed && (packed != long_code || code == other);
        }
    };
    Entry& at(std::size_t k) { return k < m_inline.size() ? m_inline[k] : m_more[k - m_inline.size()]; }
    const Entry& at(std::size_t k) const { return k < m_inline.size() ? m_inline[k] : m_more[k - m_inline.size()]; }
    std::array<Entry, 8> m_inline;
    std::vector<Entry> m_more;
    std::size_t m_size = 0;
};

// A name's candidates, referenced rather than copied (up to 8 × 152 bytes per name per
// document): they live in the view's lookup cache, which is only emptied between
// documents (GazetteerView::trim_cache), or in the detection's demonym.
class CandidateRefs {
public:
    const Candidate& operator[](std::size_t i) const { return *m_refs[i]; }
    const Candidate& front() const { return *m_refs[0]; }
    std::size_t size() const noexcept { return m_size; }
    bool empty() const noexcept { return m_size == 0; }
    void clear() noexcept { m_size = 0; }
    void assign_one(const Candidate& c) noexcept {
        m_refs[0] = &c;
        m_size = 1;
    }
    // An exact spelling beats any transliteration collision (Irak is Iraq, not Arak): loose
    // matches are kept only when nothing matched exactly.
    void assign(std::span<const Candidate> found) noexcept {
        const bool any_exact = std::any_of(found.begin(), found.end(),
                                           [](const Candidate& c) { return c.match != gazetteer::MatchKind::loose; });
        m_size = 0;
        for (auto& c : found) {
            if (any_exact && c.match == gazetteer::MatchKind::loose) continue;
            if (m_size == m_refs.size()) break;
            m_refs[m_size++] = &c;
        }
    }

private:
    std::array<const Candidate*, max_lookup_candidates> m_refs{};
    std::size_t m_size = 0;
};

struct Group {
    std::size_t last_detection = 0;
    CandidateRefs candidates;  // at most max_lookup_candidates
    std::array<double, max_lookup_candidates> scores{};
    std::array<std::uint8_t, max_lookup_candidates> reasons{};  // Evidence bits, spelled out only for the output
    std::size_t chosen = 0;
    Cue cue = Cue::none;
    bool demonym = false;
    bool loose = false;
};

// Equirectangular distance: within the few thousand kilometres where proximity counts it
// is within a few percent of the great circle, at a fraction of the trigonometry.
// cos_lat2 is cos(lat2), computed once per anchor.
constexpr double deg = 3.14159265358979323846 / 180.0;
// Split in two so a nearest-anchor search takes one square root instead of one per
// anchor: sqrt and the scaling are monotonic, so the kilometres of the smallest square
// are exactly (bit for bit) the smallest of the kilometres.
double approx_square(double lat1, double lon1, double lat2, double lon2, double cos_lat2) {
    double dlon = std::abs(lon2 - lon1);
    if (dlon > 180) dlon = 360 - dlon;
    double x = dlon * deg * cos_lat2;
    double y = (lat2 - lat1) * deg;
    return x * x + y * y;
}
double km_of_square(double square) { return 6371.0 * std::sqrt(square); }

double near_bonus(double km) {
    if (km <= near_full_km) return 1.0;
    if (km >= near_zero_km) return 0.0;
    return 1.0 - std::log(km / near_full_km) / std::log(near_zero_km / near_full_km);
}

// Context scores become shares of confidence among the candidates (sum 1), so a
// mention's score says how clearly it won rather than how many cues fired.
void softmax(const double* scores, std::size_t n, double* out) {
    constexpr double temperature = 0.05;
    if (n == 0) return;
    double top = *std::max_element(scores, scores + n), sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += out[i] = std::exp((scores[i] - top) / temperature);
    for (std::size_t i = 0; i < n; ++i) out[i] /= sum;
}

MentionKind kind_of(const gazetteer::Place& p) {
    if (p.is_country()) return MentionKind::country;
    if (p.is_admin1()) return MentionKind::admin1;
    return MentionKind::place;
}

}  // namespace

std::vector<Mention> resolve(GazetteerView& gaz, const std::vector<Detection>& detections,
                             const std::vector<Token>& tokens, std::size_t max_candidates) {
    // One sense per name per document: mentions group by spelling and by the kind of
    // place their cue asks for ("province de Deir Ezzor" is not the city).
    // Groups live in one per-thread vector sized up front (so the pointers to them stay
    // valid) and reused from document to document, candidate lists included: a document
    // allocates none of them once the buffers have grown.
    struct Scratch {
        std::vector<Group> storage;
        FlatStringMap<std::uint32_t> by_key;
        std::string key;
        std::vector<Group*> groups, group_of;
        std::vector<std::pair<Group*, Group*>> pairs;
        struct Anchor {
            const Group* group;
            double lat, lon, cos_lat;
        };
        std::vector<Anchor> anchors;
    };
    thread_local Scratch scratch;
    std::vector<Group>& storage = scratch.storage;
    if (storage.size() < detections.size()) storage.resize(detections.size());
    std::size_t used = 0;
    auto& by_key = scratch.by_key;
    by_key.clear();
    std::string& key = scratch.key;
    std::vector<Group*>& groups = scratch.groups;
    groups.clear();
    std::vector<Group*>& group_of = scratch.group_of;
    group_of.assign(detections.size(), nullptr);
    for (std::size_t i = 0; i < detections.size(); ++i) {
        auto& d = detections[i];
        if (d.whole_tokens) compact_key_of_tokens(tokens, d.first_token, d.last_token, key);
        else compact_key(d.surface, key);
        key += d.cue == Cue::admin1 ? "#a" : d.demonym ? "#d" : "";
        const std::uint64_t h = string_hash(key);
        const std::uint32_t* slot = by_key.find(key, h);
        const bool fresh = slot == nullptr;
        if (fresh) {
            Group& reused = storage[used];
            reused.last_detection = 0;
            reused.candidates.clear();
            reused.scores.fill(0);
            reused.reasons.fill(0);
            reused.chosen = 0;
            reused.cue = Cue::none;
            reused.demonym = false;
            reused.loose = false;
            by_key.insert(key, h, static_cast<std::uint32_t>(used));
            ++used;
        }
        Group& g = storage[fresh ? used - 1 : *slot];
        if (fresh) {
            groups.push_back(&g);
            g.demonym = d.demonym.has_value();
            if (g.demonym) g.candidates.assign_one(*d.demonym);
            else if (d.candidates != nullptr) g.candidates.assign({d.candidates, d.candidate_count});
            else g.candidates.assign(gaz.lookup(d.surface, d.cue == Cue::admin1 ? Expect::admin1 : Expect::any));
        }
        g.loose = g.loose || d.loose;
        if (d.cue > g.cue) g.cue = d.cue;
        g.last_detection = i;
        group_of[i] = &g;
    }
    for (auto* g : groups)
        for (std::size_t c = 0; c < g->candidates.size(); ++c) g->scores[c] = g->candidates[c].score;

    // "Paris, Texas" / "Tripoli, Lebanon": the place after the comma contains this one.
    std::vector<std::pair<Group*, Group*>>& pairs = scratch.pairs;
    pairs.clear();
    for (std::size_t i = 0; i + 1 < detections.size(); ++i) {
        auto& a = detections[i];
        auto& b = detections[i + 1];
        if (a.last_token < tokens.size() && tokens[a.last_token].comma_after && b.first_token == a.last_token + 1 &&
            group_of[i] != group_of[i + 1])
            pairs.emplace_back(group_of[i], group_of[i + 1]);
    }

    // Countries named outright (Syria, l'Irak) or through a demonym (syrien, Iraqi).
    CountryCounts named_countries;
    for (auto* g : groups) {
        if (g->candidates.empty()) continue;
        auto& top = g->candidates.front();
        if (g->demonym || (top.place.is_country() && top.match == gazetteer::MatchKind::exact))
            named_countries.add(top.place.country);
    }

    std::vector<Scratch::Anchor>& anchors = scratch.anchors;
    bool changed = true;
    // Choices feed each other (the anchors move); a few rounds settle them.
    for (int pass = 0; pass < 3 && changed; ++pass) {
        changed = false;
        // Where the other places of the article are, as currently resolved.
        CountryCounts implied;
        anchors.clear();
        for (auto* g : groups) {
            if (g->candidates.empty() || g->demonym) continue;
            auto& p = g->candidates[g->chosen].place;
            implied.add(p.country);
            if (!p.is_country()) anchors.push_back({g, p.latitude, p.longitude, std::cos(p.latitude * deg)});
        }
        for (auto* g : groups) {
            if (g->candidates.empty() || g->demonym) continue;
            // A country named by its exact name is that country, whatever else is near.
            if (g->candidates.front().place.is_country() && g->candidates.front().match == gazetteer::MatchKind::exact) {
                g->reasons[0] = r_country_name;
                continue;
            }
            std::string_view own_country = g->candidates[g->chosen].place.country;
            for (std::size_t c = 0; c < g->candidates.size(); ++c) {
                auto& cand = g->candidates[c];
                std::uint8_t reason = 0;
                double s = cand.score;
                std::string_view country = cand.place.country;
                if (named_countries.count(country) && !cand.place.is_country()) {
                    s += w_country;
                    reason |= r_country_ctx;
                } else if (!cand.place.is_country()) {
                    int others = implied.count(country) - (same_code(country, own_country) ? 1 : 0);
                    if (others > 0) {
                        s += w_country_implied;
                        reason |= r_doc_country;
                    }
                }
                if (!cand.place.is_country()) {
                    double nearest_square = std::numeric_limits<double>::infinity();  // none yet
                    for (auto& a : anchors)
                        if (a.group != g) {
                            double sq = approx_square(cand.place.latitude, cand.place.longitude, a.lat, a.lon, a.cos_lat);
                            if (sq < nearest_square) nearest_square = sq;
                        }
                    // 1e9 km stands for "no anchor" (no distance on Earth comes near it).
                    double nearest = std::isinf(nearest_square) ? 1e9 : std::min(1e9, km_of_square(nearest_square));
                    double nb = nearest < 1e9 ? near_bonus(nearest) : 0;
                    if (nb > 0) {
                        s += w_near * nb;
                        if (nb > 0.25) reason |= r_near;
                    }
                }
                for (auto& [a, b] : pairs) {
                    if (a != g || b->candidates.empty()) continue;
                    auto& container = b->candidates[b->chosen].place;
                    bool inside = same_code(container.country, cand.place.country) &&
                                  (container.is_country() || (container.is_admin1() && container.admin1 == cand.place.admin1));
                    if (inside) {
                        s += w_pair;
                        reason |= r_pair;
                    }
                }
                if (g->cue == Cue::admin1 && cand.place.is_admin1()) reason |= r_admin1_cue;
                if (g->cue == Cue::populated_place && cand.place.feature_class == 'P') {
                    s += w_kind_cue;
                    reason |= r_place_cue;
                }
                g->scores[c] = s;
                g->reasons[c] = reason;
            }
            std::size_t arg = 0;
            for (std::size_t c = 1; c < g->candidates.size(); ++c)
                if (g->scores[c] > g->scores[arg]) arg = c;
            changed = changed || arg != g->chosen;
            g->chosen = arg;
        }
    }

    // What every mention of a group shares (score, reason, candidate list), computed once
    // per group.
    struct Output {
        double score = 0;
        std::string reason;
        std::vector<ScoredId> candidates;
    };
    std::vector<Output> outputs(used);
    std::array<double, max_lookup_candidates> confidence{};
    std::array<std::size_t, max_lookup_candidates> order{};
    for (std::size_t k = 0; k < used; ++k) {
        Group& g = storage[k];
        if (g.candidates.empty()) continue;
        Output& o = outputs[k];
        auto& cand = g.candidates[g.chosen];
        const std::size_t n = g.candidates.size();
        softmax(g.scores.data(), n, confidence.data());
        o.score = g.demonym ? cand.score : confidence[g.chosen];
        o.reason = g.demonym ? "demonym" : reason_code(cand.match, g.reasons[g.chosen]);
        // Best first, ties in candidate order (a stable insertion sort of at most 8).
        for (std::size_t c = 0; c < n; ++c) {
            std::size_t at = c;
            while (at > 0 && g.scores[order[at - 1]] < g.scores[c]) {
                order[at] = order[at - 1];
                --at;
            }
            order[at] = c;
        }
        o.candidates.reserve(std::min(n, max_candidates));
        for (std::size_t c = 0; c < n && o.candidates.size() < max_candidates; ++c)
            o.candidates.push_back({g.candidates[order[c]].place.geonameid,
                                    g.demonym ? g.candidates[order[c]].score : confidence[order[c]]});
    }

    std::vector<Mention> out;
    out.reserve(detections.size());
    for (std::size_t i = 0; i < detections.size(); ++i) {
        Group& g = *group_of[i];
        if (g.candidates.empty()) continue;
        Output& o = outputs[static_cast<std::size_t>(&g - storage.data())];
        auto& d = detections[i];
        auto& cand = g.candidates[g.chosen];
        Mention& m = out.emplace_back();  // built in place: a Mention is costly to move
        m.start = d.cp_begin;
        m.end = d.cp_end;
        m.name = d.surface;
        m.geonameid = cand.place.geonameid;
        m.lat = cand.place.latitude;
        m.lon = cand.place.longitude;
        m.feature_code = cand.place.feature_code;
        m.country = cand.place.country;
        m.admin1 = cand.place.admin1;
        m.kind = g.demonym ? MentionKind::demonym : kind_of(cand.place);
        m.score = o.score;
        // The group's last mention takes what the earlier ones copied.
        if (i == g.last_detection) {
            m.reason = std::move(o.reason);
            m.candidates = std::move(o.candidates);
        } else {
            m.reason = o.reason;
            m.candidates = o.candidates;
        }
    }
    return out;
}

}  // namespace geoevent::toponym::detail
