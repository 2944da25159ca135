#pragma once
// The progress line of `geoevent extract`: on stderr, rewritten in place, at most a few
// times a second, and only when asked (by default: when stderr is a terminal), so logs
// and pipes never fill with carriage returns.
#include <chrono>
#include <iosfwd>
#include <string>

#include "geoevent/pipeline/extract_pipeline.hpp"

namespace geoevent::cli {

class ExtractProgress {
public:
    // `total_bytes`: the inputs' size when known (plain files only), for an ETA; else 0.
    ExtractProgress(std::ostream& err, bool enabled, std::uint64_t total_bytes = 0);
    void update(const pipeline::ExtractStats& stats);
    void finish();  // ends the line, if one was drawn

    // "1,234 documents, 5.6 MB, 78 docs/s, 0.9 MB/s" (rates over `seconds`).
    static std::string describe(const pipeline::ExtractStats& stats, double seconds);
    // "ETA 1 min 05 s" from the input bytes read so far; empty without a total.
    static std::string eta(std::uint64_t done, std::uint64_t total, double seconds);
    // The final summary: documents read, skipped with reasons, events, mentions, time.
    static std::string summary(const pipeline::ExtractStats& stats, std::uint64_t events, std::uint64_t written,
                               const std::string& target, double seconds);

private:
    std::ostream& m_err;
    bool m_enabled;
    std::uint64_t m_total;
    bool m_drawn = false;
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point m_last{};
};

}  // namespace geoevent::cli
