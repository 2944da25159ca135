#include "geoevent/toponym/eval.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

namespace geoevent::toponym {

double great_circle_km(double lat1, double lon1, double lat2, double lon2) noexcept {
    constexpr double r = 6371.0088;
    constexpr double rad = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
               std::cos(lat1 * rad) * std::cos(lat2 * rad) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * r * std::asin(std::min(1.0, std::sqrt(a)));
}

namespace {

std::vector<const Mention*> toponyms_of(const ToponymDocument* doc) {
    std::vector<const Mention*> out;
    if (!doc) return out;
    for (auto& m : doc->toponyms)
        if (m.kind != MentionKind::demonym) out.push_back(&m);
    return out;
}


// One-to-one matching, gold in order, each taking the first free prediction that fits.
template <class Fits>
std::vector<int> match(const std::vector<const Mention*>& gold, const std::vector<const Mention*>& pred, Fits fits) {
    std::vector<int> pairs(gold.size(), -1);
    std::vector<bool> used(pred.size(), false);
    for (std::size_t g = 0; g < gold.size(); ++g)
        for (std::size_t p = 0; p < pred.size(); ++p)
            if (!used[p] && fits(*gold[g], *pred[p])) {
                used[p] = true;
                pairs[g] = static_cast<int>(p);
                break;
            }
    return pairs;
}

}  // namespace

EvalResult evaluate(const std::vector<ToponymDocument>& gold, const std::vector<ToponymDocument>& predicted) {
    std::unordered_map<std::string, const ToponymDocument*> by_id;
    for (auto& d : predicted) by_id[d.id] = &d;
    EvalResult r;
    std::vector<double> errors;
    std::size_t same_id = 0;
    for (auto& gdoc : gold) {
        ++r.documents;
        auto it = by_id.find(gdoc.id);
        auto g = toponyms_of(&gdoc);
        auto p = toponyms_of(it == by_id.end() ? nullptr : it->second);
        for (auto* s : {&r.exact, &r.overlap}) {
            s->gold += g.size();
            s->predicted += p.size();
        }
        auto exact = match(g, p, [](const Mention& a, const Mention& b) { return a.start == b.start && a.end == b.end; });
        auto overlap = match(g, p, [](const Mention& a, const Mention& b) { return a.start < b.end && b.start < a.end; });
        for (std::size_t i = 0; i < g.size(); ++i) {
            if (exact[i] >= 0) ++r.exact.true_positives;
            if (overlap[i] < 0) continue;
            ++r.overlap.true_positives;
            const Mention& pm = *p[static_cast<std::size_t>(overlap[i])];
            errors.push_back(great_circle_km(g[i]->lat, g[i]->lon, pm.lat, pm.lon));
            if (pm.geonameid == g[i]->geonameid) ++same_id;
        }
    }
    // Documents predicted but absent from gold add false positives.
    std::unordered_map<std::string, bool> in_gold;
    for (auto& d : gold) in_gold[d.id] = true;
    for (auto& d : predicted)
        if (!in_gold.count(d.id)) {
            auto p = toponyms_of(&d);
            r.exact.predicted += p.size();
            r.overlap.predicted += p.size();
        }
    r.exact.finish();
    r.overlap.finish();
    r.geocoded = errors.size();
    if (!errors.empty()) {
        std::sort(errors.begin(), errors.end());
        auto n = errors.size();
        r.accuracy_161 = double(std::count_if(errors.begin(), errors.end(), [](double e) { return e <= 161.0; })) / double(n);
        r.mean_error_km = std::accumulate(errors.begin(), errors.end(), 0.0) / double(n);
        r.median_error_km = n % 2 ? errors[n / 2] : (errors[n / 2 - 1] + errors[n / 2]) / 2;
        r.geonameid_accuracy = double(same_id) / double(n);
        // Gritta et al.: trapezoid area under the sorted ln(1 + error) curve, scaled by the
        // largest possible error (half the Earth's circumference, 20039 km).
        const double max_log = std::log(20039.0);
        if (n == 1) {
            r.auc = std::log1p(errors[0]) / max_log;
        } else {
            double area = 0;
            for (std::size_t i = 1; i < n; ++i) area += (std::log1p(errors[i - 1]) + std::log1p(errors[i])) / 2;
            r.auc = area / (max_log * double(n - 1));
        }
    }
    return r;
}

}  // namespace geoevent::toponym
