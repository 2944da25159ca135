#pragma once
// Scores predicted toponyms against gold ones: span detection (exact and overlapping
// spans) and geocoding of the gold mentions found (as in Gritta et al. 2018, "What's
// missing in geoparsing?": accuracy within 161 km, mean/median error, AUC of log error).
// Demonyms are evidence, not toponyms: they are left out on both sides.
#include <cstddef>
#include <vector>

#include "geoevent/scores.hpp"
#include "geoevent/toponym/json_io.hpp"

namespace geoevent::toponym {

using SpanScores = PrecisionRecall;

struct EvalResult {
    std::size_t documents = 0;
    SpanScores exact;
    SpanScores overlap;
    std::size_t geocoded = 0;   // gold mentions with an overlapping prediction
    double accuracy_161 = 0;    // share of those within 161 km (100 miles)
    double mean_error_km = 0;
    double median_error_km = 0;
    double auc = 0;             // area under the log-error curve, 0 best, 1 worst
    double geonameid_accuracy = 0;
};

EvalResult evaluate(const std::vector<ToponymDocument>& gold, const std::vector<ToponymDocument>& predicted);

// Great-circle distance on a sphere of radius 6371 km.
double great_circle_km(double lat1, double lon1, double lat2, double lon2) noexcept;

}  // namespace geoevent::toponym
