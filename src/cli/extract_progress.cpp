#include "cli/extract_progress.hpp"

#include <cstdio>
#include <ostream>

namespace geoevent::cli {

namespace {

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

}  // namespace

ExtractProgress::ExtractProgress(std::ostream& err, bool enabled, std::uint64_t total_bytes)
    : m_err(err), m_enabled(enabled), m_total(total_bytes) {}

std::string ExtractProgress::eta(std::uint64_t done, std::uint64_t total, double seconds) {
    if (total == 0 || done == 0 || seconds <= 0) return {};
    double left = done >= total ? 0 : static_cast<double>(total - done) * seconds / static_cast<double>(done);
    auto s = static_cast<long>(left + 0.5);
    char buf[64];
    if (s >= 3600) std::snprintf(buf, sizeof buf, "ETA %ld h %02ld min", s / 3600, s / 60 % 60);
    else if (s >= 60) std::snprintf(buf, sizeof buf, "ETA %ld min %02ld s", s / 60, s % 60);
    else std::snprintf(buf, sizeof buf, "ETA %ld s", s);
    return buf;
}

std::string ExtractProgress::describe(const pipeline::ExtractStats& s, double seconds) {
    double mb = static_cast<double>(s.text_bytes) / 1e6;
    double rate = seconds > 0 ? static_cast<double>(s.processed) / seconds : 0;
    return std::to_string(s.processed) + " documents, " + fixed(mb, 1) + " MB, " + fixed(rate, 0) + " docs/s, " +
           fixed(seconds > 0 ? mb / seconds : 0, 2) + " MB/s";
}

void ExtractProgress::update(const pipeline::ExtractStats& stats) {
    if (!m_enabled) return;
    auto now = std::chrono::steady_clock::now();
    if (m_drawn && now - m_last < std::chrono::milliseconds(250)) return;
    m_last = now;
    double secs = std::chrono::duration<double>(now - m_start).count();
    // \r and "erase to end of line": the new text may be shorter than the old.
    std::string left = eta(stats.input_bytes, m_total, secs);
    m_err << "\rgeoevent extract: " << describe(stats, secs) << (left.empty() ? "" : ", " + left) << "\x1b[K"
          << std::flush;
    m_drawn = true;
}

void ExtractProgress::finish() {
    if (m_drawn) m_err << "\r\x1b[K" << std::flush;
    m_drawn = false;
}

std::string ExtractProgress::summary(const pipeline::ExtractStats& s, std::uint64_t events, std::uint64_t written,
                                     const std::string& target, double seconds) {
    std::uint64_t skipped = s.other_shard + s.already_done + s.rejected;
    std::string line = "geoevent extract: " + std::to_string(s.articles + s.rejected) + " documents read (" +
                       std::to_string(s.files) + " files), " + std::to_string(s.processed) + " processed, " +
                       std::to_string(skipped) + " skipped";
    std::string why;
    auto reason = [&](std::uint64_t n, const char* what) {
        if (n) why += (why.empty() ? "" : ", ") + std::to_string(n) + " " + what;
    };
    reason(s.rejected, "rejected");
    reason(s.other_shard, "in other shards");
    reason(s.already_done, "already in the target");
    if (!why.empty()) line += " (" + why + ")";
    line += ", " + std::to_string(s.mentions) + " mentions, " + std::to_string(events) + " events, " +
            std::to_string(written) + " written to " + target + ", " + fixed(seconds, 2) + " s (" +
            fixed(seconds > 0 ? static_cast<double>(s.processed) / seconds : 0, 0) + " docs/s, " +
            fixed(seconds > 0 ? static_cast<double>(s.text_bytes) / 1e6 / seconds : 0, 2) + " MB/s of text)";
    return line;
}

}  // namespace geoevent::cli
