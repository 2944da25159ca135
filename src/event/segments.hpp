#pragma once
// Long texts are read in segments of whole sentences. A news story fits in one; a bulk dump
// or pathological input (a million repetitions of one sentence) is cut so that the linking
// work, quadratic in the events of a segment, stays linear in the length of the text.
#include <cstddef>
#include <string_view>
#include <vector>

namespace geoevent::event::detail {

inline constexpr std::size_t kSegmentBytes = 32 * 1024;

struct Segment {
    std::size_t byte_begin = 0, byte_end = 0;  // into the text
    std::size_t cp_begin = 0, cp_end = 0;      // the same, in code points (mention offsets)
};

// Cuts after a sentence end (. ! ? or a line break, then white space) once a segment holds
// `max_bytes`; a sentence that runs on past twice that is cut at a space (or anywhere
// between two code points, for text without spaces). Segments cover the whole text.
std::vector<Segment> split_segments(std::string_view text, std::size_t max_bytes = kSegmentBytes);

}  // namespace geoevent::event::detail
