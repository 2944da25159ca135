#include "toponym/resolver.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <string>

#include "toponym/flat_map.hpp"
#include "toponym/resolver_detail.hpp"
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

// What scoring asks of a candidate in every pass, read once per document from the
// 152-byte Candidate: its packed country code and the feature tests.
struct CandidateFacts {
    std::uint32_t code = 0;  // packed_code(place.country)
    std::uint16_t slot = 0;  // country_slot(place.country)
    bool country = false;    // place.is_country()
    bool admin1 = false;     // place.is_admin1()
    bool populated = false;  // feature class P
    bool named = false;      // a non-country in a country the article names
    bool has_cos = false;    // cos_lat holds cos(latitude * deg)
    double cos_lat = 0;
    // The previous pass's nearest squared distance and its bonus: a pass whose anchors
    // leave the nearest one where it was reuses the bonus instead of taking its logarithm.
    double last_square = -1;
    double last_bonus = 0;
};

struct Group {
    std::size_t last_detection = 0;
    CandidateRefs candidates;  // at most max_lookup_candidates
    std::array<double, max_lookup_candidates> scores{};
    std::array<std::uint8_t, max_lookup_candidates> reasons{};  // Evidence bits, spelled out only for the output
    std::array<CandidateFacts, max_lookup_candidates> facts{};
    std::size_t chosen = 0;
    std::size_t anchor = 0;  // this group's entry in the pass's anchors, or no_anchor
    Cue cue = Cue::none;
    bool demonym = false;
    bool loose = false;
    // Output shared by every mention of the group: built into its first mention, which
    // the later ones copy.
    std::size_t first_mention = 0;
    bool emitted = false;
};
constexpr std::size_t no_anchor = static_cast<std::size_t>(-1);

// Proximity is measured with approx_square (resolver_detail.hpp): equirectangular, within
// a few percent of the great circle over the few thousand kilometres where it counts, at a
// fraction of the trigonometry. A nearest-anchor search compares squares and takes one
// square root at the end: sqrt and the scaling are monotonic, so the kilometres of the
// smallest square are exactly (bit for bit) the smallest of the kilometres.
double km_of_square(double square) { return 6371.0 * std::sqrt(square); }

double near_bonus(double km) {
    if (km <= near_full_km) return 1.0;
    if (km >= near_zero_km) return 0.0;
    return 1.0 - std::log(km / near_full_km) / std::log(near_zero_km / near_full_km);
}

// Context scores become shares of confidence among the candidates (sum 1), so a
// mention's score says how clearly it won rather than how many cues fired.
// exp(0) is exactly 1 (C Annex F), so the best candidates, and a lone one, skip the call.
void softmax(const double* scores, std::size_t n, double* out) {
    constexpr double temperature = 0.05;
    if (n == 0) return;
    if (n == 1) {
        out[0] = 1.0;  // exp(0) / exp(0)
        return;
    }
    double top = *std::max_element(scores, scores + n), sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double z = (scores[i] - top) / temperature;
        sum += out[i] = z == 0 ? 1.0 : std::exp(z);
    }
    for (std::size_t i = 0; i < n; ++i) out[i] /= sum;
}

MentionKind kind_of(const gazetteer::Place& p) {
    if (p.is_country()) return MentionKind::country;
    if (p.is_admin1()) return MentionKind::admin1;
    return MentionKind::place;
}

