#pragma once
// Precision, recall and F1 from counts, shared by every evaluation (toponyms, events).
#include <cstddef>

namespace geoevent {

struct PrecisionRecall {
    std::size_t true_positives = 0;
    std::size_t predicted = 0;
    std::size_t gold = 0;
    double precision = 0;
    double recall = 0;
    double f1 = 0;

    // Fills the ratios from the counts; an empty side scores 0, never NaN.
    void finish() noexcept {
        precision = predicted ? static_cast<double>(true_positives) / static_cast<double>(predicted) : 0.0;
        recall = gold ? static_cast<double>(true_positives) / static_cast<double>(gold) : 0.0;
        f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
    }
};

}  // namespace geoevent