// Every reason string there can be (match kind × evidence bits), spelled once per process
// by reason_code, so a group's reason is a copy of a string of known length.
const std::string& reason_text(gazetteer::MatchKind match, std::uint8_t bits) {
    constexpr std::size_t kinds = 3, bit_values = 128;
    static const std::vector<std::string> table = [] {
        std::vector<std::string> t(kinds * bit_values);
        for (std::size_t k = 0; k < kinds; ++k)
            for (std::size_t b = 0; b < bit_values; ++b)
                t[k * bit_values + b] = reason_code(static_cast<gazetteer::MatchKind>(k), static_cast<std::uint8_t>(b));
        return t;
    }();
    const auto k = static_cast<std::size_t>(match);
    if (k >= kinds || bits >= bit_values) {  // not reachable with today's kinds and bits
        thread_local std::string spelled;
        spelled = reason_code(match, bits);
        return spelled;
    }
    return table[k * bit_values + bits];
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
        KeyGroups by_key;
        std::string surface_key;
        std::vector<Group*> groups, group_of;
        std::vector<std::pair<Group*, Group*>> pairs;
        // The pass's anchors (chosen non-country places), one array per coordinate so the
        // nearest-anchor search reads two at a time.
        std::vector<double> anchor_lat, anchor_lon, anchor_cos;
        CountryTally named_countries, implied;
    };
    thread_local Scratch scratch;
    std::vector<Group>& storage = scratch.storage;
    if (storage.size() < detections.size()) storage.resize(detections.size());
    std::uint32_t used = 0;
    KeyGroups& by_key = scratch.by_key;
    by_key.reset(detections.size());
    std::string& keys = by_key.keys();
    std::vector<Group*>& groups = scratch.groups;
    groups.clear();
    std::vector<Group*>& group_of = scratch.group_of;
    group_of.assign(detections.size(), nullptr);
    for (std::size_t i = 0; i < detections.size(); ++i) {
        auto& d = detections[i];
        const std::size_t key_begin = keys.size();
        if (d.whole_tokens) {
            append_compact_key(tokens, d.first_token, d.last_token, keys);
        } else {
            compact_key(d.surface, scratch.surface_key);
            keys += scratch.surface_key;
        }
        if (d.cue == Cue::admin1) keys.append("#a", 2);
        else if (d.demonym) keys.append("#d", 2);
        bool fresh = false;
        Group& g = storage[by_key.find_or_add(key_begin, used, fresh)];
        if (fresh) {
            ++used;
            g.last_detection = 0;
            g.scores.fill(0);
            g.reasons.fill(0);
            g.chosen = 0;
            g.cue = Cue::none;
            g.loose = false;
            g.emitted = false;
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
        for (std::size_t c = 0; c < g->candidates.size(); ++c) {
            const Candidate& cand = g->candidates[c];
            g->scores[c] = cand.score;
            CandidateFacts& f = g->facts[c];
            f.code = packed_code(cand.place.country);
            f.slot = country_slot(cand.place.country);
            f.country = cand.place.is_country();
            f.admin1 = cand.place.is_admin1();
            f.populated = cand.place.feature_class == 'P';
            f.has_cos = false;
            f.last_square = -1;  // no pass yet (squares are never negative)
        }

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
    CountryTally& named_countries = scratch.named_countries;
    named_countries.clear();
    for (auto* g : groups) {
        if (g->candidates.empty()) continue;
        auto& top = g->candidates.front();
        if (g->demonym || (top.place.is_country() && top.match == gazetteer::MatchKind::exact))
            named_countries.add(top.place.country, g->facts[0].slot, g->facts[0].code);
    }
    // Named countries are fixed for the document: each candidate asks once, not every pass.
    for (auto* g : groups) {
        if (g->demonym) continue;
        for (std::size_t c = 0; c < g->candidates.size(); ++c) {
            CandidateFacts& f = g->facts[c];
            f.named = !f.country && named_countries.count(g->candidates[c].place.country, f.slot, f.code) != 0;
        }
    }

    std::vector<double>& anchor_lat = scratch.anchor_lat;
    std::vector<double>& anchor_lon = scratch.anchor_lon;
    std::vector<double>& anchor_cos = scratch.anchor_cos;
    bool changed = true;
    // Choices feed each other (the anchors move); a few rounds settle them.
    for (int pass = 0; pass < 3 && changed; ++pass) {
        changed = false;
        // Where the other places of the article are, as currently resolved.
        CountryTally& implied = scratch.implied;
        implied.clear();
        anchor_lat.clear();
        anchor_lon.clear();
        anchor_cos.clear();
        for (auto* g : groups) {
            g->anchor = no_anchor;
            if (g->candidates.empty() || g->demonym) continue;
            auto& p = g->candidates[g->chosen].place;
            CandidateFacts& f = g->facts[g->chosen];
            implied.add(p.country, f.slot, f.code);
            if (!f.country) {
                if (!f.has_cos) {
                    f.cos_lat = std::cos(p.latitude * deg);
                    f.has_cos = true;
                }
                g->anchor = anchor_lat.size();
                anchor_lat.push_back(p.latitude);
                anchor_lon.push_back(p.longitude);
                anchor_cos.push_back(f.cos_lat);
            }
        }
        const std::size_t anchors = anchor_lat.size();
        for (auto* g : groups) {
            if (g->candidates.empty() || g->demonym) continue;
            // A country named by its exact name is that country, whatever else is near.
            if (g->facts[0].country && g->candidates.front().match == gazetteer::MatchKind::exact) {
                g->reasons[0] = r_country_name;
                continue;
            }
            const Candidate& own = g->candidates[g->chosen];
            const std::uint32_t own_code = g->facts[g->chosen].code;
            // The anchors other than this group's own, as two runs around it.
            const std::size_t own_anchor = g->anchor == no_anchor ? anchors : g->anchor;
            for (std::size_t c = 0; c < g->candidates.size(); ++c) {
                auto& cand = g->candidates[c];
                CandidateFacts& f = g->facts[c];
                std::uint8_t reason = 0;
                double s = cand.score;
                if (f.named) {
                    s += w_country;
                    reason |= r_country_ctx;
                } else if (!f.country) {
                    const bool same_as_own =
                        f.code == own_code && (f.code != long_code || cand.place.country == own.place.country);
                    int others = implied.count(cand.place.country, f.slot, f.code) - (same_as_own ? 1 : 0);
                    if (others > 0) {
                        s += w_country_implied;
                        reason |= r_doc_country;
                    }
                }
                if (!f.country) {
                    const double lat = cand.place.latitude, lon = cand.place.longitude;
                    double nearest_square = std::numeric_limits<double>::infinity();  // none yet
                    nearest_square = detail::nearest_square(lat, lon, anchor_lat.data(), anchor_lon.data(),
                                                            anchor_cos.data(), 0, own_anchor, nearest_square);
                    if (own_anchor + 1 < anchors)
                        nearest_square = detail::nearest_square(lat, lon, anchor_lat.data(), anchor_lon.data(),
                                                                anchor_cos.data(), own_anchor + 1, anchors, nearest_square);
                    double nb;
                    if (nearest_square == f.last_square) {
                        nb = f.last_bonus;
                    } else {
                        // 1e9 km stands for "no anchor" (no distance on Earth comes near it).
                        double nearest = std::isinf(nearest_square) ? 1e9 : std::min(1e9, km_of_square(nearest_square));
                        nb = nearest < 1e9 ? near_bonus(nearest) : 0;
                        f.last_square = nearest_square;
                        f.last_bonus = nb;
                    }
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
                if (g->cue == Cue::admin1 && f.admin1) reason |= r_admin1_cue;
                if (g->cue == Cue::populated_place && f.populated) {
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

    // A group's shared output (score, reason, candidate list) is computed when its first
    // mention is built; the group's later mentions copy that mention.
    std::array<double, max_lookup_candidates> confidence{};
    std::array<std::size_t, max_lookup_candidates> order{};
    std::vector<Mention> out;
    out.reserve(detections.size());
    for (std::size_t i = 0; i < detections.size(); ++i) {
        Group& g = *group_of[i];
        if (g.candidates.empty()) continue;
        auto& d = detections[i];
        if (g.emitted) {
            // A copy of the group's first mention (`out` was reserved: the reference stays
            // valid), with this mention's own span and text.
            Mention& m = out.emplace_back(out[g.first_mention]);
            m.start = d.cp_begin;
            m.end = d.cp_end;
            m.name = d.surface;
            continue;
        }
        auto& cand = g.candidates[g.chosen];
        const std::size_t n = g.candidates.size();
        softmax(g.scores.data(), n, confidence.data());
        // Best first, ties in candidate order (a stable insertion sort of at most 8).
        for (std::size_t c = 0; c < n; ++c) {
            std::size_t at = c;
            while (at > 0 && g.scores[order[at - 1]] < g.scores[c]) {
                order[at] = order[at - 1];
                --at;
            }
            order[at] = c;
        }
        std::vector<ScoredId> listed;
        listed.reserve(std::min(n, max_candidates));
        for (std::size_t c = 0; c < n && listed.size() < max_candidates; ++c)
            listed.push_back({g.candidates[order[c]].place.geonameid,
                              g.demonym ? g.candidates[order[c]].score : confidence[order[c]]});
        static const std::string demonym_reason = "demonym";
        g.emitted = true;
        g.first_mention = out.size();
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
        m.score = g.demonym ? cand.score : confidence[g.chosen];
        m.reason = g.demonym ? demonym_reason : reason_text(cand.match, g.reasons[g.chosen]);
        m.candidates = std::move(listed);
    }
    return out;
}

}  // namespace geoevent::toponym::detail
